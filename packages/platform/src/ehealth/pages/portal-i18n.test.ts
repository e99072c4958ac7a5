import { describe, expect, it } from "vitest";
import { PROFESSIONAL_ROLES, PURPOSES } from "../core/rights-policy.ts";
import { portalMessages, portalTranslator } from "./portal-i18n.ts";

describe("portal texts", () => {
  it("Latvian and English have the same keys, none empty", () => {
    expect(Object.keys(portalMessages.en).sort()).toEqual(Object.keys(portalMessages.lv).sort());
    for (const lang of ["lv", "en"] as const) {
      for (const [key, text] of Object.entries(portalMessages[lang]))
        expect(text.trim(), `${lang} ${key}`).not.toBe("");
    }
  });

  it("every purpose, professional role and refusal reason has a text", () => {
    const keys = Object.keys(portalMessages.lv);
    for (const p of PURPOSES) expect(keys).toContain(`purpose.${p}`);
    for (const r of PROFESSIONAL_ROLES) expect(keys).toContain(`role.${r}`);
    for (const reason of [
      "no-right",
      "right-suspended",
      "right-annulled",
      "level-too-low",
      "attestation-missing",
      "no-institution",
      "institution-suspended",
      "institution-annulled",
      "contract-inactive",
      "contract-channel",
      "purpose-required",
      "purpose-not-allowed",
    ])
      expect(keys).toContain(`portal.deny.${reason}`);
  });

  it("fills placeholders", () => {
    expect(portalTranslator("en")("portal.patient.heading", { name: "Anna" })).toBe("Patient: Anna");
  });
});
