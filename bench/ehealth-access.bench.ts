/**
 * E-health access log at scale (issue 6 acceptance, CON-9): with 10,000,000 audit records on
 * PostgreSQL, one patient's access report must answer in under 50 ms, and recording an access
 * must add under 2 ms to a request.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench ehealth-access
 *   EHEALTH_BENCH_RECORDS=200000 …   (a quick smoke run; default 10,000,000)
 *
 * A throwaway database is created on that server, migrated, loaded and dropped at the end.
 * The load is one `INSERT … SELECT generate_series` per million rows, with the audit log's
 * secondary indexes dropped during the load and rebuilt from their own definitions afterwards
 * (faster than maintaining them row by row). The rows have a realistic shape, not a valid hash
 * chain: prev_hash/hash are filler of the right length (a chain would need 10M sequential
 * SHA-256s over the rows, which the benchmark does not need; `tilts audit verify` would report
 * the bench database broken). The append-only triggers refuse only UPDATE/DELETE/TRUNCATE, so
 * the INSERT load needs no trigger switched off.
 *
 * Distribution: ~1 access per 10 records per patient over 1,000,000 patients with a skew (patient
 * number = ⌊N·r^1.5⌋: most patients have a handful of accesses, the lowest numbers hundreds to
 * about a thousand), 20,000 users each working at one of 500 institutions, 3 years of records in
 * time order; actions 25% patient.found, 25% documents.listed, 42% document.read, 5% upload,
 * 3% refused reads.
 *
 * Measured in the same run: a bare `SELECT 1` round trip, a read-only request transaction, the
 * same with one bare INSERT into audit_log (no chain), and the same with recordAccess (since
 * commit 546d601 the audit append is one statement: head locked, hash computed in SQL, record
 * and head written) — the difference is what CON-9 costs a request. A diagnostic pair without
 * the commit's WAL flush splits that cost. Then 8 concurrent requests, where the head lock
 * (held to commit) serialises appends.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../packages/platform/src/db/database.ts";
import { migrateToLatest } from "../packages/platform/src/db/migrations.ts";
import type { Database } from "../packages/platform/src/db/schema.ts";
import { recordAccess } from "../packages/platform/src/ehealth/access-log/index.ts";
import type { EhealthTransaction } from "../packages/platform/src/ehealth/database.ts";
import { accessReportPage } from "../packages/platform/src/ehealth/reports/access-report.ts";
import { median } from "./measure.ts";

const CHUNK = 1_000_000;
const INSTITUTIONS = 500;
const START = Date.UTC(2023, 10, 1);
const SPAN_MS = 3 * 365 * 86_400_000;

interface Shape {
  records: number;
  patients: number;
  users: number;
}

function shapeFromEnv(): Shape {
  const records = Number(process.env.EHEALTH_BENCH_RECORDS ?? 10_000_000);
  if (!Number.isInteger(records) || records < 10_000)
    throw new Error("EHEALTH_BENCH_RECORDS must be an integer ≥ 10000");
  return {
    records,
    patients: Math.max(1_000, Math.round(records / 10)),
    users: Math.min(20_000, Math.max(100, Math.round(records / 500))),
  };
}

/**
 * `PNOLV-32XXXX-XXXXX` for number n: new-format codes (no birth date, any check digit). Patients
 * are numbers from 0, users from USER_BASE.
 */
const USER_BASE = 500_000_000;
const codeSql = (n: string) =>
  `'PNOLV-32' || lpad((${n} / 100000)::text, 4, '0') || '-' || lpad((${n} % 100000)::text, 5, '0')`;
const codeOf = (n: number) =>
  `PNOLV-32${String(Math.floor(n / 100_000)).padStart(4, "0")}-${String(n % 100_000).padStart(5, "0")}`;
const patientCode = (p: number) => codeOf(p);
const userCode = (u: number) => codeOf(USER_BASE + u);

