/**
 * The clinical documents table (issue 6 item 4): one row per uploaded CDA document, the XML kept
 * exactly as uploaded (a signature verifies over those bytes), with what the portal lists read
 * from the header at upload time and the signature validation result of that moment.
 * Persons are personal codes (`XXXXXX-XXXXX`), institutions registration numbers, as in
 * ../tables.ts.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;

export const SIGNATURE_STATUSES = ["none", "valid", "invalid", "indeterminate"] as const;

export interface DocumentTable {
  /** A random UUID. */
  id: string;
  patient_code: string;
  /** The institution the author acted for. */
  registration_number: string;
  author_code: string;
  uploaded_at: Timestamp;
  /** From the CDA header (null when the document leaves them out). */
  title: string | null;
  type_code: string | null;
  type_code_system: string | null;
  type_display_name: string | null;
  /** HL7 TS as written in the header. */
  effective_time: string | null;
  /** The document's own id (`root^extension`). */
  cda_id: string | null;
  /** The XML as uploaded. */
  content: Uint8Array;
  size_bytes: number;
  /** Hex SHA-256 of `content`. */
  sha256: string;
  signature_status: (typeof SIGNATURE_STATUSES)[number];
  signature_signer: string | null;
  signature_time: Date | null;
  /** JSON: indication, sub-indication, format, messages (no personal data beyond the signer). */
  signature_report: string | null;
}

/**
 * Preservation (archive-renewal.ts): each renewal of a signed document's archive time-stamp is a
 * new row — the document row itself never changes. `content` is the signed document with every
 * archive time-stamp so far; `expires_at` is when the newest one's TSA certificate expires.
 */
export interface DocumentArchiveTable {
  document_id: string;
  renewed_at: Timestamp;
  content: Uint8Array;
  expires_at: Timestamp;
}

/**
 * A patient's restriction of one of their documents, as history: each change (restrict, lift) is
 * a new row, the newest row per document is in force. No row: the document is not restricted.
 */
export interface DocumentRestrictionTable {
  seq: ColumnType<string, never, never>;
  document_id: string;
  restricted: boolean;
  /** The personal code of the patient who changed it. */
  actor: string;
  at: Timestamp;
}

export interface EhealthDocumentTables {
  ehealth_document: DocumentTable;
  ehealth_document_archive: DocumentArchiveTable;
  ehealth_document_restriction: DocumentRestrictionTable;
}
