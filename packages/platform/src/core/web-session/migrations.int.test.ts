/**
 * The web session's tables moved from e-health into the core under new names: a database whose
 * people were signed in before the move keeps their sessions and clients after it, on PGlite
 * and PostgreSQL.
 */
import { type Kysely, Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { emptyDatabaseKinds } from "../../db/testing.ts";
import { webSessionMigrations } from "./migrations.ts";
import { sha256Hex } from "./relying-party.ts";
import { findSession } from "./session-store.ts";
import type { WebSessionTables } from "./tables.ts";

const BEFORE_THE_MOVE = "2026-12-07-30-ehealth-web-client-secret-derived";

describe.each(emptyDatabaseKinds())("web session tables renamed into the core ($name)", (kind) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("a session and a client written under the e-health names are found under the core's", async () => {
    const opened = await kind.open();
    close = opened.close;
    // biome-ignore lint/suspicious/noExplicitAny: the tables under their names before the move.
    const before = opened.db as Kysely<any>;
    const migrator = new Migrator({
      db: opened.db,
      provider: { getMigrations: async () => webSessionMigrations },
    });
    expect((await migrator.migrateTo(BEFORE_THE_MOVE)).error).toBeUndefined();
    const now = new Date("2026-12-07T10:00:00Z");
    await before
      .insertInto("ehealth_web_client")
      .values({ kind: "professional", client_id: "c-1", redirect_uri: "https://x/cb", created_at: now })
      .execute();
    await before
      .insertInto("ehealth_web_session")
      .values({
        token_hash: sha256Hex("token-1"),
        kind: "professional",
        subject: "PNOLV-010190-10001",
        given_name: "Anna",
        family_name: "Ozola",
        level: "high",
        amr: '["eparaksts-mobile"]',
        client_id: "c-1",
        csrf_token: "csrf-1",
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + 3_600_000),
      })
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const db = opened.db as Kysely<WebSessionTables>;
    const session = await findSession(db, "token-1", "professional", new Date(now.getTime() + 60_000));
    expect(session).toMatchObject({ subject: "PNOLV-010190-10001", csrfToken: "csrf-1", clientId: "c-1" });
    expect(await db.selectFrom("web_client").select("client_id").execute()).toEqual([{ client_id: "c-1" }]);
    const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename in ('web_signin', 'web_session') and indexname like '%expiry'
      order by indexname`.execute(db);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(["web_session_expiry", "web_signin_expiry"]);
  });
});