export default async function ehealthAccessBench(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log("skipped: set TEST_DATABASE_URL (a PostgreSQL server) to run this benchmark");
    return;
  }
  const shape = shapeFromEnv();
  // For repeated measurements without reloading: EHEALTH_BENCH_KEEP=1 keeps the loaded database
  // (its name is printed), EHEALTH_BENCH_REUSE=<name> measures it again (same EHEALTH_BENCH_RECORDS).
  const reuse = process.env.EHEALTH_BENCH_REUSE;
  if (reuse !== undefined && !/^tilts_bench_[0-9a-f]{10}$/.test(reuse))
    throw new Error("EHEALTH_BENCH_REUSE must name a database this benchmark kept (tilts_bench_…)");
  const keep = process.env.EHEALTH_BENCH_KEEP === "1" || reuse !== undefined;
  const name = reuse ?? `tilts_bench_${randomBytes(5).toString("hex")}`;
  if (!reuse) await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const opened = await openDatabase({ kind: "postgresql", url: url.toString() });
    try {
      if (!reuse) {
        await migrateToLatest(opened.db);
        await load(url.toString(), shape);
      }
      await measureReports(opened.db, shape);
      // Diagnostic only: the same server without waiting for the WAL flush at commit, to split
      // the cost of recording into the disk's flush and the rest (round trips, lock, hash).
      const noFlushUrl = new URL(url);
      noFlushUrl.searchParams.set("options", "-c synchronous_commit=off");
      const noFlush = await openDatabase({ kind: "postgresql", url: noFlushUrl.toString() });
      try {
        await measureRecording(opened.db, noFlush.db);
      } finally {
        await noFlush.close();
      }
    } finally {
      await opened.close();
    }
  } finally {
    if (keep) console.log(`kept database ${name} (drop it with: drop database ${name})`);
    else await admin(serverUrl, `drop database if exists ${name} with (force)`);
  }
}

async function load(url: string, shape: Shape): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set synchronous_commit = off");
    await client.query("set maintenance_work_mem = '512MB'");
    await client.query("select setseed(0.42)");
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      "select indexname, indexdef from pg_indexes where tablename = 'audit_log' and indexname <> 'audit_log_pkey'",
    );
    for (const index of indexes.rows) await client.query(`drop index ${index.indexname}`);

    const stepMs = Math.floor(SPAN_MS / shape.records);
    const started = performance.now();
    for (let lo = 1; lo <= shape.records; lo += CHUNK) {
      const hi = Math.min(shape.records, lo + CHUNK - 1);
      await client.query(
        `insert into audit_log (seq, recorded_at, actor, acting_for, subject_person, action, object, purpose,
           legal_ground, outcome, client_address, correlation_id, prev_hash, hash)
         select i,
           to_timestamp(0) + ($1::bigint + i * $2::bigint) * interval '1 millisecond',
           ${codeSql(`(u + ${USER_BASE})`)},
           '4000' || lpad((u % ${INSTITUTIONS})::text, 7, '0'),
           ${codeSql("p")},
           case when a < 0.25 then 'ehealth.patient.found' when a < 0.50 then 'ehealth.documents.listed'
                when a < 0.92 then 'ehealth.document.read' when a < 0.97 then 'ehealth.document.uploaded'
                else 'ehealth.document.read' end,
           case when a >= 0.5 then 'document:' || (i % 5000000) end,
           case when a >= 0.97 then 'treatment; refused=right-suspended'
                when b < 0.70 then 'treatment' when b < 0.75 then 'emergency' when b < 0.90 then 'prescription'
                when b < 0.95 then 'laboratory' else 'registration' end,
           case when a >= 0.97 then null when b >= 0.70 and b < 0.75 then 'gdpr-9-2-c' else 'gdpr-9-2-h' end,
           case when a >= 0.97 then 'denied' else 'success' end,
           '10.' || (u % 250) || '.' || (u / 250 % 250) || '.1',
           'req-' || i,
           lpad(to_hex(i - 1), 64, '0'),
           lpad(to_hex(i), 64, '0')
         from (select i, floor(random() * $3)::int as u, floor($4 * power(random(), 1.5))::int as p,
                      random() as a, random() as b
               from generate_series($5::bigint, $6::bigint) as i) as s`,
        [START, stepMs, shape.users, shape.patients, lo, hi],
      );
      const done = hi / shape.records;
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `  loaded ${hi.toLocaleString("en")} rows (${(done * 100).toFixed(0)}%, ${seconds.toFixed(0)} s)\n`,
      );
    }
    const insertSeconds = (performance.now() - started) / 1000;
    const indexStart = performance.now();
    for (const index of indexes.rows) await client.query(index.indexdef);
    const indexSeconds = (performance.now() - indexStart) / 1000;
    // The chain head points at the last loaded row, so appends continue after it.
    await client.query(
      "update audit_head set last_seq = $1, last_hash = lpad(to_hex($1::bigint), 64, '0') where id = 1",
      [shape.records],
    );
    // Appends draw their positions from the sequence: continue after the loaded rows.
    await client.query("select setval('audit_log_seq', $1)", [shape.records]);
    const analyzeStart = performance.now();
    await client.query("analyze audit_log");
    const analyzeSeconds = (performance.now() - analyzeStart) / 1000;
    const size = await client.query<{ table: string; indexes: string }>(
      "select pg_size_pretty(pg_table_size('audit_log')) as table, pg_size_pretty(pg_indexes_size('audit_log')) as indexes",
    );
    console.log(
      `load: ${shape.records.toLocaleString("en")} records (${shape.patients.toLocaleString("en")} patients, ${shape.users.toLocaleString("en")} users, ${INSTITUTIONS} institutions): ` +
        `insert ${insertSeconds.toFixed(0)} s, indexes ${indexSeconds.toFixed(0)} s, analyze ${analyzeSeconds.toFixed(0)} s; ` +
        `table ${size.rows[0]?.table}, indexes ${size.rows[0]?.indexes}`,
    );
  } finally {
    await client.end();
  }
}

