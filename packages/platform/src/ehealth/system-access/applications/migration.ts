import { type Kysely, sql } from "kysely";
import { CONNECTION_APPLICATION_STATUSES } from "./tables.ts";

const statusCheck = sql.raw(`status in (${CONNECTION_APPLICATION_STATUSES.map((s) => `'${s}'`).join(", ")})`);

/** Connection applications, approved system versions, and the version a binding was approved for. */
export async function createConnectionApplicationTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ehealth_connection_application")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("registration_number", "text", (c) =>
      c.notNull().references("ehealth_institution.registration_number"),
    )
    .addColumn("system_name", "text", (c) => c.notNull().check(sql`length(system_name) between 1 and 200`))
    .addColumn("system_version", "text", (c) =>
      c.notNull().check(sql`length(system_version) between 1 and 100`),
    )
    .addColumn("certificate", "bytea", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull().check(sql`fingerprint ~ '^[0-9a-f]{64}$'`))
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("not_before", "timestamptz", (c) => c.notNull())
    .addColumn("not_after", "timestamptz", (c) => c.notNull())
    .addColumn("key_description", "text", (c) => c.notNull())
    .addColumn("contact_email", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(statusCheck))
    .addColumn("filed_by", "text", (c) => c.notNull())
    .addColumn("filed_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull().check(sql`due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "timestamptz")
    .addColumn("refusal_reason", "text")
    .addColumn("revoked_at", "timestamptz")
    // A refusal always says why (the institution is told the reason).
    .addCheckConstraint(
      "ehealth_connection_application_refusal",
      sql`(status = 'refused') = (refusal_reason is not null)`,
    )
    .execute();
  // The operator's queue (submitted, by due date) and an institution's own list.
  await db.schema
    .createIndex("ehealth_connection_application_queue")
    .on("ehealth_connection_application")
    .columns(["status", "due_on"])
    .execute();
  await db.schema
    .createIndex("ehealth_connection_application_institution")
    .on("ehealth_connection_application")
    .columns(["registration_number", "filed_at"])
    .execute();
  // One open application per certificate: filing the same certificate twice is refused.
  await sql`create unique index ehealth_connection_application_open on ehealth_connection_application (fingerprint) where status in ('submitted', 'approved')`.execute(
    db,
  );

  await db.schema
    .createTable("ehealth_approved_system_version")
    .addColumn("seq", "serial", (c) => c.notNull().unique())
    .addColumn("system_name", "text", (c) => c.notNull().check(sql`length(system_name) between 1 and 200`))
    .addColumn("system_version", "text", (c) =>
      c.notNull().check(sql`length(system_version) between 1 and 100`),
    )
    .addColumn("approved_by", "text", (c) => c.notNull())
    .addColumn("approved_at", "timestamptz", (c) => c.notNull())
    .addColumn("ground", "text", (c) => c.notNull().check(sql`length(trim(ground)) > 0`))
    .addPrimaryKeyConstraint("ehealth_approved_system_version_pk", ["system_name", "system_version"])
    .execute();

  // The version a binding was approved for; null for bindings made by `tilts ehealth system bind`
  // without one (refused in production by the listener, which needs an approved version).
  await sql`alter table ehealth_system_binding add column system_version text`.execute(db);
}
