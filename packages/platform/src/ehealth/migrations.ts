/**
 * The e-health module's schema (issue 6 item 1). Protections that are cheap in the database live
 * there, not only in code:
 * - the history tables (rights: ANX1-5; institution status: CON-6) refuse UPDATE and TRUNCATE,
 *   and DELETE before the row's retention day (rights) or at all (institution status);
 * - attestations (CON-7) refuse DELETE before `retain_until` (null = still employed = keep) and
 *   refuse changing what was signed;
 * - enumerations and date shapes are CHECK constraints.
 * (A superuser can still drop a trigger; the audit log's hash chain records the actions too.)
 */
import { type Kysely, type Migration, sql } from "kysely";
import { createCalendarTable } from "./calendar/migration.ts";
import { createMaintenanceTable } from "./maintenance/migration.ts";
import { createSupportTables } from "./support/migration.ts";
import {
  ACCESS_STATUSES,
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  CONSENT_STATUSES,
  CONTRACT_SCOPES,
  CONTRACT_STATUSES,
  INSTITUTION_KINDS,
  OUTBOX_STATUSES,
  RIGHT_EVENTS,
  STAFF_SIZES,
} from "./tables.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);
const dateShape = (column: string, nullable = false) =>
  sql.raw(`${nullable ? `${column} is null or ` : ""}${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

export const ehealthMigrations: Record<string, Migration> = {
  "2026-11-25-20-ehealth-model": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_institution")
        .addColumn("registration_number", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", INSTITUTION_KINDS)))
        .addColumn("staff_size", "text", (c) => c.notNull().check(oneOf("staff_size", STAFF_SIZES)))
        .addColumn("contact_email", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("status_reason", "text")
        .addColumn("status_changed_at", "timestamptz", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("ehealth_institution_history")
        .addColumn("seq", "bigserial", (c) => c.primaryKey())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("ehealth_institution_history_inst")
        .on("ehealth_institution_history")
        .columns(["registration_number", "seq"])
        .execute();

      await db.schema
        .createTable("ehealth_contract")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("number", "text", (c) => c.notNull().unique())
        .addColumn("scope", "text", (c) => c.notNull().check(oneOf("scope", CONTRACT_SCOPES)))
        .addColumn("concluded_on", "text", (c) => c.notNull().check(dateShape("concluded_on")))
        .addColumn("valid_from", "text", (c) => c.notNull().check(dateShape("valid_from")))
        .addColumn("valid_until", "text", (c) => c.check(dateShape("valid_until", true)))
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", CONTRACT_STATUSES)))
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("ehealth_contract_inst")
        .on("ehealth_contract")
        .column("registration_number")
        .execute();

      await db.schema
        .createTable("ehealth_application")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("contract_id", "text", (c) => c.references("ehealth_contract.id"))
        .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", APPLICATION_KINDS)))
        .addColumn("summary", "text", (c) => c.notNull())
        .addColumn("effective_on", "text", (c) => c.check(dateShape("effective_on", true)))
        .addColumn("submission_due", "text", (c) => c.notNull().check(dateShape("submission_due")))
        .addColumn("received_on", "text", (c) => c.notNull().check(dateShape("received_on")))
        .addColumn("processing_due", "text", (c) => c.notNull().check(dateShape("processing_due")))
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", APPLICATION_STATUSES)))
        .addColumn("processed_on", "text", (c) => c.check(dateShape("processed_on", true)))
        .addColumn("processed_by", "text")
        .addColumn("processing_note", "text")
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();
      // The operator's queue: pending applications by due date.
      await db.schema
        .createIndex("ehealth_application_queue")
        .on("ehealth_application")
        .columns(["status", "processing_due"])
        .execute();

      await db.schema
        .createTable("ehealth_operator_staff")
        .addColumn("person_code", "text", (c) => c.primaryKey())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("ehealth_administrator")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("person_code", "text", (c) => c.notNull())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("status_reason", "text")
        .addColumn("appointed_on", "text", (c) => c.notNull().check(dateShape("appointed_on")))
        .addColumn("ended_on", "text", (c) => c.check(dateShape("ended_on", true)))
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addUniqueConstraint("ehealth_administrator_person", ["registration_number", "person_code"])
        .execute();
      await db.schema
        .createIndex("ehealth_administrator_person_code")
        .on("ehealth_administrator")
        .column("person_code")
        .execute();

      await db.schema
        .createTable("ehealth_user")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("person_code", "text", (c) => c.notNull())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("profession", "text", (c) => c.notNull())
        .addColumn("workplace", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("status_reason", "text")
        .addColumn("employment_ends_on", "text", (c) => c.check(dateShape("employment_ends_on", true)))
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addUniqueConstraint("ehealth_user_person", ["registration_number", "person_code"])
        .execute();
      await db.schema
        .createIndex("ehealth_user_person_code")
        .on("ehealth_user")
        .column("person_code")
        .execute();

      await db.schema
        .createTable("ehealth_attestation")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("ehealth_user.id"))
        .addColumn("registration_number", "text", (c) => c.notNull())
        .addColumn("person_code", "text", (c) => c.notNull())
        .addColumn("form_version", "text", (c) => c.notNull())
        .addColumn("signed_at", "timestamptz", (c) => c.notNull())
        .addColumn("evidence", "text", (c) => c.notNull())
        .addColumn("retain_until", "text", (c) => c.check(dateShape("retain_until", true)))
        .execute();
      await db.schema
        .createIndex("ehealth_attestation_user")
        .on("ehealth_attestation")
        .column("user_id")
        .execute();

      await db.schema
        .createTable("ehealth_right")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("person_code", "text", (c) => c.notNull())
        .addColumn("registration_number", "text", (c) =>
          c.references("ehealth_institution.registration_number"),
        )
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("granted_at", "timestamptz", (c) => c.notNull())
        .addColumn("updated_at", "timestamptz", (c) => c.notNull())
        // Only the operator's right has no institution.
        .addCheckConstraint("ehealth_right_scope", sql`(role = 'operator') = (registration_number is null)`)
        .execute();
      await db.schema.createIndex("ehealth_right_person").on("ehealth_right").column("person_code").execute();
      await db.schema
        .createIndex("ehealth_right_institution")
        .on("ehealth_right")
        .column("registration_number")
        .execute();

      await db.schema
        .createTable("ehealth_right_history")
        .addColumn("seq", "bigserial", (c) => c.primaryKey())
        .addColumn("right_id", "text", (c) => c.notNull().references("ehealth_right.id"))
        .addColumn("person_code", "text", (c) => c.notNull())
        .addColumn("registration_number", "text")
        .addColumn("event", "text", (c) => c.notNull().check(oneOf("event", RIGHT_EVENTS)))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("previous_role", "text")
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ACCESS_STATUSES)))
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull())
        // ANX1-5: every change carries its ground and evidence.
        .addColumn("ground", "text", (c) => c.notNull().check(sql`length(trim(ground)) > 0`))
        .addColumn("evidence", "text", (c) => c.notNull().check(sql`length(trim(evidence)) > 0`))
        .addColumn("retain_until", "text", (c) => c.notNull().check(dateShape("retain_until")))
        .execute();
      await db.schema
        .createIndex("ehealth_right_history_right")
        .on("ehealth_right_history")
        .columns(["right_id", "seq"])
        .execute();
      await db.schema
        .createIndex("ehealth_right_history_institution")
        .on("ehealth_right_history")
        .columns(["registration_number", "seq"])
        .execute();

      await db.schema
        .createTable("ehealth_patient")
        .addColumn("person_code", "text", (c) => c.primaryKey())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("birth_date", "text", (c) => c.check(dateShape("birth_date", true)))
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("ehealth_consent")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("patient_code", "text", (c) => c.notNull().references("ehealth_patient.person_code"))
        .addColumn("registration_number", "text", (c) =>
          c.notNull().references("ehealth_institution.registration_number"),
        )
        .addColumn("topic", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", CONSENT_STATUSES)))
        .addColumn("given_at", "timestamptz", (c) => c.notNull())
        .addColumn("withdrawn_at", "timestamptz")
        .addColumn("evidence", "text", (c) => c.notNull())
        .addColumn("recorded_by", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("ehealth_consent_patient")
        .on("ehealth_consent")
        .columns(["patient_code", "registration_number"])
        .execute();

      await db.schema
        .createTable("ehealth_mail_outbox")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body_text", "text", (c) => c.notNull())
        .addColumn("registration_number", "text")
        .addColumn("queued_at", "timestamptz", (c) => c.notNull())
        .addColumn("send_by", "text", (c) => c.notNull().check(dateShape("send_by")))
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", OUTBOX_STATUSES)))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
        .addColumn("sent_at", "timestamptz")
        .addColumn("smtp_response", "text")
        .addColumn("last_error", "text")
        .execute();
      // The sender's claim: queued messages whose time has come.
      await db.schema
        .createIndex("ehealth_mail_outbox_due")
        .on("ehealth_mail_outbox")
        .columns(["status", "next_attempt_at"])
        .execute();

      // --- database-side protections ---------------------------------------------------------
      await sql`
        create function ehealth_refuse_change() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only: % refused', tg_table_name, tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      // ANX1-5: a history row may go only after its retention day, and never be rewritten.
      await sql`
        create function ehealth_right_history_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and old.retain_until < to_char(current_date, 'YYYY-MM-DD') then
            return old;
          end if;
          raise exception 'ehealth_right_history is kept at least 10 years (ANX1-5): % refused', tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      // CON-7: an attestation is kept until 10 years after employment ends; what was signed stays.
      await sql`
        create function ehealth_attestation_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            if old.retain_until is not null and old.retain_until < to_char(current_date, 'YYYY-MM-DD') then
              return old;
            end if;
            raise exception 'attestation kept until 10 years after employment ends (CON-7): DELETE refused'
              using errcode = 'insufficient_privilege';
          end if;
          if new.id <> old.id or new.user_id <> old.user_id or new.person_code <> old.person_code
             or new.form_version <> old.form_version or new.signed_at <> old.signed_at
             or new.evidence <> old.evidence
             or (new.retain_until is not null and new.retain_until < to_char(current_date, 'YYYY-MM-DD')) then
            raise exception 'attestation: only its retention day may change, not to the past (CON-7)'
              using errcode = 'insufficient_privilege';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger ehealth_right_history_guard before update or delete on ehealth_right_history
        for each row execute function ehealth_right_history_guard()`.execute(db);
      await sql`create trigger ehealth_right_history_no_truncate before truncate on ehealth_right_history
        for each statement execute function ehealth_refuse_change()`.execute(db);
      await sql`create trigger ehealth_institution_history_guard before update or delete on ehealth_institution_history
        for each row execute function ehealth_refuse_change()`.execute(db);
      await sql`create trigger ehealth_institution_history_no_truncate before truncate on ehealth_institution_history
        for each statement execute function ehealth_refuse_change()`.execute(db);
      await sql`create trigger ehealth_attestation_guard before update or delete on ehealth_attestation
        for each row execute function ehealth_attestation_guard()`.execute(db);
      await sql`create trigger ehealth_attestation_no_truncate before truncate on ehealth_attestation
        for each statement execute function ehealth_refuse_change()`.execute(db);
      // A right that has history cannot be deleted (the history's foreign key keeps it); a user
      // with an attestation likewise (the attestation's foreign key).
    },
  },
  // CON-7: administrators sign the attestation too, so an attestation belongs to a user OR an
  // administrator (by person and institution); the guard compares with IS DISTINCT FROM (nulls).
  "2026-11-25-21-ehealth-attestation-holders": {
    async up(db: Kysely<unknown>) {
      await sql`alter table ehealth_attestation alter column user_id drop not null`.execute(db);
      await sql`alter table ehealth_attestation add column administrator_id text references ehealth_administrator (id)`.execute(
        db,
      );
      await sql`alter table ehealth_attestation add constraint ehealth_attestation_holder
        check ((user_id is null) <> (administrator_id is null))`.execute(db);
      await sql`create index ehealth_attestation_person on ehealth_attestation (person_code, registration_number)`.execute(
        db,
      );
      await sql`
        create or replace function ehealth_attestation_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            if old.retain_until is not null and old.retain_until < to_char(current_date, 'YYYY-MM-DD') then
              return old;
            end if;
            raise exception 'attestation kept until 10 years after employment ends (CON-7): DELETE refused'
              using errcode = 'insufficient_privilege';
          end if;
          if new.id is distinct from old.id or new.user_id is distinct from old.user_id
             or new.administrator_id is distinct from old.administrator_id
             or new.registration_number is distinct from old.registration_number
             or new.person_code is distinct from old.person_code
             or new.form_version is distinct from old.form_version or new.signed_at is distinct from old.signed_at
             or new.evidence is distinct from old.evidence
             or (old.retain_until is not null and new.retain_until < old.retain_until)
             or (new.retain_until is not null and new.retain_until < to_char(current_date, 'YYYY-MM-DD')) then
            raise exception 'attestation: only its retention day may change, and only later (CON-7)'
              using errcode = 'insufficient_privilege';
          end if;
          return new;
        end $$`.execute(db);
    },
  },
  // CON-10: a withdrawal keeps its own evidence (the signed withdrawal's reference) and who
  // recorded it; the consent's own evidence stays as it was given.
  "2026-11-26-22-ehealth-consent-withdrawal": {
    async up(db: Kysely<unknown>) {
      await sql`alter table ehealth_consent add column withdrawal_evidence text`.execute(db);
      await sql`alter table ehealth_consent add column withdrawn_by text`.execute(db);
    },
  },
  // CON-6: a suspension made by the operator is lifted only by the operator, so the role each
  // change was made in is kept — on the right's history row, and on the user whose access the
  // operator or the administrator suspended. Rows from before this migration carry null (their
  // actor is looked up among the operator's staff instead).
  "2026-12-07-23-ehealth-acting-role": {
    async up(db: Kysely<unknown>) {
      await sql`alter table ehealth_right_history add column actor_role text`.execute(db);
      await sql`alter table ehealth_user add column status_set_by text
        check (status_set_by in ('operator', 'institution'))`.execute(db);
    },
  },
  // The working-day calendar as data the operator enters (moved working days, extra holidays),
  // seeded with the 2024–2026 orders the code held before (calendar/migration.ts).
  "2026-12-07-24-ehealth-calendar": {
    async up(db: Kysely<unknown>) {
      await createCalendarTable(db);
    },
  },
  // Planned maintenance windows (CON-5, ANX2-15; maintenance/).
  "2026-12-07-32-ehealth-maintenance": {
    async up(db: Kysely<unknown>) {
      await createMaintenanceTable(db);
    },
  },
  // Support requests with screenshots and their history (CON-2, CON-12; support/).
  "2026-12-07-40-ehealth-support": {
    async up(db: Kysely<unknown>) {
      await createSupportTables(db);
    },
  },
};
