import { describe, expect, it } from "vitest";
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAME_PAIRS } from "./latvian-names.ts";

const MASCULINE = /(s|š|is)$/u;
const FEMININE = /(a|e)$/u;

describe("Latvian name lists", () => {
  it("have a few dozen distinct entries each", () => {
    for (const list of [MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES, SURNAME_PAIRS.map(([m]) => m)]) {
      expect(list.length).toBeGreaterThanOrEqual(30);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it("agree with gender: masculine -s/-š/-is, feminine -a/-e", () => {
    for (const name of MALE_GIVEN_NAMES) expect(name).toMatch(MASCULINE);
    for (const name of FEMALE_GIVEN_NAMES) expect(name).toMatch(FEMININE);
    for (const [male, female] of SURNAME_PAIRS) {
      expect(male).toMatch(MASCULINE);
      expect(female).toMatch(FEMININE);
    }
  });

  it("pair each masculine surname with its feminine form", () => {
    for (const [male, female] of SURNAME_PAIRS) {
      const expected = male.endsWith("nieks")
        ? `${male.slice(0, -5)}niece`
        : male.endsWith("sons")
          ? `${male.slice(0, -4)}sone`
          : male.endsWith("is")
            ? `${male.slice(0, -2)}e`
            : `${male.slice(0, -1)}a`;
      expect(female).toBe(expected);
    }
  });

  it("are capitalised words without stray characters", () => {
    const all = [...MALE_GIVEN_NAMES, ...FEMALE_GIVEN_NAMES, ...SURNAME_PAIRS.flat()];
    for (const name of all) expect(name).toMatch(/^\p{Lu}\p{Ll}+$/u);
  });
});
