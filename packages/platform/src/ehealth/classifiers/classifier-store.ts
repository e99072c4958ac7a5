/**
 * Reading the classifier store (tables.ts): the code systems and their versions, a classifier's
 * published codes, what changed after a version, and whether a code is valid on a day — the one
 * question the portal, the CDA upload check and the system web services all ask (ANX2-17).
 */
import type { Kysely } from "kysely";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { ClassifierEntry } from "./core/entry.ts";

export interface CodeSystemInfo {
  name: string;
  url: string;
  oid: string | null;
  title: { lv: string; en: string };
  version: number;
  updatedAt: Date;
}

export interface StoredCode extends ClassifierEntry {
  addedIn: number;
  changedIn: number;
  retiredIn: number | null;
}

export type CodeChangeKind = "added" | "changed" | "retired";

export interface CodeChange extends StoredCode {
  change: CodeChangeKind;
  /** The version that made the change. */
  version: number;
}

const infoOf = (row: {
  name: string;
  url: string;
  oid: string | null;
  title_lv: string;
  title_en: string;
  version: number;
  updated_at: Date;
}): CodeSystemInfo => ({
  name: row.name,
  url: row.url,
  oid: row.oid,
  title: { lv: row.title_lv, en: row.title_en },
  version: row.version,
  updatedAt: row.updated_at,
});

export async function listCodeSystems(db: Kysely<Database>): Promise<CodeSystemInfo[]> {
  const rows = await db.selectFrom("ehealth_code_system").selectAll().orderBy("name").execute();
  return rows.map(infoOf);
}

export async function findCodeSystem(
  db: Kysely<Database>,
  name: string,
): Promise<CodeSystemInfo | undefined> {
  const row = await db
    .selectFrom("ehealth_code_system")
    .selectAll()
    .where("name", "=", name)
    .executeTakeFirst();
  return row && infoOf(row);
}

function codeOf(row: Database["ehealth_code"]): StoredCode {
  return {
    code: row.code,
    displayLv: row.display_lv,
    displayEn: row.display_en,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    addedIn: row.added_in,
    changedIn: row.changed_in,
    retiredIn: row.retired_in,
  };
}

/** Every code the classifier has had, retired ones too, in code order. */
export async function storedCodes(db: Kysely<Database>, name: string): Promise<StoredCode[]> {
  const rows = await db
    .selectFrom("ehealth_code")
    .selectAll()
    .where("system_name", "=", name)
    .orderBy("code")
    .execute();
  return rows.map(codeOf);
}

/** The codes the current version publishes (whatever their validity dates). */
export async function publishedCodes(db: Kysely<Database>, name: string): Promise<StoredCode[]> {
  return (await storedCodes(db, name)).filter((c) => c.retiredIn === null);
}

export const isValidOn = (code: StoredCode, day: CalendarDate): boolean =>
  code.retiredIn === null && code.validFrom <= day && (code.validTo === null || code.validTo >= day);

/** The published codes valid on `day` (ValueSet expansions, the portal's choices), chosen in SQL. */
export async function validCodes(
  db: Kysely<Database>,
  name: string,
  day: CalendarDate,
): Promise<StoredCode[]> {
  const rows = await db
    .selectFrom("ehealth_code")
    .selectAll()
    .where("system_name", "=", name)
    .where("retired_in", "is", null)
    .where("valid_from", "<=", day)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", day)]))
    .orderBy("code")
    .execute();
  return rows.map(codeOf);
}

/** Whether `code` is a published code of the classifier valid on `day`. */
export async function isValidCode(
  db: Kysely<Database>,
  name: string,
  code: string,
  day: CalendarDate,
): Promise<boolean> {
  const row = await db
    .selectFrom("ehealth_code")
    .selectAll()
    .where("system_name", "=", name)
    .where("code", "=", code)
    .executeTakeFirst();
  return row !== undefined && isValidOn(codeOf(row), day);
}

/** What versions after `since` did to each code; a code touched twice shows its last change. */
export async function changesSince(db: Kysely<Database>, name: string, since: number): Promise<CodeChange[]> {
  const rows = await db
    .selectFrom("ehealth_code")
    .selectAll()
    .where("system_name", "=", name)
    .where((eb) => eb.or([eb("changed_in", ">", since), eb("retired_in", ">", since)]))
    .orderBy("code")
    .execute();
  return rows.map((row) => {
    const code = codeOf(row);
    if (code.retiredIn !== null) return { ...code, change: "retired", version: code.retiredIn };
    return { ...code, change: code.addedIn > since ? "added" : "changed", version: code.changedIn };
  });
}
