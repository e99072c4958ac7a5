import { describe, expect, it } from "vitest";
import { hasValidCheckDigit, independentRemainder } from "./independent-check.test-helper.ts";
import { createPrng } from "./prng.ts";
import {
  checkRemainderForGeneration,
  generateLegacyCode,
  generateNewFormatCode,
} from "./synthetic-personal-code.ts";

describe("checkRemainderForGeneration", () => {
  it.each([
    ["290156-11605", 5],
    ["323691-93794", 4],
    ["150818-00010", 10],
  ])("%s → remainder %i", (code, remainder) => {
    expect(checkRemainderForGeneration(code.replace("-", ""))).toBe(remainder);
    expect(independentRemainder(code)).toBe(remainder);
  });
});

describe("generateLegacyCode", () => {
  it.each([
    ["1956-01-29", "290156-1"],
    ["1865-05-18", "180565-0"],
    ["2000-02-29", "290200-2"],
    ["2017-06-30", "300617-2"],
  ])("%s → %s…, check digit exact, remainder never 10", (birthDate, prefix) => {
    const prng = createPrng(birthDate);
    for (let i = 0; i < 300; i++) {
      const code = generateLegacyCode(birthDate, prng);
      expect(code).toMatch(/^\d{6}-\d{5}$/);
      expect(code.startsWith(prefix)).toBe(true);
      expect(hasValidCheckDigit(code)).toBe(true);
      expect(independentRemainder(code)).not.toBe(10);
    }
  });

  it("refuses years outside the three centuries", () => {
    expect(() => generateLegacyCode("1799-12-31", createPrng(1))).toThrow(RangeError);
    expect(() => generateLegacyCode("2100-01-01", createPrng(1))).toThrow(RangeError);
  });
});

describe("generateNewFormatCode", () => {
  it("gives 32XXXX-XXXXX with an exact check digit, remainder never 10", () => {
    const prng = createPrng("new");
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateNewFormatCode(prng);
      expect(code).toMatch(/^32\d{4}-\d{5}$/);
      expect(hasValidCheckDigit(code)).toBe(true);
      expect(independentRemainder(code)).not.toBe(10);
      codes.add(code);
    }
    expect(codes.size).toBeGreaterThan(1990);
  });
});
