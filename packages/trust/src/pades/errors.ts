/**
 * Typed errors of the PDF layer and of PAdES signing (DESIGN "Errors carry codes"). Hostile or
 * broken PDFs are refused with a `PdfError` whose code says which limit or rule was broken, in
 * bounded time and memory; signing problems are a `PadesError`.
 */
import { TrustError } from "../errors.ts";

export const PDF_ERROR_CODES = {
  "pdf-malformed": "the file does not follow the PDF syntax (ISO 32000-2 §7)",
  "pdf-truncated": "the file ends before a structure it announces (object, xref, stream)",
  "pdf-xref-loop": "the /Prev chain of cross-reference sections returns to a section already read",
  "pdf-too-many-objects": "more objects or cross-reference entries than the limit",
  "pdf-too-deep": "arrays or dictionaries nested deeper than the limit",
  "pdf-stream-too-large": "a stream is longer than the limit",
  "pdf-decompressed-too-large": "a stream inflates to more than the limit (Flate bomb)",
  "pdf-too-many-revisions": "more incremental updates than the limit",
  "pdf-unsupported": "a feature this reader refuses (encryption, an unknown filter)",
} as const;
export type PdfErrorCode = keyof typeof PDF_ERROR_CODES;

export class PdfError extends TrustError {
  override name = "PdfError";
  constructor(
    override readonly code: PdfErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export const PADES_ERROR_CODES = {
  "pades-bad-input": "missing or contradictory signing options",
  "pades-unsupported-key": "the signer's key type cannot make a CAdES signature here",
  "pades-placeholder-too-small": "the CMS does not fit the reserved /Contents space",
  "pades-tsa-failed": "the TSA was unreachable, refused, or answered with a bad token",
  "pades-revocation-unavailable": "no OCSP response or CRL could be obtained for B-LT",
  "pades-no-signature": "the document holds no signature to extend",
} as const;
export type PadesErrorCode = keyof typeof PADES_ERROR_CODES;

export class PadesError extends TrustError {
  override name = "PadesError";
  constructor(
    override readonly code: PadesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
