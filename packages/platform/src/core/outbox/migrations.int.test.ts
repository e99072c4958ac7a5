/**
 * The mail outbox moved from e-health into the core: a database whose outbox e-health's first
 * migration made keeps its queued mail under the core's name, and a database without it gets the
 * same table — on PGlite and PostgreSQL.
 */
import { type Kysely, Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { emptyDatabaseKinds } from "../../db/testing.ts";
import { outboxMigrations } from "./migrations.ts";
import { claimDueMail, enqueueMail } from "./outbox-store.ts";
import type { OutboxTables } from "./tables.ts";

// biome-ignore lint/suspicious/noExplicitAny: an empty database, migrated here.
const migrate = (db: Kysely<any>) =>
  new Migrator({ db, provider: { getMigrations: async () => outboxMigrations } }).migrateToLatest();

describe.each(emptyDatabaseKinds())("mail outbox table in the core ($name)", (kind) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("mail queued in e-health's outbox is still due after the move", async () => {
    const opened = await kind.open();
    close = opened.close;
    // The table as e-health's first migration made it (columns, index).
    await sql`create table ehealth_mail_outbox (
      id bigserial primary key, kind text not null, to_address text not null, subject text not null,
      body_text text not null, registration_number text, queued_at timestamptz not null,
      send_by text not null, status text not null, attempts integer not null default 0,
      next_attempt_at timestamptz not null, sent_at timestamptz, smtp_response text, last_error text)`.execute(
      opened.db,
    );
    await sql`create index ehealth_mail_outbox_due on ehealth_mail_outbox (status, next_attempt_at)`.execute(
      opened.db,
    );
    const queuedAt = new Date("2026-12-07T08:00:00Z");
    await sql`insert into ehealth_mail_outbox (kind, to_address, subject, body_text, queued_at, send_by, status, next_attempt_at)
      values ('institution.suspended', 'slimnica@example.test', 'Piekļuve apturēta', 'Pamatojums', ${queuedAt}, '2026-12-07', 'queued', ${queuedAt})`.execute(
      opened.db,
    );
    expect((await migrate(opened.db)).error).toBeUndefined();
    const db = opened.db as Kysely<OutboxTables>;
    const [due] = await claimDueMail(db, new Date("2026-12-07T09:00:00Z"));
    expect(due).toMatchObject({ kind: "institution.suspended", to: "slimnica@example.test", attempts: 1 });
    const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'mail_outbox' and indexname like '%due'`.execute(db);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(["mail_outbox_due"]);
  });

  it("a database without e-health's outbox gets the core's table, with its checks", async () => {
    const opened = await kind.open();
    close = opened.close;
    expect((await migrate(opened.db)).error).toBeUndefined();
    const db = opened.db as Kysely<OutboxTables>;
    const now = new Date("2026-12-07T08:00:00Z");
    const id = await enqueueMail(
      db,
      { kind: "eservices.registered", to: "a@example.test", subject: "s", body: "b", sendBy: "2026-12-07" },
      now,
    );
    expect((await claimDueMail(db, now)).map((m) => m.id)).toEqual([id]);
    await expect(
      enqueueMail(
        db,
        { kind: "x.y", to: "a@example.test", subject: "s", body: "b", sendBy: "7.12.2026" },
        now,
      ),
    ).rejects.toThrow();
  });
});
