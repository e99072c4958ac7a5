import { describe, expect, it, vi } from "vitest";
import { generateTestPersons, MAX_TEST_PERSONS, type TestPerson } from "./generate-test-persons.ts";
import { hasValidCheckDigit } from "./independent-check.test-helper.ts";

/** The legacy `DDMMYY-C` a birth date must produce (§5.1), computed here independently. */
function legacyPrefixOf(birthDate: string): string {
  const [y, m, d] = birthDate.split("-");
  return `${d}${m}${y?.slice(2)}-${Number(y) < 1900 ? 0 : Number(y) < 2000 ? 1 : 2}`;
}

const isNewFormat = (code: string) => /^32\d{4}-\d{5}$/.test(code);

describe("generateTestPersons", () => {
  const persons = generateTestPersons({ seed: 2026, count: 3000 });

  it("is deterministic: same seed, same persons; other seeds differ", () => {
    expect(generateTestPersons({ seed: 2026, count: 3000 })).toEqual(persons);
    expect(generateTestPersons({ seed: "demo", count: 50 })).toEqual(
      generateTestPersons({ seed: "demo", count: 50 }),
    );
    const other = generateTestPersons({ seed: 2027, count: 3000 });
    expect(other).not.toEqual(persons);
    const shared = new Set(persons.map((p) => p.personalCode));
    expect(other.filter((p) => shared.has(p.personalCode)).length).toBeLessThan(10);
  });

  it("a shorter list is a prefix of a longer one with the same seed", () => {
    expect(generateTestPersons({ seed: 2026, count: 100 })).toEqual(persons.slice(0, 100));
  });

  it("never touches Math.random", () => {
    const spy = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    expect(() => generateTestPersons({ seed: 1, count: 200 })).not.toThrow();
    spy.mockRestore();
  });

  it("gives every code, current or previous, to one person only", () => {
    const all = persons.flatMap((p) => [p.personalCode, ...p.previousCodes]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("gives every code a correct check digit (independent computation)", () => {
    for (const p of persons) {
      for (const code of [p.personalCode, ...p.previousCodes]) {
        expect(code).toMatch(/^\d{6}-\d{5}$/);
        expect(hasValidCheckDigit(code)).toBe(true);
      }
    }
  });

  it("keeps legacy codes consistent with the birth date and issued only before 2017-07-01", () => {
    for (const p of persons) {
      const legacy = [p.personalCode, ...p.previousCodes].filter((c) => !isNewFormat(c));
      for (const code of legacy) {
        expect(code.startsWith(legacyPrefixOf(p.birthDate))).toBe(true);
        expect(p.birthDate < "2017-07-01").toBe(true);
      }
    }
  });

  it("mixes formats and has ~10% who changed from a legacy code to a new one", () => {
    const changed = persons.filter((p) => p.previousCodes.length > 0);
    const legacyNow = persons.filter((p) => !isNewFormat(p.personalCode));
    const newNow = persons.filter((p) => isNewFormat(p.personalCode));
    expect(changed.length / persons.length).toBeGreaterThan(0.06);
    expect(changed.length / persons.length).toBeLessThan(0.14);
    expect(legacyNow.length).toBeGreaterThan(persons.length / 2);
    expect(newNow.length).toBeGreaterThan(persons.length / 10);
    for (const p of changed) {
      expect(isNewFormat(p.personalCode)).toBe(true);
      expect(p.previousCodes).toHaveLength(1);
      expect(isNewFormat(p.previousCodes[0] ?? "")).toBe(false);
    }
    // Born after the change: only a new code, no history.
    const late = persons.filter((p) => p.birthDate >= "2017-07-01");
    expect(late.length).toBeGreaterThan(0);
    for (const p of late) {
      expect(isNewFormat(p.personalCode)).toBe(true);
      expect(p.previousCodes).toEqual([]);
    }
  });

  it("agrees names with gender and uses both genders", () => {
    const check = (p: TestPerson, re: RegExp) => {
      expect(p.givenName).toMatch(re);
      expect(p.familyName).toMatch(re);
    };
    for (const p of persons) check(p, p.gender === "male" ? /(s|š|is)$/u : /(a|e)$/u);
    const females = persons.filter((p) => p.gender === "female").length;
    expect(females / persons.length).toBeGreaterThan(0.4);
    expect(females / persons.length).toBeLessThan(0.6);
  });

  it("gives real calendar dates in its fixed range", () => {
    for (const p of persons) {
      expect(new Date(`${p.birthDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(p.birthDate);
      expect(p.birthDate >= "1925-01-01" && p.birthDate <= "2024-12-31").toBe(true);
    }
  });

  it("honours the shares and refuses bad options", () => {
    const none = generateTestPersons({ seed: 5, count: 300, changedCodeShare: 0, newCodeOnlyShare: 0 });
    expect(none.every((p) => p.previousCodes.length === 0)).toBe(true);
    expect(none.every((p) => isNewFormat(p.personalCode) === p.birthDate >= "2017-07-01")).toBe(true);
    const all = generateTestPersons({ seed: 5, count: 300, changedCodeShare: 1, newCodeOnlyShare: 0 });
    expect(all.every((p) => p.birthDate >= "2017-07-01" || p.previousCodes.length === 1)).toBe(true);
    expect(generateTestPersons({ seed: 5, count: 0 })).toEqual([]);
    for (const count of [-1, 1.5, MAX_TEST_PERSONS + 1, Number.NaN]) {
      expect(() => generateTestPersons({ seed: 5, count })).toThrow(RangeError);
    }
    expect(() => generateTestPersons({ seed: 5, count: 1, changedCodeShare: 1.2 })).toThrow(RangeError);
    expect(() =>
      generateTestPersons({ seed: 5, count: 1, changedCodeShare: 0.6, newCodeOnlyShare: 0.6 }),
    ).toThrow(RangeError);
  });
});
