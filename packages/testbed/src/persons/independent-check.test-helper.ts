/**
 * Test helper: the check digit computed a second, independent way (python-stdnum's form,
 * shared/specs/latvian-identity.md §5.2: (1 + Σ w'ᵢ·dᵢ) mod 11 with w' ≡ −w mod 11), so the
 * generator's own function is not checked against itself.
 */
export function independentRemainder(code: string): number {
  const w = [10, 5, 8, 4, 2, 1, 6, 3, 7, 9];
  const digits = code.replace("-", "");
  let sum = 1;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (w[i] ?? 0);
  return sum % 11;
}

/** True when the eleventh digit is the check digit of the first ten. */
export function hasValidCheckDigit(code: string): boolean {
  const digits = code.replace("-", "");
  return independentRemainder(code) % 10 === Number(digits[10]);
}
