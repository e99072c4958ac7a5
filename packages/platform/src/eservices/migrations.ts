import { type Kysely, type Migration, sql } from "kysely";
import { FORM_STATUSES } from "./tables.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/** The e-service registry (tables.ts). */
export const eservicesMigrations: Record<string, Migration> = {
  "2026-12-07-30-eservices-registry": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("eservice_representative")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("institution_registration_number", "text", (c) =>
          c.notNull().check(sql`institution_registration_number ~ '^[0-9]{11}$'`),
        )
        .addColumn("personal_code", "text", (c) =>
          c.notNull().check(sql`personal_code ~ '^[0-9]{6}-[0-9]{5}$'`),
        )
        .addColumn("full_name", "text", (c) => c.notNull().check(sql`length(full_name) between 1 and 200`))
        .addColumn("added_by", "text", (c) => c.notNull())
        .addColumn("added_at", "timestamptz", (c) => c.notNull())
        .addUniqueConstraint("eservice_representative_once", [
          "institution_registration_number",
          "personal_code",
        ])
        .execute();
      await db.schema
        .createTable("eservice_form")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", FORM_STATUSES)))
        .addColumn("institution_registration_number", "text", (c) => c.notNull())
        .addColumn("institution_name", "text", (c) => c.notNull())
        .addColumn("institution_email", "text", (c) => c.notNull())
        .addColumn("name_lv", "text", (c) => c.notNull())
        .addColumn("name_en", "text", (c) => c.notNull())
        .addColumn("description_lv", "text", (c) => c.notNull())
        .addColumn("description_en", "text", (c) => c.notNull())
        .addColumn("audiences", "text", (c) => c.notNull())
        .addColumn("channels", "text", (c) => c.notNull())
        .addColumn("legal_basis", "text", (c) => c.notNull())
        .addColumn("contact_name", "text", (c) => c.notNull())
        .addColumn("contact_email", "text", (c) => c.notNull())
        .addColumn("contact_phone", "text")
        .addColumn("form_xml", "text", (c) => c.notNull())
        .addColumn("signed_edoc", "bytea", (c) => c.notNull())
        .addColumn("signed_sha256", "text", (c) => c.notNull().check(sql`signed_sha256 ~ '^[0-9a-f]{64}$'`))
        .addColumn("signers", "text", (c) => c.notNull())
        .addColumn("signed_at", "timestamptz", (c) => c.notNull())
        .addColumn("submitted_at", "timestamptz", (c) => c.notNull())
        .addColumn("identifier", "text", (c) => c.unique().check(sql`identifier ~ '^ESP-[0-9]{4}-[0-9]{5}$'`))
        .addColumn("agency_contact_name", "text")
        .addColumn("agency_contact_email", "text")
        .addColumn("registered_at", "timestamptz")
        .addColumn("refusal_reason", "text")
        // A registered form always has its identifier and contact; only registered ones have them.
        .addCheckConstraint(
          "eservice_form_registered",
          sql`(status = 'registered') = (identifier is not null and agency_contact_name is not null and registered_at is not null)`,
        )
        .execute();
      await sql`create index eservice_form_queue on eservice_form (submitted_at) where status = 'submitted'`.execute(
        db,
      );
      await db.schema
        .createTable("eservice_form_status")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("form_id", "bigint", (c) => c.notNull().references("eservice_form.id"))
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", FORM_STATUSES)))
        .addColumn("at", "timestamptz", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("notice_to", "text")
        .addColumn("notice_subject", "text")
        .addColumn("notice_body", "text")
        .addColumn("notice_queued_at", "timestamptz")
        .execute();
      await db.schema
        .createIndex("eservice_form_status_form")
        .on("eservice_form_status")
        .column("form_id")
        .execute();
      await db.schema
        .createTable("eservice_identifier_counter")
        .addColumn("year", "integer", (c) => c.primaryKey().check(sql`year between 2000 and 9999`))
        .addColumn("last_number", "integer", (c) => c.notNull().check(sql`last_number between 1 and 99999`))
        .execute();
      // The signed original is evidence (SIG-6): no UPDATE may change it or its digest.
      await sql`
        create function eservice_form_keep_original() returns trigger language plpgsql as $$
        begin
          if new.signed_edoc is distinct from old.signed_edoc
             or new.signed_sha256 is distinct from old.signed_sha256
             or new.form_xml is distinct from old.form_xml then
            raise exception 'the signed original of an e-service form is kept unchanged';
          end if;
          return new;
        end $$`.execute(db);
      await sql`
        create trigger eservice_form_keep_original before update on eservice_form
        for each row execute function eservice_form_keep_original()`.execute(db);
    },
  },
};
