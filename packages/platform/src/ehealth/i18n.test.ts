import { describe, expect, it } from "vitest";
import { ehealthMessages, ehealthTranslator } from "./i18n.ts";

describe("e-health catalogue", () => {
  it("has the same keys in Latvian and English, none empty", () => {
    expect(Object.keys(ehealthMessages.en).sort()).toEqual(Object.keys(ehealthMessages.lv).sort());
    for (const text of [...Object.values(ehealthMessages.lv), ...Object.values(ehealthMessages.en)]) {
      expect(text.trim()).not.toBe("");
    }
  });
  it("uses the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ehealthMessages.lv) as (keyof typeof ehealthMessages.lv)[]) {
      expect(placeholders(ehealthMessages.en[key]), key).toEqual(placeholders(ehealthMessages.lv[key]));
    }
  });
  it("fills placeholders", () => {
    expect(ehealthTranslator("en")("ehealth.session.signedInAs", { name: "Anna Bērziņa" })).toBe(
      "Signed in: Anna Bērziņa",
    );
  });
});

describe("e-health labels for every value a page shows", () => {
  it("has a label for every status, role, event, kind and scope (both languages)", async () => {
    const { ROLES } = await import("./core/rights-policy.ts");
    const tables = await import("./tables.ts");
    const groups: Record<string, readonly string[]> = {
      status: tables.ACCESS_STATUSES,
      role: ROLES,
      event: tables.RIGHT_EVENTS,
      action: ["suspend", "restore", "annul"],
      applicationKind: tables.APPLICATION_KINDS,
      applicationStatus: tables.APPLICATION_STATUSES,
      contractStatus: tables.CONTRACT_STATUSES,
      institutionKind: tables.INSTITUTION_KINDS,
      scope: tables.CONTRACT_SCOPES,
      staffSize: tables.STAFF_SIZES,
    };
    for (const [group, values] of Object.entries(groups)) {
      for (const value of values) {
        expect(ehealthMessages.lv, `${group}.${value}`).toHaveProperty([`ehealth.${group}.${value}`]);
      }
    }
  });
});
