/**
 * Coded refusals of clinical documents (a stable catalogue; never reuse a retired code). Messages
 * are safe to show and never carry personal data or document content.
 * - `document-empty`: nothing was uploaded.
 * - `document-too-large`: over the size limit (MAX_DOCUMENT_BYTES).
 * - `document-malformed`: refused by the hardened XML parser (not well-formed, DOCTYPE, depth…).
 * - `not-cda`: the root element is not an HL7 v3 ClinicalDocument.
 * - `schema-invalid`: the CDA R2 schema refuses it; `schemaErrors` lists where and why.
 * - `patient-id-missing`: no recordTarget carries a personal code (PERSONAL_CODE_ROOT).
 * - `wrong-patient`: the document is about another person than the patient chosen.
 * - `patient-not-found`: no registered patient has the personal code given.
 * - `document-not-found`: no such document (or not this patient's).
 * - `document-type-unknown`: the document's type code is not a code of the document-types
 *   classifier valid on the day of the upload (ANX2-17; ../classifiers/).
 * - `archive-renewal-failed`: the preservation job could not read the time-stamp it just added.
 * - `signature-missing`, `signature-invalid`, `signature-indeterminate`: where a valid signature
 *   is required (documents from institutions' systems, ANX2-12, SIG-5), the document carries none,
 *   one that fails, or one whose signer cannot be confirmed (no path to the anchors, revocation
 *   unknown, not covering the whole document).
 */
import type { CdaSchemaError } from "../core/cda-schema.ts";

export type DocumentErrorCode =
  | "document-empty"
  | "document-too-large"
  | "document-malformed"
  | "not-cda"
  | "schema-invalid"
  | "patient-id-missing"
  | "wrong-patient"
  | "patient-not-found"
  | "document-not-found"
  | "archive-renewal-failed"
  | "signature-missing"
  | "signature-invalid"
  | "signature-indeterminate"
  | "document-type-unknown";

export class DocumentError extends Error {
  override name = "DocumentError";
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly schemaErrors: readonly CdaSchemaError[] = [],
  ) {
    super(message);
  }
}
