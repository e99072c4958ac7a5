/**
 * Group commit for appends made on their own (no caller transaction): while one INSERT is in
 * flight, the records appended meanwhile wait and go together in the next, so N concurrent
 * writers share one commit and its WAL flush instead of queueing N flushes. A lone append goes
 * at once (no timer, no added latency). Each caller's promise resolves only after the commit of
 * the INSERT that holds its record: acknowledged means durable (DESIGN). If that INSERT fails,
 * every record in it fails with the same error and none is written.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { insertAuditRecords, type RecordFields } from "./insert-records.ts";

/** Records per INSERT: bounds the statement's size (~1 kB per record). */
const MAX_BATCH = 1000;
/**
 * INSERTs in flight at once, each on its own connection: a commit's latency is mostly waiting
 * (the WAL flush, a busy machine's scheduler), so a few overlapping ones keep the disk busy.
 */
const IN_FLIGHT = 2;

interface Waiting {
  fields: RecordFields;
  resolve: (seq: bigint) => void;
  reject: (error: unknown) => void;
}

interface Batcher {
  queue: Waiting[];
  inFlight: number;
}

const batchers = new WeakMap<Kysely<Database>, Batcher>();

export function appendOnItsOwn(db: Kysely<Database>, fields: RecordFields): Promise<bigint> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = { queue: [], inFlight: 0 };
    batchers.set(db, batcher);
  }
  const appended = new Promise<bigint>((resolve, reject) => batcher.queue.push({ fields, resolve, reject }));
  if (batcher.inFlight < IN_FLIGHT) void flush(db, batcher);
  return appended;
}

async function flush(db: Kysely<Database>, batcher: Batcher): Promise<void> {
  batcher.inFlight++;
  try {
    while (batcher.queue.length > 0) {
      const batch = batcher.queue.splice(0, MAX_BATCH);
      try {
        const seqs = await insertAuditRecords(
          db,
          batch.map((w) => w.fields),
        );
        for (const [i, w] of batch.entries()) w.resolve(seqs[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  } finally {
    batcher.inFlight--;
  }
}
