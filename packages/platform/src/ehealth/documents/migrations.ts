import { type Kysely, type Migration, sql } from "kysely";
import { SIGNATURE_STATUSES } from "./tables.ts";

/**
 * Clinical documents. A stored document never changes: UPDATE is refused by a trigger (a new
 * version is a new document); deleting stays possible for retention work.
 */
export const ehealthDocumentMigrations: Record<string, Migration> = {
  "2026-11-25-40-ehealth-documents": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_document")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("patient_code", "text", (c) => c.notNull())
        .addColumn("registration_number", "text", (c) => c.notNull())
        .addColumn("author_code", "text", (c) => c.notNull())
        .addColumn("uploaded_at", "timestamptz", (c) => c.notNull())
        .addColumn("title", "text")
        .addColumn("type_code", "text")
        .addColumn("type_code_system", "text")
        .addColumn("type_display_name", "text")
        .addColumn("effective_time", "text")
        .addColumn("cda_id", "text")
        .addColumn("content", "bytea", (c) => c.notNull())
        .addColumn("size_bytes", "integer", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("signature_status", "text", (c) =>
          c
            .notNull()
            .check(sql.raw(`signature_status in (${SIGNATURE_STATUSES.map((s) => `'${s}'`).join(", ")})`)),
        )
        .addColumn("signature_signer", "text")
        .addColumn("signature_time", "timestamptz")
        .addColumn("signature_report", "text")
        .execute();
      // The portal lists one patient's documents, newest first.
      await db.schema
        .createIndex("ehealth_document_patient_time")
        .on("ehealth_document")
        .columns(["patient_code", "uploaded_at"])
        .execute();
      await sql`
        create function ehealth_document_refuse_update() returns trigger language plpgsql as $$
        begin
          raise exception 'ehealth_document rows are immutable: % refused', tg_op using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`create trigger ehealth_document_no_update before update on ehealth_document
        for each row execute function ehealth_document_refuse_update()`.execute(db);
    },
  },
  "2026-12-07-10-ehealth-document-archive": {
    async up(db: Kysely<unknown>) {
      // Renewed archive evidence per signed document, append-only like the documents.
      await db.schema
        .createTable("ehealth_document_archive")
        .addColumn("document_id", "text", (c) =>
          c.notNull().references("ehealth_document.id").onDelete("cascade"),
        )
        .addColumn("renewed_at", "timestamptz", (c) => c.notNull())
        .addColumn("content", "bytea", (c) => c.notNull())
        .addColumn("expires_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("ehealth_document_archive_pk", ["document_id", "renewed_at"])
        .execute();
      await sql`create trigger ehealth_document_archive_no_update before update on ehealth_document_archive
        for each row execute function ehealth_document_refuse_update()`.execute(db);
    },
  },
  "2026-12-07-30-ehealth-document-restriction": {
    async up(db: Kysely<unknown>) {
      // The patient's restrictions, append-only like the documents: the history is evidence.
      await db.schema
        .createTable("ehealth_document_restriction")
        .addColumn("seq", "bigserial", (c) => c.primaryKey())
        .addColumn("document_id", "text", (c) =>
          c.notNull().references("ehealth_document.id").onDelete("cascade"),
        )
        .addColumn("restricted", "boolean", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("ehealth_document_restriction_document")
        .on("ehealth_document_restriction")
        .columns(["document_id", "seq"])
        .execute();
      await sql`create trigger ehealth_document_restriction_no_update before update on ehealth_document_restriction
        for each row execute function ehealth_document_refuse_update()`.execute(db);
    },
  },
};
