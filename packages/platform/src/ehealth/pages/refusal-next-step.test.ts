/**
 * Every reason the rights policy gives has, in both languages, a reason a reader understands and
 * a next step — so no refusal page falls back to the policy's English or leaves the person stuck.
 */
import { describe, expect, it } from "vitest";
import { ehealthMessages } from "../i18n.ts";
import { DENY_REASONS, refusalNextStepKey, refusalReasonKey } from "./refusal-next-step.tsx";

describe("refusal reasons and next steps", () => {
  it.each(DENY_REASONS)("%s: a reason and a next step in Latvian and English", (reason) => {
    const why = refusalReasonKey(reason);
    expect(why).toBeDefined();
    for (const language of ["lv", "en"] as const) {
      expect(ehealthMessages[language][why!], `${language} ${why}`).toBeTruthy();
      expect(ehealthMessages[language][refusalNextStepKey(reason)]).toBeTruthy();
    }
  });

  it("asks whoever manages rights when the reason is unknown, and shows no reason then", () => {
    expect(refusalReasonKey(undefined)).toBeUndefined();
    expect(refusalReasonKey("toString")).toBeUndefined();
    expect(refusalNextStepKey("something-new")).toBe("ehealth.refused.next.right");
  });
});
