import { describe, expect, it } from "vitest";
import { MAX_PERSONAL_CODE_INPUT_LENGTH, parsePersonalCode } from "./parse-personal-code.ts";
import type { PersonalCodeErrorCode } from "./types.ts";

/** Independent check digit (python-stdnum form of §5.2), to build test codes here. */
function withCheckDigit(firstTen: string): string {
  const w = [10, 5, 8, 4, 2, 1, 6, 3, 7, 9];
  const digits = firstTen.replace("-", "");
  let sum = 1;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (w[i] ?? 0);
  return `${digits.slice(0, 6)}-${digits.slice(6)}${(sum % 11) % 10}`;
}

/** The same code with a check digit guaranteed wrong. */
function withWrongCheckDigit(firstTen: string): string {
  const good = withCheckDigit(firstTen);
  return good.slice(0, 11) + ((Number(good[11]) + 1) % 10);
}

describe("parsePersonalCode — valid codes", () => {
  it.each([
    // input, normalised, format, birth date
    ["290156-11605", "290156-11605", "legacy", "1956-01-29"],
    ["29015611605", "290156-11605", "legacy", "1956-01-29"],
    ["  290156-11605\n", "290156-11605", "legacy", "1956-01-29"],
    ["\t29015611605 ", "290156-11605", "legacy", "1956-01-29"],
    ["161175-19997", "161175-19997", "legacy", "1975-11-16"],
    ["180565-05610", "180565-05610", "legacy", "1865-05-18"],
    ["010101-10006", "010101-10006", "legacy", "1901-01-01"],
    ["290200-20017", "290200-20017", "legacy", "2000-02-29"], // 2000 is a leap year (÷400)
    ["290296-10013", "290296-10013", "legacy", "1996-02-29"],
    ["300499-10011", "300499-10011", "legacy", "1999-04-30"],
    ["150818-00010", "150818-00010", "legacy", "1818-08-15"], // remainder 10 → check digit 0
    ["323691-93794", "323691-93794", "new", undefined],
    ["32369193794", "323691-93794", "new", undefined],
    ["320731-20115", "320731-20115", "new", undefined],
    ["321412-91101", "321412-91101", "new", undefined],
    ["323106-55350", "323106-55350", "new", undefined],
  ])("%j → %s (%s, %s)", (input, code, format, birthDate) => {
    const result = parsePersonalCode(input);
    expect(result).toEqual({
      ok: true,
      code,
      format,
      ...(birthDate ? { birthDate } : {}),
      warnings: [],
    });
  });
});

