/**
 * Loading an operator's classifier file (ANX2-17): the file is read and checked whole
 * (core/read-file.ts), compared with the published codes (core/changes.ts) and, when it changes
 * anything, becomes the classifier's next version — codes added, changed and retired, the
 * version's row and an audit record `ehealth.classifier.loaded`, in one transaction that holds
 * the classifier's row, so two loads cannot both make version N+1.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { BOUND_CODES } from "./bound-codes.ts";
import { storedCodes } from "./classifier-store.ts";
import { type ClassifierChanges, changeCount, computeChanges } from "./core/changes.ts";
import type { ClassifierEntry } from "./core/entry.ts";
import { type ClassifierFileFormat, readClassifierFile } from "./core/read-file.ts";
import { ClassifierError, MAX_FILE_PROBLEMS } from "./errors.ts";

export interface LoadRequest {
  name: string;
  bytes: Uint8Array;
  /** What the version came from, kept with it (the file's base name). */
  source: string;
  actor: string;
  now: Date;
}

export interface LoadResult {
  name: string;
  format: ClassifierFileFormat;
  /** The classifier's version after the load (unchanged when the file changed nothing). */
  version: number;
  added: number;
  changed: number;
  retired: number;
}

function checkBound(name: string, entries: readonly ClassifierEntry[]): void {
  const known = BOUND_CODES[name];
  if (!known) return;
  const unknown = entries.filter((e) => !known.includes(e.code));
  if (unknown.length > 0)
    throw new ClassifierError(
      "classifier-code-unbound",
      `the platform's rules know no such ${name} code; only ${known.join(", ")} may be published`,
      unknown
        .slice(0, MAX_FILE_PROBLEMS)
        .map((e) => ({ where: `code ${e.code}`, message: "not a code the rules know" })),
    );
}

const row = (name: string, e: ClassifierEntry) => ({
  system_name: name,
  code: e.code,
  display_lv: e.displayLv,
  display_en: e.displayEn,
  valid_from: e.validFrom,
  valid_to: e.validTo,
});

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters (10 columns a row). */
const BATCH = 1_000;

/**
 * Writes added and changed codes as batched upserts (a national classifier has tens of thousands
 * of codes); an added code — new, or back after retirement — also takes the version as `added_in`.
 */
async function upsert(
  trx: Kysely<Database>,
  name: string,
  version: number,
  entries: readonly ClassifierEntry[],
  added: boolean,
): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH)
    await trx
      .insertInto("ehealth_code")
      .values(
        entries
          .slice(i, i + BATCH)
          .map((e) => ({ ...row(name, e), added_in: version, changed_in: version, retired_in: null })),
      )
      .onConflict((oc) =>
        oc.columns(["system_name", "code"]).doUpdateSet((eb) => ({
          display_lv: eb.ref("excluded.display_lv"),
          display_en: eb.ref("excluded.display_en"),
          valid_from: eb.ref("excluded.valid_from"),
          valid_to: eb.ref("excluded.valid_to"),
          changed_in: version,
          retired_in: null,
          ...(added ? { added_in: version } : {}),
        })),
      )
      .execute();
}

async function writeChanges(
  trx: Kysely<Database>,
  name: string,
  version: number,
  changes: ClassifierChanges,
): Promise<void> {
  await upsert(trx, name, version, changes.added, true);
  await upsert(trx, name, version, changes.changed, false);
  for (let i = 0; i < changes.retired.length; i += BATCH)
    await trx
      .updateTable("ehealth_code")
      .set({ retired_in: version, changed_in: version })
      .where("system_name", "=", name)
      .where("code", "in", changes.retired.slice(i, i + BATCH))
      .execute();
}

export async function loadClassifier(db: Kysely<Database>, request: LoadRequest): Promise<LoadResult> {
  const file = readClassifierFile(request.bytes);
  checkBound(request.name, file.entries);
  return db.transaction().execute(async (trx) => {
    const system = await trx
      .selectFrom("ehealth_code_system")
      .select(["version", "url"])
      .where("name", "=", request.name)
      .forUpdate()
      .executeTakeFirst();
    if (!system) throw new ClassifierError("classifier-not-found", `no classifier is named ${request.name}`);
    if (file.url !== null && file.url !== system.url)
      throw new ClassifierError(
        "classifier-file-invalid",
        `the file is CodeSystem ${file.url}, not ${system.url}`,
        [{ where: "url", message: `expected ${system.url}` }],
      );
    const published = (await storedCodes(trx, request.name)).map((c) => ({
      ...c,
      retired: c.retiredIn !== null,
    }));
    const changes = computeChanges(published, file.entries);
    const counts = {
      added: changes.added.length,
      changed: changes.changed.length,
      retired: changes.retired.length,
    };
    const version = changeCount(changes) === 0 ? system.version : system.version + 1;
    if (version !== system.version) {
      await writeChanges(trx, request.name, version, changes);
      await trx
        .updateTable("ehealth_code_system")
        .set({ version, updated_at: request.now })
        .where("name", "=", request.name)
        .execute();
      await trx
        .insertInto("ehealth_code_system_version")
        .values({
          name: request.name,
          version,
          loaded_at: request.now,
          loaded_by: request.actor,
          source: request.source,
          ...counts,
        })
        .execute();
    }
    await appendAuditRecord(
      trx,
      {
        actor: request.actor,
        action: "ehealth.classifier.loaded",
        object: `classifier:${request.name}`,
        purpose: `version=${version}; added=${counts.added}; changed=${counts.changed}; retired=${counts.retired}; source=${request.source}`,
        legalGround: "ANX2-17",
        outcome: "success",
      },
      request.now,
    );
    return { name: request.name, format: file.format, version, ...counts };
  });
}
