/** The support requests' tables (tables.ts). */
import { type Kysely, sql } from "kysely";
import { SUPPORT_STATUSES } from "./tables.ts";

const statusCheck = sql.raw(`status in (${SUPPORT_STATUSES.map((s) => `'${s}'`).join(", ")})`);

export async function createSupportTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ehealth_support_request")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("registration_number", "text", (c) =>
      c.notNull().references("ehealth_institution.registration_number"),
    )
    .addColumn("filed_by", "text", (c) => c.notNull())
    .addColumn("filed_by_name", "text", (c) => c.notNull())
    .addColumn("contact_email", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("filed_at", "timestamptz", (c) => c.notNull())
    .addColumn("answer_due", "text", (c) =>
      c.notNull().check(sql`answer_due ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    )
    .addColumn("status", "text", (c) => c.notNull().check(statusCheck))
    .addColumn("reply_text", "text")
    .addColumn("replied_by", "text")
    .addColumn("replied_at", "timestamptz")
    .execute();
  // The operator's queue: open requests by due date; a requester's own list.
  await sql`create index ehealth_support_request_queue on ehealth_support_request (status, answer_due)`.execute(
    db,
  );
  await sql`create index ehealth_support_request_filer on ehealth_support_request (filed_by, filed_at)`.execute(
    db,
  );
  await db.schema
    .createTable("ehealth_support_screenshot")
    .addColumn("request_id", "bigint", (c) => c.primaryKey().references("ehealth_support_request.id"))
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('image/png', 'image/jpeg', 'image/webp')`),
    )
    .addColumn("data", "bytea", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("ehealth_support_event")
    .addColumn("seq", "bigserial", (c) => c.primaryKey())
    .addColumn("request_id", "bigint", (c) => c.notNull().references("ehealth_support_request.id"))
    .addColumn("status", "text", (c) => c.notNull().check(statusCheck))
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
}
