/**
 * Counters of windows long over say nothing more: deleted hourly by each server process (several
 * nodes deleting the same rows is harmless), so the tables hold about a day of counts. A run of
 * sequential codes untouched for a day starts afresh too.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { JobContext, RunningJob } from "../../core/module/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";

/** Windows are kept this long after they end (a day window's counts stay readable for a day). */
const KEEP_AFTER_END_MS = 24 * 3600 * 1000;
const PRUNE_INTERVAL_MS = 3600 * 1000;

/** Deletes the counts of windows that ended more than a day before `now`; how many rows went. */
export async function pruneCopyingCounters(db: Kysely<Database>, now: Date): Promise<number> {
  const before = new Date(now.getTime() - KEEP_AFTER_END_MS);
  const ended = sql<boolean>`window_start + window_seconds * interval '1 second' < ${before}`;
  const patients = await db.deleteFrom("ehealth_copying_patient").where(ended).executeTakeFirst();
  const counters = await db.deleteFrom("ehealth_copying_counter").where(ended).executeTakeFirst();
  const sequences = await db
    .deleteFrom("ehealth_copying_sequence")
    .where("updated_at", "<", before)
    .executeTakeFirst();
  return Number(patients.numDeletedRows) + Number(counters.numDeletedRows) + Number(sequences.numDeletedRows);
}

/** The hourly pruning of a server process, stopped when the server closes. */
export async function startCopyingPruner(
  context: Pick<JobContext, "db" | "log" | "now">,
): Promise<RunningJob> {
  const db: Kysely<Database> = context.db;
  const timer = setInterval(() => {
    pruneCopyingCounters(db, context.now()).catch((error: unknown) =>
      context.log.warn({ err: { name: (error as Error).name } }, "anti-copying counters: pruning failed"),
    );
  }, PRUNE_INTERVAL_MS);
  timer.unref();
  return { stop: async () => clearInterval(timer) };
}
