/**
 * Catalogue of the PAdES report's own message codes (DESIGN "Errors carry codes"; never reuse
 * a retired one). A PAdES signature report also carries the sub-indication that decided it
 * and the codes of `../validation/codes.ts` (time-stamps, SHA-1, qualification).
 */
export const PADES_REPORT_CODES = {
  "byte-range-invalid": "the ByteRange is not [0 a b c] inside the file",
  "byte-range-gap": "the ByteRange leaves out more than the signature's /Contents",
  "byte-range-not-revision": "the signature does not cover the file up to the end of a revision",
  "pdf-disallowed-changes": "the document was changed after signing beyond signatures, DSS and time-stamps",
  "pdf-metadata-changed": "the document information (/Info, /Metadata) changed after signing",
  "pdf-signature-outside-form": "the signature field is on a page but not in the AcroForm's /Fields",
  "pades-signing-time-attribute": "the CMS holds signing-time, which PAdES baseline excludes",
  "document-time-stamp-invalid": "a document time-stamp of the PDF does not verify",
} as const;

export type PadesReportCode = keyof typeof PADES_REPORT_CODES;
