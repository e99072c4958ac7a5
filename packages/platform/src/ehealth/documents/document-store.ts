/**
 * Reads and writes of the clinical documents table. No rights checks and no access records here:
 * the portal's actions (portal-actions.ts) decide first and record every access in the same
 * transaction; demo seeding writes through `insertDocument` directly.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import type { CheckedDocument } from "./check-upload.ts";
import type { DocumentSignatureResult, SignatureStatus } from "./signature-check.ts";
import type { DocumentTable } from "./tables.ts";

export interface DocumentSummary {
  id: string;
  patientCode: string;
  registrationNumber: string;
  authorCode: string;
  uploadedAt: Date;
  title: string | null;
  typeCode: string | null;
  typeCodeSystem: string | null;
  typeDisplayName: string | null;
  effectiveTime: string | null;
  cdaId: string | null;
  sizeBytes: number;
  sha256: string;
  signature: DocumentSignatureResult;
}

export interface StoredDocument extends DocumentSummary {
  /** The XML as uploaded. */
  content: Uint8Array;
}

export interface NewDocument {
  patientCode: string;
  registrationNumber: string;
  authorCode: string;
  checked: CheckedDocument;
}

const SUMMARY_COLUMNS = [
  "id",
  "patient_code",
  "registration_number",
  "author_code",
  "uploaded_at",
  "title",
  "type_code",
  "type_code_system",
  "type_display_name",
  "effective_time",
  "cda_id",
  "size_bytes",
  "sha256",
  "signature_status",
  "signature_signer",
  "signature_time",
  "signature_report",
] as const;

type SummaryRow = Pick<Selectable<DocumentTable>, (typeof SUMMARY_COLUMNS)[number]>;

interface StoredReport {
  indication: string | null;
  subIndication: string | null;
  format: string | null;
  messages: { code: string; message: string }[];
}

function toSummary(row: SummaryRow): DocumentSummary {
  let report: StoredReport = { indication: null, subIndication: null, format: null, messages: [] };
  if (row.signature_report) {
    try {
      report = { ...report, ...(JSON.parse(row.signature_report) as Partial<StoredReport>) };
    } catch {
      // A row written by this module always holds JSON; anything else is shown without detail.
    }
  }
  return {
    id: row.id,
    patientCode: row.patient_code,
    registrationNumber: row.registration_number,
    authorCode: row.author_code,
    uploadedAt: new Date(row.uploaded_at),
    title: row.title,
    typeCode: row.type_code,
    typeCodeSystem: row.type_code_system,
    typeDisplayName: row.type_display_name,
    effectiveTime: row.effective_time,
    cdaId: row.cda_id,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    signature: {
      status: row.signature_status as SignatureStatus,
      signer: row.signature_signer,
      signedAt: row.signature_time ? new Date(row.signature_time).toISOString() : null,
      indication: report.indication,
      subIndication: report.subIndication,
      format: report.format,
      messages: report.messages,
    },
  };
}

/** Stores a checked document; returns its id. Pass the transaction of the upload. */
export async function insertDocument(db: Kysely<Database>, input: NewDocument, now: Date): Promise<string> {
  const id = randomUUID();
  const { header, signature, bytes } = input.checked;
  await db
    .insertInto("ehealth_document")
    .values({
      id,
      patient_code: input.patientCode,
      registration_number: input.registrationNumber,
      author_code: input.authorCode,
      uploaded_at: now,
      title: header.title,
      type_code: header.typeCode,
      type_code_system: header.typeCodeSystem,
      type_display_name: header.typeDisplayName,
      effective_time: header.effectiveTime,
      cda_id: header.documentId,
      content: bytes,
      size_bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      signature_status: signature.status,
      signature_signer: signature.signer,
      signature_time: signature.signedAt ? new Date(signature.signedAt) : null,
      signature_report:
        signature.status === "none"
          ? null
          : JSON.stringify({
              indication: signature.indication,
              subIndication: signature.subIndication,
              format: signature.format,
              messages: signature.messages,
            }),
    })
    .execute();
  return id;
}

/** A patient's documents, newest first (at most `limit`). */
export async function listDocuments(
  db: Kysely<Database>,
  patientCode: string,
  limit = 200,
): Promise<DocumentSummary[]> {
  const rows = await db
    .selectFrom("ehealth_document")
    .select(SUMMARY_COLUMNS)
    .where("patient_code", "=", patientCode)
    .orderBy("uploaded_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

/** One of this patient's documents, or undefined (a document of another patient is not found). */
export async function findDocument(
  db: Kysely<Database>,
  patientCode: string,
  id: string,
): Promise<StoredDocument | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await db
    .selectFrom("ehealth_document")
    .select([...SUMMARY_COLUMNS, "content"])
    .where("id", "=", id)
    .where("patient_code", "=", patientCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toSummary(row), content: new Uint8Array(row.content) };
}

/** How many documents a patient has (demo seeding is idempotent by it). */
export async function countDocuments(db: Kysely<Database>, patientCode: string): Promise<number> {
  const row = await db
    .selectFrom("ehealth_document")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("patient_code", "=", patientCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