describe("parsePersonalCode — rejected codes", () => {
  it.each<[string, string, PersonalCodeErrorCode]>([
    ["empty", "", "bad-format"],
    ["blank", "   ", "bad-format"],
    ["ten digits", "290156-1160", "bad-format"],
    ["twelve digits", "290156-116050", "bad-format"],
    ["hyphen misplaced", "2901-5611605", "bad-format"],
    ["two hyphens", "290156--11605", "bad-format"],
    ["space for hyphen", "290156 11605", "bad-format"],
    ["inner whitespace", "2901 56-11605", "bad-format"],
    ["letters", "29O156-11605", "bad-format"],
    ["full-width digits", "２９０１５６-１１６０５", "bad-format"],
    ["Arabic-Indic digits", "٢٩٠١٥٦-١١٦٠٥", "bad-format"],
    ["ETSI prefix is not a bare code", "PNOLV-290156-11605", "bad-format"],
    ["en dash", "290156–11605", "bad-format"],
    ["century digit 3", withCheckDigit("290156-3160"), "bad-century"],
    ["century digit 9", withCheckDigit("010101-9000"), "bad-century"],
    ["31 April", withCheckDigit("310499-1001"), "bad-date"],
    ["29 Feb 1900 (÷100, not leap)", withCheckDigit("290200-1001"), "bad-date"],
    ["29 Feb 1800 (not leap)", withCheckDigit("290200-0001"), "bad-date"],
    ["29 Feb 1997", withCheckDigit("290297-1001"), "bad-date"],
    ["30 February 2000", withCheckDigit("300200-2001"), "bad-date"],
    ["day 00", withCheckDigit("000156-1160"), "bad-date"],
    ["month 00", withCheckDigit("290056-1160"), "bad-date"],
    ["month 13", withCheckDigit("291356-1160"), "bad-date"],
    ["day 33 (future new-format prefix)", withCheckDigit("331234-1678"), "bad-date"],
    ["wrong check digit", "290156-11606", "bad-check-digit"],
    ["wrong check digit, leap day", withWrongCheckDigit("290200-2001"), "bad-check-digit"],
    ["over the input limit", "1".repeat(MAX_PERSONAL_CODE_INPUT_LENGTH + 1), "too-long"],
    ["padded far over the limit", `${" ".repeat(10_000)}290156-11605`, "too-long"],
  ])("%s → %s", (_name, input, code) => {
    const result = parsePersonalCode(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).not.toContain(input.trim() || "\u0000"); // never echoes the input
    }
  });

  it("answers a non-string with bad-format instead of throwing", () => {
    for (const bad of [undefined, null, 29015611605, {}, ["290156-11605"]]) {
      const result = parsePersonalCode(bad as unknown as string);
      expect(result).toMatchObject({ ok: false, error: { code: "bad-format" } });
    }
  });

  it("checks century before date, and date before check digit", () => {
    // 31 April with bad century and wrong check digit: the century is named first.
    expect(parsePersonalCode("310499-51234")).toMatchObject({ error: { code: "bad-century" } });
    expect(parsePersonalCode(withWrongCheckDigit("310499-1001"))).toMatchObject({
      error: { code: "bad-date" },
    });
  });
});

describe("parsePersonalCode — warnings", () => {
  it("accepts a new-format code with a wrong check digit, with a warning", () => {
    const result = parsePersonalCode("323691-93795");
    expect(result).toMatchObject({ ok: true, code: "323691-93795", format: "new" });
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["check-digit-mismatch"]);
  });

  it("accepts a new-format code whose check remainder is 10 only with the folded digit 0", () => {
    // find a 32-prefix with remainder 10 by brute force, using the independent helper
    let firstTen = "";
    for (let n = 0; ; n++) {
      firstTen = `32${String(n).padStart(8, "0")}`;
      const w = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      let s = 0;
      for (let i = 0; i < 10; i++) s += Number(firstTen[i]) * (w[i] ?? 0);
      if ((((1101 - s) % 11) + 11) % 11 === 10) break;
    }
    const code = `${firstTen.slice(0, 6)}-${firstTen.slice(6)}0`;
    expect(parsePersonalCode(code)).toMatchObject({ ok: true, warnings: [] });
  });

  it("warns on a legacy code dated on or after 2017-07-01", () => {
    const late = parsePersonalCode(withCheckDigit("010717-2001"));
    expect(late).toMatchObject({ ok: true, format: "legacy", birthDate: "2017-07-01" });
    expect(late.ok && late.warnings.map((w) => w.code)).toEqual(["legacy-date-after-format-change"]);
    const early = parsePersonalCode(withCheckDigit("300617-2001"));
    expect(early).toMatchObject({ ok: true, birthDate: "2017-06-30", warnings: [] });
  });
});

describe("parsePersonalCode — injected today", () => {
  it("refuses a legacy birth date after today, accepts today itself", () => {
    const code = withCheckDigit("150516-2001"); // 2016-05-15
    expect(parsePersonalCode(code, { today: "2016-05-14" })).toMatchObject({
      ok: false,
      error: { code: "bad-date" },
    });
    expect(parsePersonalCode(code, { today: "2016-05-15" })).toMatchObject({ ok: true });
    expect(parsePersonalCode(code)).toMatchObject({ ok: true });
  });

  it("throws on a malformed today (a caller's bug, not outside input)", () => {
    expect(() => parsePersonalCode("290156-11605", { today: "yesterday" })).toThrow(RangeError);
  });
});
