import { type Kysely, type Migration, sql } from "kysely";
import { OUTBOX_STATUSES } from "./tables.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/**
 * The mail outbox's table (tables.ts). It was e-health's (`ehealth_mail_outbox`, made by
 * e-health's first migration, which is released and never edited) until the outbox moved into the
 * core for every module: where that table exists it is renamed with its index and rows; where it
 * does not (a composition without e-health) the same table is made here.
 */
export const outboxMigrations: Record<string, Migration> = {
  "2026-12-07-41-core-mail-outbox": {
    async up(db: Kysely<unknown>) {
      const earlier = await sql<{
        name: string | null;
      }>`select to_regclass('ehealth_mail_outbox')::text as name`.execute(db);
      if (earlier.rows[0]?.name) {
        await db.schema.alterTable("ehealth_mail_outbox").renameTo("mail_outbox").execute();
        await sql`alter index ehealth_mail_outbox_due rename to mail_outbox_due`.execute(db);
        return;
      }
      await db.schema
        .createTable("mail_outbox")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("body_text", "text", (c) => c.notNull())
        .addColumn("registration_number", "text")
        .addColumn("queued_at", "timestamptz", (c) => c.notNull())
        .addColumn("send_by", "text", (c) =>
          c.notNull().check(sql.raw("send_by ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'")),
        )
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", OUTBOX_STATUSES)))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
        .addColumn("sent_at", "timestamptz")
        .addColumn("smtp_response", "text")
        .addColumn("last_error", "text")
        .execute();
      // The sender's claim: queued messages whose time has come.
      await db.schema
        .createIndex("mail_outbox_due")
        .on("mail_outbox")
        .columns(["status", "next_attempt_at"])
        .execute();
    },
  },
};
