/**
 * One signature of an EN 319 102-1 report as a person reads it: who signed (name and personal
 * code from the certificate's serialNumber, ETSI EN 319 412-1 `PNOLV-`), the outcome, the reason
 * (the sub-indication), the level (TS 119 615 qualification) and the signing time with its
 * evidence — a signature time-stamp, or only the signer's claim.
 */
import type { SignatureReport, SubIndication } from "@tilts/trust";
import { parseEtsiIdentifier } from "../../core/personal-code/index.ts";

export type Outcome = "valid" | "invalid" | "indeterminate";

/** QES and AdES with a qualified certificate as eIDAS art. 3 names them; a seal where the list says so. */
export type SignatureLevel = "qes" | "qeseal" | "ades-qc" | "ades" | "not-ades" | "unknown";

export interface SigningTime {
  at: Date;
  /** time-stamp: proven by a valid signature time-stamp; claimed: the signer's own clock only. */
  evidence: "time-stamp" | "claimed";
  /** The time-stamping unit's name, when proven. */
  tsa?: string;
}

export interface SignatureSummary {
  signerName: string | null;
  /** Latvian personal code (`XXXXXX-XXXXX`), or the certificate's other identifier as written. */
  personalCode: string | null;
  otherIdentifier: string | null;
  outcome: Outcome;
  reason: SubIndication | null;
  level: SignatureLevel;
  time: SigningTime | null;
  coveredFiles: string[];
  /** The signature covers only part of the document (a PDF changed after signing). */
  partial: boolean;
}

const OUTCOMES: Record<SignatureReport["indication"], Outcome> = {
  "TOTAL-PASSED": "valid",
  "TOTAL-FAILED": "invalid",
  INDETERMINATE: "indeterminate",
};

const LEVELS: Record<string, SignatureLevel> = {
  QESig: "qes",
  QESeal: "qeseal",
  "AdESig-QC": "ades-qc",
  "AdESeal-QC": "ades-qc",
  AdESig: "ades",
  AdESeal: "ades",
  "Not-ADES": "not-ades",
};

export function levelOf(qualification: string | null): SignatureLevel {
  if (qualification === null) return "unknown";
  // TS 119 615: an indeterminate signature's qualification is "INDETERMINATE-<level>"; the
  // outcome already says indeterminate, the level is the one it would have.
  const level = qualification.replace(/^INDETERMINATE-/, "");
  return LEVELS[level] ?? (level.startsWith("Not-ADES") ? "not-ades" : "unknown");
}

export function signingTimeOf(signature: SignatureReport): SigningTime | null {
  const proofs = signature.timestamps
    .filter((t) => t.type === "SIGNATURE" && t.valid)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const first = proofs[0];
  if (first)
    return { at: new Date(first.time), evidence: "time-stamp", ...(first.tsa ? { tsa: first.tsa } : {}) };
  if (signature.claimedSigningTime)
    return { at: new Date(signature.claimedSigningTime), evidence: "claimed" };
  return null;
}

export function summariseSignature(signature: SignatureReport): SignatureSummary {
  const identifier = signature.signerId;
  const parsed = identifier ? parseEtsiIdentifier(identifier) : undefined;
  return {
    signerName: signature.signedBy,
    personalCode: parsed?.ok ? parsed.code : null,
    otherIdentifier: identifier && !parsed?.ok ? identifier : null,
    outcome: OUTCOMES[signature.indication],
    reason: signature.indication === "TOTAL-PASSED" ? null : signature.subIndication,
    level: levelOf(signature.qualification),
    time: signingTimeOf(signature),
    coveredFiles: signature.coveredFiles,
    partial: signature.scope === "PARTIAL",
  };
}
