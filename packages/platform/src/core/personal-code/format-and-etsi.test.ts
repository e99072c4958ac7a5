import { describe, expect, it } from "vitest";
import { parseEtsiIdentifier, toEtsiIdentifier } from "./etsi-identifier.ts";
import { formatPersonalCode } from "./format-personal-code.ts";
import { parsePersonalCode } from "./parse-personal-code.ts";
import type { PersonalCode } from "./types.ts";

function validCode(input: string): PersonalCode {
  const result = parsePersonalCode(input);
  if (!result.ok) throw new Error(`test setup: ${input} should be valid`);
  return result.code;
}

describe("formatPersonalCode", () => {
  it.each([
    ["29015611605", "290156-11605"],
    ["290156-11605", "290156-11605"],
    [" 32369193794 ", "323691-93794"],
    ["00000000000", "000000-00000"], // shape only: historical or unvalidated codes format too
  ])("%j → %s", (input, expected) => {
    expect(formatPersonalCode(input)).toBe(expected);
  });

  it.each(["", "2901561160", "290156-116055", "29-015611605", "x".repeat(100)])("%j → undefined", (input) => {
    expect(formatPersonalCode(input)).toBeUndefined();
  });
});

describe("ETSI semantics identifier (EN 319 412-1 §5.1.3)", () => {
  it.each([
    ["290156-11605", "PNOLV-290156-11605"],
    ["29015611605", "PNOLV-290156-11605"],
    ["323691-93794", "PNOLV-323691-93794"],
    ["010101-10006", "PNOLV-010101-10006"], // Smart-ID demo user (§5.1)
  ])("%s → %s and back", (input, etsi) => {
    const code = validCode(input);
    expect(toEtsiIdentifier(code)).toBe(etsi);
    expect(parseEtsiIdentifier(etsi)).toEqual(parsePersonalCode(input));
  });

  it.each([
    ["PNOLV-29015611605", "bad-format"], // the code keeps its hyphen in certificates
    ["pnolv-290156-11605", "bad-format"],
    ["PNOEE-290156-11605", "bad-format"],
    ["IDCLV-290156-11605", "bad-format"],
    ["PNOLV290156-11605", "bad-format"],
    ["PNOLV-", "bad-format"],
    ["290156-11605", "bad-format"],
    ["PNOLV-290156-11606", "bad-check-digit"],
    ["PNOLV-310499-10016", "bad-date"],
  ])("%j → %s", (input, code) => {
    expect(parseEtsiIdentifier(input)).toMatchObject({ ok: false, error: { code } });
  });

  it("refuses over-long input before parsing", () => {
    expect(parseEtsiIdentifier(`PNOLV-${"1".repeat(100)}`)).toMatchObject({
      ok: false,
      error: { code: "too-long" },
    });
  });

  it("carries new-format warnings through", () => {
    const result = parseEtsiIdentifier("PNOLV-323691-93795");
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["check-digit-mismatch"]);
  });
});
