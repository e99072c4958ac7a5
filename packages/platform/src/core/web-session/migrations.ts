import { type Kysely, type Migration, sql } from "kysely";

/**
 * The web session's tables (tables.ts). The first two were written when e-health alone had a
 * signed-in workplace, so they keep their names (a released migration is never edited or
 * renamed: databases record them by name); the third gives the tables the core's names.
 */
export const webSessionMigrations: Record<string, Migration> = {
  "2026-11-25-30-ehealth-web-session": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("ehealth_web_client")
        .addColumn("kind", "text", (c) => c.primaryKey())
        .addColumn("client_id", "text", (c) => c.notNull())
        .addColumn("client_secret", "text", (c) => c.notNull())
        .addColumn("redirect_uri", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("ehealth_web_signin")
        .addColumn("state", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("browser_hash", "text", (c) => c.notNull())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addColumn("code_verifier", "text", (c) => c.notNull())
        .addColumn("return_to", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("expires_at", "timestamptz", (c) => c.notNull())
        .addColumn("consumed_at", "timestamptz")
        .execute();
      await db.schema
        .createIndex("ehealth_web_signin_expiry")
        .on("ehealth_web_signin")
        .column("expires_at")
        .execute();
      await db.schema
        .createTable("ehealth_web_session")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("given_name", "text", (c) => c.notNull())
        .addColumn("family_name", "text", (c) => c.notNull())
        .addColumn("level", "text", (c) => c.notNull())
        .addColumn("amr", "text", (c) => c.notNull())
        .addColumn("client_id", "text", (c) => c.notNull())
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull())
        .addColumn("last_seen_at", "timestamptz", (c) => c.notNull())
        .addColumn("expires_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("ehealth_web_session_expiry")
        .on("ehealth_web_session")
        .column("expires_at")
        .execute();
    },
  },
  // The client secret is derived from the key-encryption secret now, never stored (CON-13): the
  // stored ones go; the next start sets the broker's hash to the derived secret.
  "2026-12-07-30-ehealth-web-client-secret-derived": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("ehealth_web_client").dropColumn("client_secret").execute();
    },
  },
  // The web session moved from e-health into the core, for every module's workplace: the
  // tables (and their indexes) take the core's names; rows stay as they are.
  "2026-12-07-40-core-web-session-tables": {
    async up(db: Kysely<unknown>) {
      for (const table of ["client", "signin", "session"]) {
        await db.schema.alterTable(`ehealth_web_${table}`).renameTo(`web_${table}`).execute();
      }
      for (const table of ["signin", "session"]) {
        await sql`alter index ${sql.id(`ehealth_web_${table}_expiry`)} rename to ${sql.id(`web_${table}_expiry`)}`.execute(
          db,
        );
      }
    },
  },
};
