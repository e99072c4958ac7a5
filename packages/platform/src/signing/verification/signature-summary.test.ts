/**
 * A report's signature as a person reads it: the personal code from the ETSI `PNOLV-` form, the
 * level from the TS 119 615 qualification, and the signing time proven only by a valid signature
 * time-stamp — otherwise shown as the signer's claim.
 */
import type { SignatureReport } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { fileKindOf, inlineContentType } from "./file-kind.ts";
import { levelOf, summariseSignature } from "./signature-summary.ts";

const base: SignatureReport = {
  id: "S0",
  format: "XAdES-BASELINE-T",
  signedBy: "ANNA LIEPIŅA",
  signerId: "PNOLV-320000-00006",
  claimedSigningTime: "2026-12-07T10:00:00Z",
  bestSignatureTime: "2026-12-07T10:00:05Z",
  indication: "TOTAL-PASSED",
  subIndication: null,
  qualification: "QESig",
  signatureValueValid: true,
  referencesIntact: true,
  scope: "FULL",
  coveredFiles: ["a.txt"],
  timestamps: [{ type: "SIGNATURE", time: "2026-12-07T10:00:05Z", valid: true, tsa: "Tilts Test TSA" }],
  warnings: [],
  errors: [],
};

describe("summariseSignature", () => {
  it("reads the personal code and the time proven by the time-stamp", () => {
    const s = summariseSignature(base);
    expect(s).toMatchObject({
      personalCode: "320000-00006",
      otherIdentifier: null,
      outcome: "valid",
      level: "qes",
    });
    expect(s.time).toEqual({
      at: new Date("2026-12-07T10:00:05Z"),
      evidence: "time-stamp",
      tsa: "Tilts Test TSA",
    });
  });

  it("an invalid time-stamp proves nothing: the time is the signer's claim", () => {
    const s = summariseSignature({
      ...base,
      timestamps: [{ type: "SIGNATURE", time: "2026-12-07T10:00:05Z", valid: false }],
    });
    expect(s.time).toEqual({ at: new Date("2026-12-07T10:00:00Z"), evidence: "claimed" });
  });

  it("keeps another country's identifier as written and the reason of a failure", () => {
    const s = summariseSignature({
      ...base,
      signerId: "PNOEE-38001085718",
      indication: "INDETERMINATE",
      subIndication: "TRY_LATER",
      qualification: "INDETERMINATE-QESig",
    });
    expect(s).toMatchObject({
      personalCode: null,
      otherIdentifier: "PNOEE-38001085718",
      outcome: "indeterminate",
      reason: "TRY_LATER",
      level: "qes",
    });
  });

  it("names every qualification the validator writes", () => {
    expect(levelOf("AdESig-QC")).toBe("ades-qc");
    expect(levelOf("AdESig")).toBe("ades");
    expect(levelOf("QESeal")).toBe("qeseal");
    expect(levelOf("Not-ADES")).toBe("not-ades");
    expect(levelOf(null)).toBe("unknown");
  });
});

describe("file kinds", () => {
  it("opens only kinds that run no script inline", () => {
    expect(inlineContentType("a.pdf", "application/pdf")).toBe("application/pdf");
    expect(inlineContentType("a.png", "application/octet-stream")).toBe("image/png");
    expect(inlineContentType("a.xml", "application/xml")).toBe("text/plain; charset=utf-8");
    expect(inlineContentType("a.svg", "image/svg+xml")).toBeUndefined();
    expect(inlineContentType("a.html", "text/html")).toBeUndefined();
    expect(inlineContentType("a.txt", "text/html")).toBeUndefined();
    expect(
      fileKindOf("b.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ).toBe("other");
  });
});