interface Stats {
  median: number;
  p95: number;
  max: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: median(sorted),
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!,
    max: sorted.at(-1)!,
  };
}

function line(label: string, s: Stats, extra = ""): string {
  return `${label.padEnd(58)} median ${s.median.toFixed(3).padStart(8)} ms  p95 ${s.p95.toFixed(3).padStart(8)} ms  max ${s.max.toFixed(1).padStart(7)} ms${extra}`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A deterministic spread of patient numbers (not the skew's heavy few alone). */
function samplePatients(patients: number, count: number): number[] {
  let x = 12345;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % patients;
  });
}

async function measureReports(db: Kysely<Database>, shape: Shape): Promise<void> {
  const ping: number[] = [];
  for (let i = 0; i < 500; i++) ping.push(await time(() => sql`select 1`.execute(db)));
  console.log(line("baseline: SELECT 1 round trip", stats(ping)));

  const patients = samplePatients(shape.patients, 500);
  for (const p of patients.slice(0, 50))
    await accessReportPage(db, { subject: { kind: "patient", patient: patientCode(p) } }); // warm-up
  const report: number[] = [];
  let rows = 0;
  for (const p of patients) {
    report.push(
      await time(async () => {
        const page = await accessReportPage(db, { subject: { kind: "patient", patient: patientCode(p) } });
        rows += page.rows.length;
      }),
    );
  }
  console.log(
    line(
      `one patient's report, first page (${patients.length} patients)`,
      stats(report),
      `  (${(rows / patients.length).toFixed(1)} rows avg)`,
    ),
  );

  const filtered: number[] = [];
  for (const p of patients.slice(0, 200))
    filtered.push(
      await time(() =>
        accessReportPage(db, {
          subject: { kind: "patient", patient: patientCode(p) },
          from: "2025-01-01",
          to: "2025-12-31",
        }),
      ),
    );
  console.log(line("one patient's report, one year (200 patients)", stats(filtered)));

  // The heaviest patients (the skew's lowest numbers): first page and a full walk.
  const heavy: number[] = [];
  for (let p = 0; p < 20; p++)
    heavy.push(
      await time(() => accessReportPage(db, { subject: { kind: "patient", patient: patientCode(p) } })),
    );
  const heavyCount = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("subject_person", "=", patientCode(0))
    .executeTakeFirstOrThrow();
  console.log(line(`heaviest 20 patients, first page (top: ${heavyCount.n} records)`, stats(heavy)));

  const users: number[] = [];
  for (let u = 0; u < 100; u++)
    users.push(await time(() => accessReportPage(db, { subject: { kind: "user", user: userCode(u * 7) } })));
  console.log(line("one user's report, first page (100 users)", stats(users)));

  const institutions: number[] = [];
  for (let i = 0; i < 100; i++) {
    const regNo = `4000${String(i).padStart(7, "0")}`;
    institutions.push(
      await time(() => accessReportPage(db, { subject: { kind: "institution", institution: regNo } })),
    );
  }
  console.log(line("one institution's report, first page (100 institutions)", stats(institutions)));

  // A deep page: keyset paging costs the same at page 100 as at page 1.
  const deep = await time(async () => {
    let after: Awaited<ReturnType<typeof accessReportPage>>["next"] = null;
    for (let page = 0; page < 100; page++) {
      const result = await accessReportPage(db, {
        subject: { kind: "institution", institution: "40000000001" },
        ...(after ? { after } : {}),
      });
      after = result.next;
    }
  });
  console.log(
    `${"one institution's report, pages 1–100 walked".padEnd(58)} ${(deep / 100).toFixed(3)} ms per page`,
  );
}

