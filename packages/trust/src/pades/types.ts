/**
 * The PAdES validation report: the XAdES report model (../validation/types.ts, EN 319 102-1
 * indications and sub-indications) with the PDF facts added — which revision a signature
 * covers and what changed after it.
 */
import type { SignatureReport, TimestampReport } from "../validation/types.ts";
import type { PdfChange } from "./detect-changes.ts";

export type PadesFormat =
  | "PAdES-BASELINE-B"
  | "PAdES-BASELINE-T"
  | "PAdES-BASELINE-LT"
  | "PAdES-BASELINE-LTA"
  | "PDF-NOT-ETSI";

export interface PadesSignatureReport extends Omit<SignatureReport, "format" | "coveredFiles"> {
  format: PadesFormat;
  fieldName: string;
  subFilter: string;
  byteRange: number[];
  /** End of the revision the signature covers; null when the ByteRange is unusable. */
  signedRevisionEnd: number | null;
  /** Whether the signed revision is the whole file (no later update). */
  coversWholeFile: boolean;
  /** What the signing time rests on: a valid signature time-stamp (bestSignatureTime) or
   *  only the signer's claim (/M, claimedSigningTime); null when neither exists. */
  signingTimeEvidence: "signature-time-stamp" | "claimed" | null;
  /** Changes in later revisions, each allowed or not (detect-changes.ts). */
  changes: PdfChange[];
}

export interface DocumentTimeStampReport extends TimestampReport {
  fieldName: string;
  /** End of the revision it covers. */
  coveredRevisionEnd: number | null;
}

export interface PdfValidationReport {
  container: "PDF";
  /** Every signature TOTAL-PASSED and every document time-stamp valid. */
  valid: boolean;
  revisions: number;
  signatures: PadesSignatureReport[];
  documentTimeStamps: DocumentTimeStampReport[];
  errors: { code: string; message: string }[];
}
