import { describe, expect, it } from "vitest";
import { ACCESS_ACTIONS, REPORT_PURPOSES } from "../access-log/index.ts";
import { PURPOSES } from "../core/rights-policy.ts";
import { reportLabel, reportMessages, reportTranslator } from "./report-i18n.ts";

describe("access report catalogue", () => {
  it("has the same keys in Latvian and English, none empty", () => {
    expect(Object.keys(reportMessages.en).sort()).toEqual(Object.keys(reportMessages.lv).sort());
    for (const text of [...Object.values(reportMessages.lv), ...Object.values(reportMessages.en)])
      expect(text.trim()).not.toBe("");
  });

  it("names every access action, purpose and outcome", () => {
    const keys = new Set(Object.keys(reportMessages.en));
    const missing = [
      ...ACCESS_ACTIONS.map((a) => `report.action.${a}`),
      ...[...PURPOSES, ...REPORT_PURPOSES].map((p) => `report.purpose.${p}`),
      ...["success", "denied", "failure"].map((o) => `report.outcome.${o}`),
    ].filter((key) => !keys.has(key));
    expect(missing).toEqual([]);
    expect(reportLabel(reportTranslator("lv"), "action", "ehealth.document.read")).toBe("Atvēra dokumentu");
  });

  it("shows an unknown value as it is", () => {
    expect(reportLabel(reportTranslator("en"), "action", "ehealth.future.thing")).toBe(
      "ehealth.future.thing",
    );
  });
});
