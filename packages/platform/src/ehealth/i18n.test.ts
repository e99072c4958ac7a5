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
