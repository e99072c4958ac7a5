/**
 * A PAdES validation report in the shape every signed document is reported in (the
 * `tilts verify --json` contract, ../validation/types.ts DocumentReport): one file, the PDF
 * itself; per signature the common fields. A signature "covers" the PDF fully when nothing
 * after its revision is a disallowed change (further signatures, the DSS and document
 * time-stamps are allowed, EN 319 142-1 §5.4) — the PDF-specific details stay in validatePdf's
 * own report.
 */
import type { DocumentReport, SignatureReport } from "../validation/types.ts";
import type { PdfValidationReport } from "./types.ts";

export function pdfDocumentReport(
  report: PdfValidationReport,
  file: { name: string; size: number },
): DocumentReport {
  const signatures: SignatureReport[] = report.signatures.map((s) => {
    const {
      fieldName,
      subFilter,
      byteRange,
      signedRevisionEnd,
      coversWholeFile,
      signingTimeEvidence,
      changes,
      ...common
    } = s;
    const unchanged = coversWholeFile || changes.every((c) => c.allowed);
    return { ...common, scope: unchanged ? "FULL" : "PARTIAL", coveredFiles: [file.name] };
  });
  const stampErrors = report.documentTimeStamps
    .filter((t) => !t.valid)
    .map((t) => ({
      code: "document-time-stamp-invalid",
      message: `the document time-stamp ${t.fieldName} is not valid`,
    }));
  return {
    container: "PDF",
    files: [{ name: file.name, size: file.size, mediaType: "application/pdf" }],
    valid: report.valid,
    signatures,
    errors: [...report.errors, ...stampErrors],
  };
}
