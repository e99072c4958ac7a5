/**
 * The qualification step (TS 119 615) of a signature validation, for every outcome: asks the
 * trusted-list port what the signature is (QESig, AdESig-QC, Not-ADES, INDETERMINATE-…) once the
 * signing certificate and its chain are known. Shared by the XAdES and PAdES validations; a port
 * that throws is a warning, never a lost report.
 */
import type { Indication, QualifySignature, ReportMessage } from "./types.ts";

/** What the qualification is asked about: the signer, its chain, and the time it applies to. */
export interface QualificationSubject {
  certificate: Uint8Array;
  chain: Uint8Array[];
  at: Date;
}

export function qualifySignature(
  qualify: QualifySignature | undefined,
  subject: QualificationSubject | undefined,
  indication: Indication,
  into: { qualification: string | null; warnings: ReportMessage[] },
): void {
  if (!qualify || !subject) return;
  try {
    const q = qualify({
      signerCertificate: subject.certificate,
      chain: subject.chain,
      at: subject.at,
      signatureStatus:
        indication === "TOTAL-PASSED" ? "valid" : indication === "TOTAL-FAILED" ? "invalid" : "indeterminate",
    });
    into.qualification = q.qualification;
    into.warnings.push(...q.warnings);
  } catch (error) {
    into.warnings.push({ code: "qualification-failed", message: String(error) });
  }
}
