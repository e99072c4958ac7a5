import { type Kysely, type Migration, sql } from "kysely";
import { AS4_DIRECTIONS, AS4_STATUSES } from "./tables.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/** The AS4 message store (tables.ts). */
export const deliveryMigrations: Record<string, Migration> = {
  "2026-12-07-20-delivery-as4-message": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("as4_message")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("message_id", "text", (c) => c.notNull().check(sql`length(message_id) between 1 and 512`))
        .addColumn("direction", "text", (c) => c.notNull().check(oneOf("direction", AS4_DIRECTIONS)))
        .addColumn("process_name", "text", (c) => c.notNull())
        .addColumn("leg_name", "text", (c) => c.notNull())
        .addColumn("from_party", "text", (c) => c.notNull())
        .addColumn("to_party", "text", (c) => c.notNull())
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("received_at", "timestamptz", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", AS4_STATUSES)))
        .addColumn("payloads", "bytea", (c) => c.notNull())
        .addColumn("payload_sha256", "text", (c) => c.notNull())
        .addColumn("receipt", "bytea")
        .addColumn("mime_content_type", "text")
        .addColumn("mime_body", "bytea")
        .addColumn("envelope_xml", "text")
        .addColumn("endpoint", "text")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("first_sent_at", "timestamptz")
        .addColumn("next_attempt_at", "timestamptz")
        .addColumn("last_error", "text")
        .addColumn("delivered_at", "timestamptz")
        .addUniqueConstraint("as4_message_direction_message_id", ["direction", "message_id"])
        .execute();
      // The sender's claim query: due outgoing messages in order.
      await sql`create index as4_message_due on as4_message (next_attempt_at) where status = 'queued'`.execute(
        db,
      );
    },
  },
  // Incoming messages keep their raw bytes too (mime_*) as evidence, with the digest.
  "2026-12-07-21-delivery-as4-evidence": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("as4_message").addColumn("mime_sha256", "text").execute();
    },
  },
  // The conversation and the message properties travel on to the subscriber (OOTS answers in the
  // request's conversation and swaps its four-corner ids).
  "2026-12-07-31-delivery-as4-conversation": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("as4_message")
        .addColumn("conversation_id", "text")
        .addColumn("properties", "text")
        .execute();
    },
  },
};
