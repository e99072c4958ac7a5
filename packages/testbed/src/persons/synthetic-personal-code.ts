/**
 * Building synthetic Latvian personal codes with correct check digits, for test data only.
 *
 * Why a check-digit function of its own here: the testbed must not depend on the platform
 * (DESIGN.md: platform → trust, testbed → trust), and the formula is too small to deserve a
 * shared home in @tilts/trust. The two copies are held together by tests: this folder's tests
 * check the output against an independent computation, and the platform's validator tests
 * (packages/platform/src/core/personal-code) import this generator to cross-check.
 *
 * Synthetic codes follow the real rules, so a generated code MAY coincide with a real person's
 * code: there is no reserved test range. They are for tests and demos only — never send them to
 * a real register or service.
 */
import type { Prng } from "./prng.ts";

const WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * ((1101 − Σ dᵢ·wᵢ) mod 11) over ten digits, 0..10 (shared/specs/latvian-identity.md §5.2).
 * The check digit is this mod 10; remainder 10 would fold onto 0.
 */
export function checkRemainderForGeneration(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (firstTen.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return (((1101 - sum) % 11) + 11) % 11;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Century digit of a legacy code (§5.1): 0 → 1800s, 1 → 1900s, 2 → 2000s. */
function centuryDigit(year: number): number {
  if (year < 1800 || year > 2099) throw new RangeError("legacy codes cover birth years 1800–2099");
  return Math.floor(year / 100) - 18;
}

/**
 * A legacy `DDMMYY-CNNNQ` code for an ISO birth date, with a random serial NNN. Candidates whose
 * remainder is 10 are skipped (§5.2 recommendation), so every generated check digit is exact.
 */
export function generateLegacyCode(birthDate: string, prng: Prng): string {
  const [y = 0, m = 0, d = 0] = birthDate.split("-").map(Number);
  const head = pad(d, 2) + pad(m, 2) + pad(y % 100, 2);
  const century = centuryDigit(y);
  for (;;) {
    const firstTen = `${head}${century}${pad(prng.int(0, 999), 3)}`;
    const remainder = checkRemainderForGeneration(firstTen);
    if (remainder !== 10) return `${head}-${firstTen.slice(6)}${remainder}`;
  }
}

/** A new-format `32XXXX-XXXXX` code (since 2017-07-01): 32, eight random digits, check digit. */
export function generateNewFormatCode(prng: Prng): string {
  for (;;) {
    const firstTen = `32${pad(prng.int(0, 99_999_999), 8)}`;
    const remainder = checkRemainderForGeneration(firstTen);
    if (remainder !== 10) return `${firstTen.slice(0, 6)}-${firstTen.slice(6)}${remainder}`;
  }
}
