/**
 * Check digit of a Latvian personal code (personas kods), legacy and new format alike.
 *
 * Spec: shared/specs/latvian-identity.md §5.2 —
 *   Q = ((1101 − Σ dᵢ·wᵢ) mod 11) mod 10 over the first ten digits, w = 1,6,3,7,9,10,5,8,4,2.
 *
 * Since 1101 ≡ 1 (mod 11) this is ((1 − S) mod 11) mod 10. The final "mod 10" folds the
 * remainder 10 onto 0, so a code whose remainder is 10 and one whose remainder is 0 both carry
 * Q = 0: the one blind spot of the scheme (see `checkRemainder`).
 */

/** Weights of the first ten digits (§5.2). */
export const PERSONAL_CODE_CHECK_WEIGHTS: readonly number[] = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

const TEN_DIGITS = /^\d{6}-?\d{4}$/;

function digitsOf(firstTen: string): number[] {
  if (!TEN_DIGITS.test(firstTen)) {
    // A programming error, not outside input: callers pass a code they have already shaped.
    throw new RangeError("computeCheckDigit expects ten digits (optionally DDMMYY-CNNN)");
  }
  return [...firstTen.replace("-", "")].map((c) => c.charCodeAt(0) - 48);
}

/**
 * The remainder ((1101 − S) mod 11), 0..10, before folding to a digit. Callers that generate
 * codes skip candidates with remainder 10 (§5.2 recommendation), so Q never hides a collision.
 */
export function checkRemainder(firstTen: string): number {
  const digits = digitsOf(firstTen);
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits[i] ?? 0) * (PERSONAL_CODE_CHECK_WEIGHTS[i] ?? 0);
  // Non-negative modulo: 1101 − S can be negative only for S > 1101, impossible (max 9·55 = 495),
  // but keep the form safe if the weights ever change.
  return (((1101 - sum) % 11) + 11) % 11;
}

/**
 * The check digit (0..9) for the first ten digits of a code, given as `DDMMYYCNNN` or
 * `DDMMYY-CNNN` (legacy) / `32XXXXXXXX` (new). Throws RangeError on anything else — it is a
 * helper for code that already holds digits, not a validator of outside input.
 */
export function computeCheckDigit(firstTen: string): number {
  return checkRemainder(firstTen) % 10;
}
