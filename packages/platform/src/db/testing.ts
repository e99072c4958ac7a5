/**
 * For tests only: every database a test must pass on. PGlite in memory always; PostgreSQL too
 * when TEST_DATABASE_URL is set (CI sets it). Each PostgreSQL test database is created fresh
 * and dropped afterwards, so tests never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type OpenDatabase, openDatabase } from "./database.ts";
import { migrateToLatest } from "./migrations.ts";

export interface TestDatabaseKind {
  name: "pglite" | "postgresql";
  /** Opens a fresh, migrated database. */
  open(): Promise<TestDatabase>;
}

export interface TestDatabase extends OpenDatabase {
  /** A URL for raw access as a superuser would have it (postgresql only). */
  url?: string;
}

export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: "pglite", open: openFreshPglite }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) kinds.push({ name: "postgresql", open: () => openFreshPostgres(serverUrl) });
  return kinds;
}

/** Every database a test must pass on, opened empty (not migrated): for tests of a migration itself. */
export function emptyDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: "pglite", open: () => openDatabase({ kind: "pglite" }) }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) kinds.push({ name: "postgresql", open: () => openFreshPostgres(serverUrl, false) });
  return kinds;
}

async function openFreshPglite(): Promise<TestDatabase> {
  const opened = await openDatabase({ kind: "pglite" });
  await migrateToLatest(opened.db);
  return opened;
}

/** An empty PostgreSQL database on the server of `serverUrl`, for a child process to migrate and use. */
export async function freshPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tilts_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function openFreshPostgres(serverUrl: string, migrated = true): Promise<TestDatabase> {
  const fresh = await freshPostgresDatabase(serverUrl);
  const opened = await openDatabase({ kind: "postgresql", url: fresh.url });
  if (migrated) await migrateToLatest(opened.db);
  return {
    ...opened,
    url: fresh.url,
    async close() {
      await opened.close();
      await fresh.drop();
    },
  };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
