import { type Kysely, type Migration, sql } from "kysely";
import { ATTESTATION_PROOF_KINDS } from "./tables.ts";

/**
 * The attestation's proof (CON-7). What was signed never changes (UPDATE refused); a row may go
 * only once its attestation's retention day has passed — the same rule the attestation's own
 * guard applies, so the proof cannot disappear before the record it proves.
 */
export const ehealthAttestationMigrations: Record<string, Migration> = {
  "2026-12-07-60-ehealth-attestation-documents": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_attestation_document")
        .addColumn("attestation_id", "text", (c) => c.primaryKey().references("ehealth_attestation.id"))
        .addColumn("kind", "text", (c) =>
          c.notNull().check(sql.raw(`kind in (${ATTESTATION_PROOF_KINDS.map((k) => `'${k}'`).join(", ")})`)),
        )
        .addColumn("content", "bytea", (c) => c.notNull())
        .addColumn("media_type", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("stored_at", "timestamptz", (c) => c.notNull())
        .execute();
      await sql`
        create function ehealth_attestation_document_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and exists (
            select 1 from ehealth_attestation a
             where a.id = old.attestation_id and a.retain_until is not null
               and a.retain_until < to_char(current_date, 'YYYY-MM-DD')) then
            return old;
          end if;
          raise exception 'attestation proof kept as long as its attestation (CON-7): % refused', tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`create trigger ehealth_attestation_document_guard before update or delete on ehealth_attestation_document
        for each row execute function ehealth_attestation_document_guard()`.execute(db);
      await sql`create trigger ehealth_attestation_document_no_truncate before truncate on ehealth_attestation_document
        for each statement execute function ehealth_refuse_change()`.execute(db);
    },
  },
};
