/**
 * A refused right in words (ANX1-5 refusals; Latvian pages carry no codes): every action of the
 * rights policy has its words in both languages, and the code the policy writes reads back into them.
 */
import { describe, expect, it } from "vitest";
import { ACTIONS, decide, readMissingRight } from "../core/rights-policy.ts";
import { ehealthTranslator } from "../i18n.ts";
import { missingRightInWords } from "./missing-right.tsx";

const lv = ehealthTranslator("lv");
const en = ehealthTranslator("en");

describe("a missing right in words", () => {
  it("reads what the policy writes for an institution's right, in Latvian and English", () => {
    const decision = decide({ personId: "p1", grants: [], level: "high" } as never, "document.read", {
      institution: { id: "INST-A" } as never,
      channel: "portal",
      purpose: "treatment",
    });
    if (decision.allowed) throw new Error("expected a refusal");
    expect(readMissingRight(decision.missingRight)).toEqual({
      action: "document.read",
      inInstitution: true,
      roles: ["doctor", "nurse", "pharmacist"],
    });
    expect(missingRightInWords(decision.missingRight, lv)).toBe(
      "dokumenta lasīšana šajā iestādē (lomas: ārsts, māsa, farmaceits)",
    );
    expect(missingRightInWords(decision.missingRight, en)).toBe(
      "reading a document in this institution (roles: doctor, nurse, pharmacist)",
    );
  });

  it("an operator's right is not tied to an institution; one's own report names no role", () => {
    expect(missingRightInWords("calendar.manage (operator)", lv)).toBe(
      "darba dienu kalendāra pārvaldība (lomas: operators)",
    );
    expect(missingRightInWords("report.own (the person whose data it is)", lv)).toBe(
      "piekļuves pārskats par saviem datiem (tikai pašai personai, par kuras datiem tas ir)",
    );
  });

  it("has words for every action in both languages, with no code left in the Latvian text", () => {
    for (const action of ACTIONS) {
      const code = `${action}@X (doctor)`;
      const words = missingRightInWords(code, lv)!;
      expect(words, action).not.toContain(action);
      expect(words, action).not.toContain("ehealth.");
      expect(missingRightInWords(code, en), action).not.toContain("ehealth.");
    }
  });

  it("leaves text of another shape to the technical details", () => {
    expect(readMissingRight("rights.view@<institution> (institution-administrator)")).toMatchObject({
      action: "rights.view",
    });
    expect(readMissingRight("something else")).toBeUndefined();
    expect(readMissingRight("patient.find@X (janitor)")).toBeUndefined();
  });
});
