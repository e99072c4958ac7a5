/**
 * Opens the platform's database: PGlite in a data folder by default (nothing to install), or a
 * PostgreSQL server when a URL is given. One schema and one set of migrations serve both.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PgliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgresql";

export type DatabaseTarget =
  // no dataDir: in memory (tests); existing: refuse to create one (commands that only read or check)
  { kind: "pglite"; dataDir?: string; existing?: boolean } | { kind: "postgresql"; url: string };

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
  return target.kind === "pglite" ? openPglite(target.dataDir, target.existing) : openPostgres(target.url);
}

async function openPglite(dataDir: string | undefined, existing = false): Promise<OpenDatabase> {
  let pglite: PGlite;
  const location = dataDir ? join(dataDir, "pglite") : "(in memory)";
  // PostgreSQL writes PG_VERSION when it creates a database folder.
  if (dataDir && existing && !existsSync(join(location, "PG_VERSION"))) {
    throw new DatabaseUnavailableError(
      `there is no database in ${dataDir}: give the data folder of a platform that has run (--data-dir), or set DATABASE_URL`,
    );
  }
  let release = () => {};
  try {
    if (dataDir) {
      mkdirSync(location, { recursive: true, mode: 0o700 });
      // The data folder holds health data, keys and the audit log: its owner's alone, whatever
      // the permissions of the files inside (an older installation's included).
      chmodSync(dataDir, 0o700);
      release = takeFolderLock(location);
      pglite = await PGlite.create(location);
      ownerOnly(location);
    } else {
      pglite = await PGlite.create();
    }
  } catch (error) {
    release();
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(
      `cannot open the embedded database in ${location}: ${describe(error)}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    location,
    close: async () => {
      try {
        await db.destroy();
        if (dataDir) ownerOnly(location);
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite's file system creates its files 0666 whatever the process's umask; the data folder
 * (0700) already shuts others out, and this takes their bits off the files too, at open and at
 * close (files made in between get theirs at the next close).
 */
function ownerOnly(folder: string): void {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  }
}

/** The file that says which process has the embedded database open. */
export const PGLITE_LOCK_FILE = "tilts.lock";

/**
 * PGlite is one process's database: a second process opening the same folder (a CLI command
 * beside a running `tilts start`) would have its writes — audit records among them — silently
 * lost. The first opener writes its pid into a lock file; another live process finds it and is
 * refused with a clear message. A lock left by a process that died (kill -9) is taken over; the
 * same process may open the folder again (tests do).
 */
function takeFolderLock(folder: string): () => void {
  const path = join(folder, PGLITE_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
    if (holder === process.pid) return () => {};
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new DatabaseUnavailableError(
        `the embedded database in ${folder} is in use by another tilts process (pid ${holder}): stop it first, or run both against a PostgreSQL server (DATABASE_URL)`,
      );
    }
    rmSync(path, { force: true }); // left by a process that is gone
  }
  throw new DatabaseUnavailableError(`cannot take the lock of the embedded database in ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
