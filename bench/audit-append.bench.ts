/**
 * Audit appends per second with 1, 8 and 32 concurrent writers (CON-9), against bare durable
 * INSERTs of the same row into a table with the same columns and indexes and no chain, in the
 * same run. Each writer has its own connection and appends on its own (one statement, its own
 * commit: every record is acknowledged durable). The chain linker runs beside the writers as in
 * `tilts start`; after each round the rest is linked and the chain verified, so a figure is only
 * printed for a chain that is gapless, ordered and verifies.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/run.ts audit-append
 *   AUDIT_BENCH_SECONDS=3 AUDIT_BENCH_ROUNDS=3 …   (defaults)
 *
 * PostgreSQL: a throwaway database on the server, dropped afterwards. PGlite (in memory, one
 * connection: writers queue) is measured for information.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import {
  type AuditEntry,
  appendAuditRecord,
  createChainLinker,
  linkPendingRecords,
  verifyAuditChain,
} from "../packages/platform/src/audit/index.ts";
import { jobLoop } from "../packages/platform/src/core/job-loop/index.ts";
import { openDatabase } from "../packages/platform/src/db/database.ts";
import { migrateToLatest } from "../packages/platform/src/db/migrations.ts";
import type { Database } from "../packages/platform/src/db/schema.ts";
import { median } from "./measure.ts";

const WRITERS = [1, 8, 32];
const SECONDS = Number(process.env.AUDIT_BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 3);

const entry = (n: number): AuditEntry => ({
  actor: "PNOLV-290156-11604",
  actingFor: "40003000001",
  subjectPerson: "PNOLV-323691-93794",
  action: "ehealth.document.read",
  object: `document:${n}`,
  purpose: "treatment",
  legalGround: "patient-care",
  outcome: "success",
  clientAddress: "127.0.0.1",
  correlationId: `req-${n}`,
});

/** Operations per second of `writers` loops running `op` for SECONDS. */
async function rate(writers: number, op: (n: number) => Promise<unknown>): Promise<number> {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) await op(n++);
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

async function bareInsert(db: Kysely<Database>, n: number): Promise<void> {
  const e = entry(n);
  await sql`insert into bench_bare_audit (seq, recorded_at, actor, acting_for, subject_person, action, object,
      purpose, legal_ground, outcome, client_address, correlation_id)
    values (nextval('bench_bare_seq'), ${new Date().toISOString()}::timestamptz, ${e.actor}, ${e.actingFor},
      ${e.subjectPerson}, ${e.action}, ${e.object}, ${e.purpose}, ${e.legalGround}, ${e.outcome},
      ${e.clientAddress}, ${e.correlationId})`.execute(db);
}

async function measureDatabase(name: string, db: Kysely<Database>, writerCounts: number[]): Promise<void> {
  await sql`create table bench_bare_audit (like audit_log including indexes)`.execute(db);
  await sql`create sequence bench_bare_seq`.execute(db);
  // The linker as `tilts start` runs it: back to back while there is work, every 100 ms when idle.
  const linker = createChainLinker(db);
  const loop = jobLoop({
    pass: () => linker.linkPending(),
    intervalMs: 100,
    onError: (e) => console.error(e),
  });
  console.log(`${name}: writers | bare INSERT/s | audit append/s | ratio | linked after the round in`);
  for (const writers of writerCounts) {
    const bare: number[] = [];
    const audit: number[] = [];
    const catchUp: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await rate(writers, (n) => bareInsert(db, n)));
      loop.start();
      audit.push(await rate(writers, (n) => appendAuditRecord(db, entry(n))));
      const stop = performance.now();
      await loop.stop();
      await linkPendingRecords(db);
      catchUp.push(performance.now() - stop);
      const verdict = await verifyAuditChain(db);
      if (!verdict.intact || verdict.unlinked !== 0)
        throw new Error(`the chain does not verify: ${JSON.stringify(verdict)}`);
    }
    const [b, a] = [median(bare), median(audit)];
    console.log(
      `${name}: ${String(writers).padStart(7)} | ${b.toFixed(0).padStart(12)} | ${a.toFixed(0).padStart(14)} | ${(a / b).toFixed(2).padStart(5)} | ${median(catchUp).toFixed(0)} ms`,
    );
  }
  const { records } = await verifyAuditChain(db);
  console.log(`${name}: chain verified: ${records} records, gapless and linked`);
}

async function onPostgres(serverUrl: string): Promise<void> {
  const name = `tilts_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: Math.max(...WRITERS) + 2 });
  pool.on("error", () => {}); // the forced drop at the end ends idle connections
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
    await measureDatabase("postgresql", db, WRITERS);
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export default async function auditAppendBench(): Promise<void> {
  console.log(`${ROUNDS} rounds of ${SECONDS} s per figure, medians; each writer appends on its own commit`);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await onPostgres(serverUrl);
  else console.log("postgresql: skipped (set TEST_DATABASE_URL)");
  const pglite = await openDatabase({ kind: "pglite" });
  try {
    await migrateToLatest(pglite.db);
    await measureDatabase("pglite (in memory, for information)", pglite.db, WRITERS);
  } finally {
    await pglite.close();
  }
}