async function measureRecording(db: Kysely<Database>, noFlushDb: Kysely<Database>): Promise<void> {
  const entry = (n: number) => ({
    user: userCode(n % 20_000),
    institution: `4000${String(n % INSTITUTIONS).padStart(7, "0")}`,
    patient: patientCode((n * 7919) % 1_000_000),
    action: "ehealth.document.read" as const,
    purpose: "treatment",
    legalGround: "gdpr-9-2-h",
    outcome: "success" as const,
    object: `document:${n}`,
    clientAddress: "10.0.0.1",
    correlationId: `bench-${n}`,
  });
  // A request's own work: look something up (here: the chain head row without locking it).
  const requestWork = (trx: Kysely<Database>) =>
    trx.selectFrom("audit_head").select("last_seq").where("id", "=", 1).executeTakeFirstOrThrow();
  // Far above the chain's positions, and apart between runs on a kept database.
  let bareSeq = 9_000_000_000_000 + (Date.now() % 1_000_000_000) * 1000;
  const variants: [string, (n: number) => Promise<unknown>][] = [
    ["request transaction without recording", () => db.transaction().execute(requestWork)],
    [
      "  + one bare INSERT into audit_log (no chain)",
      (n) =>
        db.transaction().execute(async (trx) => {
          await requestWork(trx);
          await trx
            .insertInto("audit_log")
            .values({
              seq: String(bareSeq++),
              recorded_at: new Date(),
              actor: userCode(1),
              acting_for: "40000000001",
              subject_person: patientCode(1),
              action: "ehealth.document.read",
              object: `document:${n}`,
              purpose: "treatment",
              legal_ground: "gdpr-9-2-h",
              outcome: "success",
              client_address: "10.0.0.1",
              correlation_id: `bench-${n}`,
              prev_hash: "0".repeat(64),
              hash: "0".repeat(64),
            })
            .execute();
        }),
    ],
    [
      "  + recordAccess (one statement: lock head, hash, insert, move head)",
      (n) =>
        db.transaction().execute(async (trx: EhealthTransaction) => {
          await requestWork(trx);
          await recordAccess(trx, entry(n));
        }),
    ],
    [
      "diagnostic, no commit flush: request without recording",
      () => noFlushDb.transaction().execute(requestWork),
    ],
    [
      "diagnostic, no commit flush:   + recordAccess",
      (n) =>
        noFlushDb.transaction().execute(async (trx: EhealthTransaction) => {
          await requestWork(trx);
          await recordAccess(trx, entry(n));
        }),
    ],
  ];
  // Interleaved rounds, so drift on a shared machine hits every variant alike.
  const times = variants.map(() => [] as number[]);
  let n = 0;
  for (let round = 0; round < 40; round++) {
    for (const [v, [, fn]] of variants.entries()) {
      for (let i = 0; i < 50; i++) times[v]!.push(await time(() => fn(n++)));
    }
  }
  const results = times.map(stats);
  for (const [v, [label]] of variants.entries()) console.log(line(label, results[v]!));
  const base = results[0]!;
  const withRecord = results[2]!;
  console.log(
    `recording an access adds (median): ${(withRecord.median - base.median).toFixed(3)} ms; ` +
      `(p95): ${(withRecord.p95 - base.p95).toFixed(3)} ms; a bare insert adds ${(results[1]!.median - base.median).toFixed(3)} ms`,
  );

  console.log(
    `without the commit flush recordAccess adds ${(results[4]!.median - results[3]!.median).toFixed(3)} ms (diagnostic)`,
  );

  // Concurrency: 8 requests at once; the head row lock makes appends one at a time.
  for (const [label, fn] of [variants[1]!, variants[2]!]) {
    const latencies: number[] = [];
    const until = performance.now() + 3000;
    let done = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < until) {
          latencies.push(await time(() => fn(n++)));
          done++;
        }
      }),
    );
    console.log(line(`8 concurrent: ${label.trim()}`, stats(latencies), `  ${(done / 3).toFixed(0)} req/s`));
  }
}

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
