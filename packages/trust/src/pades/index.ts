/** PAdES (ETSI EN 319 142-1, ISO 32000-2 §12.8): signing B-B…B-LTA and validation; the bounded PDF reader. */
export { addDocumentTimeStamp } from "./add-document-time-stamp.ts";
export { addDss } from "./add-dss.ts";
export type { VisibleSignature } from "./appearance.ts";
export { type AugmentPdfOptions, augmentPdf } from "./augment-pdf.ts";
export type { PdfChange } from "./detect-changes.ts";
export { pdfDocumentReport } from "./document-report.ts";
export {
  PADES_ERROR_CODES,
  PadesError,
  type PadesErrorCode,
  PDF_ERROR_CODES,
  PdfError,
  type PdfErrorCode,
} from "./errors.ts";
export { DEFAULT_PDF_LIMITS, type PdfLimits } from "./limits.ts";
export { PdfDocument, revisionEnds } from "./pdf-document.ts";
export { type PdfSignatureField, readSignatureFields } from "./read-signatures.ts";
export {
  type PadesLevel,
  type PadesSigner,
  type SignPdfOptions,
  signPdf,
  signPdfUpdate,
} from "./sign-pdf.ts";
export { type SignPdfFileOptions, signPdfFile } from "./sign-pdf-file.ts";
export type {
  DocumentTimeStampReport,
  PadesFormat,
  PadesSignatureReport,
  PdfValidationReport,
} from "./types.ts";
export { type ValidatePdfOptions, validatePdf } from "./validate-pdf.ts";
