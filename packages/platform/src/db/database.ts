/**
 * Opens the platform's database: PGlite in a data folder by default (nothing to install), or a
 * PostgreSQL server when a URL is given. One schema and one set of migrations serve both.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PgliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgresql";

export type DatabaseTarget =
  | { kind: "pglite"; dataDir?: string } // no dataDir: in memory (tests)
  | { kind: "postgresql"; url: string };

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where it is, safe to print: a folder, or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

/** The database could not be opened or reached; the message is one line, safe to print. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  return target.kind === "pglite" ? openPglite(target.dataDir) : openPostgres(target.url);
}

async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  let pglite: PGlite;
  let location = "(in memory)";
  try {
    if (dataDir) {
      const folder = join(dataDir, "pglite");
      mkdirSync(folder, { recursive: true });
      pglite = await PGlite.create(folder);
      location = folder;
    } else {
      pglite = await PGlite.create();
    }
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot open the embedded database in ${location}: ${describe(error)}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return { db, kind: "pglite", location, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const location = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5000, max: 10 });
  // An idle client's error (server restart) must not crash the process; queries will report it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseUnavailableError(`cannot reach the database at ${location}: ${describe(error)}`);
  }
  return { db, kind: "postgresql", location, close: () => db.destroy() };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const text = error.message.split("\n")[0] || error.name;
    return code && !text.includes(code) ? `${code} ${text}` : text;
  }
  return String(error);
}
