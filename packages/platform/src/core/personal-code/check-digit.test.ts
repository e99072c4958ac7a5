import { describe, expect, it } from "vitest";
import { checkRemainder, computeCheckDigit } from "./check-digit.ts";

/**
 * Independent computation for cross-checking: python-stdnum's equivalent form
 * (shared/specs/latvian-identity.md §5.2), (1 + Σ w'ᵢ·dᵢ) mod 11 mod 10 with w' ≡ −w (mod 11).
 */
function independentCheckDigit(firstTen: string): number {
  const w = [10, 5, 8, 4, 2, 1, 6, 3, 7, 9];
  const digits = firstTen.replace("-", "");
  let sum = 1;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (w[i] ?? 0);
  return (sum % 11) % 10;
}

describe("computeCheckDigit", () => {
  // Codes the spec lists as verified (§5.2).
  it.each([
    "290156-11605",
    "161175-19997",
    "180565-05610",
    "010101-10006",
    "030303-10012",
    "320731-20115",
    "323691-93794",
    "321412-91101",
    "323106-55350",
  ])("gives the check digit of %s", (code) => {
    expect(computeCheckDigit(code.slice(0, 11))).toBe(Number(code[11]));
    expect(computeCheckDigit(code.replace("-", "").slice(0, 10))).toBe(Number(code[11]));
  });

  it.each([
    ["150818-0001", 10, 0], // remainder 10 folds onto check digit 0
    ["290200-2001", 7, 7],
    ["320000-0000", 8, 8],
  ])("remainder and digit of %s", (firstTen, remainder, digit) => {
    expect(checkRemainder(firstTen)).toBe(remainder);
    expect(computeCheckDigit(firstTen)).toBe(digit);
  });

  it("agrees with an independent formula on a sweep of inputs", () => {
    for (let n = 0; n < 20_000; n++) {
      const firstTen = String((n * 48_271) % 10_000_000_000).padStart(10, "0");
      expect(computeCheckDigit(firstTen)).toBe(independentCheckDigit(firstTen));
    }
  });

  it.each(["", "12345", "12345678901", "abcdefghij", "1234-567890", "１２３４５６７８９０"])(
    "refuses a non-ten-digit argument %j (programming error)",
    (bad) => {
      expect(() => computeCheckDigit(bad)).toThrow(RangeError);
    },
  );
});
