/**
 * Clinical documents (issue 6 item 4): the sample builder, the upload checks (schema, patient,
 * signature), the store, the portal's actions (decide → access recorded), demo seeding.
 * See README.md in this folder.
 */

export {
  type ArchiveRenewalOptions,
  type ArchiveRenewalPorts,
  type ArchiveRenewalResult,
  latestArchive,
  renewArchiveTimeStamps,
} from "./archive-renewal.ts";
export {
  buildCdaDocument,
  type CdaDocumentSpec,
  type CdaInstitution,
  type CdaPerson,
  hl7Timestamp,
  type NarrativeBlock,
  sampleDischargeSummary,
  sampleLabResult,
} from "./cda-builder.ts";
export { type CdaHeader, readCdaHeader } from "./cda-header.ts";
export { DOCUMENT_ID_ROOT, INSTITUTION_ROOT, PERSONAL_CODE_ROOT } from "./cda-ids.ts";
export {
  type CheckedDocument,
  checkUpload,
  MAX_DOCUMENT_BYTES,
  type UploadCheckPorts,
} from "./check-upload.ts";
export { type DemoDocumentsInput, seedDemoDocuments } from "./demo-documents.ts";
export {
  countDocuments,
  type DocumentSummary,
  findDocument,
  insertDocument,
  listDocuments,
  type StoredDocument,
} from "./document-store.ts";
export { DocumentError, type DocumentErrorCode } from "./errors.ts";
export { ehealthDocumentMigrations } from "./migrations.ts";
export {
  findPatient,
  listPatientDocuments,
  PortalInputError,
  PortalRefusal,
  type PortalRequest,
  readDocument,
  uploadDocument,
} from "./portal-actions.ts";
export { type DocumentSigner, type SignDocumentOptions, signClinicalDocument } from "./sign-document.ts";
export {
  checkDocumentSignature,
  type DocumentSignatureResult,
  type SignatureStatus,
  type SignatureTrust,
} from "./signature-check.ts";
export type { EhealthDocumentTables } from "./tables.ts";
export {
  createUploadCheckWorkers,
  type UploadCheckWorkerOptions,
  type UploadCheckWorkers,
} from "./upload-check-workers.ts";
