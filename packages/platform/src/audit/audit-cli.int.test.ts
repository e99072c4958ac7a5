/**
 * `tilts audit seal` and `tilts audit verify` as an operator runs them, through the real CLI
 * (bin/tilts.js) on a data folder, against a database superuser's tampering (CON-9): a rewrite
 * with recomputed hashes, a cut tail, a forged signature, a foreign time-stamp. PGlite always,
 * PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.ts";
import type { Database } from "../db/schema.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { parseCheckpoint, serialiseCheckpoint } from "./checkpoint.ts";
import { type AuditEntry, appendAuditRecord } from "./index.ts";
import { GENESIS_HASH } from "./record-hash.ts";
import { rehashFrom } from "./testing/superuser-tamper.ts";

const bin = fileURLToPath(new URL("../../bin/tilts.js", import.meta.url));

function tilts(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const entry = (n: number): AuditEntry => ({
  actor: "PNOLV-290156-11600",
  actingFor: "40003000001",
  subjectPerson: "PNOLV-323691-93794",
  action: "ehealth.document.read",
  object: `document:${n}`,
  purpose: "treatment",
  legalGround: "gdpr-9-2-h",
  outcome: "success",
});

const TIMEOUT = 240_000;

describe.each(testDatabaseKinds())("tilts audit seal / verify on $name", (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), "tilts-audit-cli-"));
  const checkpointDir = join(dataDir, "audit-checkpoints");
  let server: TestDatabase | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    if (kind.name === "postgresql") server = await kind.open();
    env = { DATA_DIR: dataDir, ...(server ? { DATABASE_URL: server.url } : {}) };
    const migrated = await tilts(["migrate"], env);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, TIMEOUT);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The database as a superuser sees it (PGlite: opened only while the CLI is not running). */
  async function withDatabase(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    if (server) return work(server.db);
    const opened = await openDatabase({ kind: "pglite", dataDir });
    try {
      await work(opened.db);
    } finally {
      await opened.close();
    }
  }

  async function superuser(db: Kysely<Database>, statements: string[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      for (const s of statements) await sql.raw(s).execute(trx);
    });
  }

  /** A fresh log of five records, sealed by the CLI, and two records after the checkpoint. */
  async function sealedLog(): Promise<string> {
    rmSync(checkpointDir, { recursive: true, force: true });
    await withDatabase(async (db) => {
      await superuser(db, [
        "delete from audit_log",
        "delete from audit_checkpoint",
        `update audit_head set last_seq = 0, last_hash = '${GENESIS_HASH}'`,
        "select setval('audit_log_seq', 1, false)",
      ]);
      for (let i = 1; i <= 5; i++) await appendAuditRecord(db, entry(i));
    });
    const sealed = await tilts(["audit", "seal", "--json"], env);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(JSON.parse(sealed.stdout)).toMatchObject({ sealed: true, seq: "5", reason: null });
    await withDatabase(async (db) => {
      for (let i = 6; i <= 7; i++) await appendAuditRecord(db, entry(i));
    });
    return join(checkpointDir, readdirSync(checkpointDir)[0]!);
  }

  async function verify() {
    const run = await tilts(["audit", "verify", "--json"], env);
    return { code: run.code, report: JSON.parse(run.stdout || "null"), stderr: run.stderr };
  }

  it(
    "verifies an untouched log and its checkpoint (exit 0); sealing again changes nothing",
    async () => {
      await sealedLog();
      const { code, report, stderr } = await verify();
      expect(code, stderr).toBe(0);
      // Records 6 and 7 were appended after the seal; nothing has linked them yet.
      expect(report).toEqual({
        intact: true,
        records: 7,
        unlinked: 2,
        problem: null,
        checkpoints: { checked: 1, lastSealedSeq: "5", unsealedRecords: 2, problems: [] },
      });
      const human = await tilts(["audit", "verify"], env);
      expect(human.stdout).toContain("sealed up to record 5, 2 record(s) after it");
      expect(human.stdout).toContain("2 record(s) at the end are not linked into the chain yet");
    },
    TIMEOUT,
  );

  it(
    "reports a record rewritten before the checkpoint, all later hashes and the head recomputed (exit 1)",
    async () => {
      await sealedLog();
      await withDatabase((db) => rehashFrom(db, 2, (row) => ({ ...row, purpose: "curiosity" })));
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(report).toMatchObject({
        intact: false,
        records: 7,
        problem: { kind: "changed", code: "chain-rewritten", seq: "5" },
        checkpoints: { lastSealedSeq: null, problems: [{ code: "chain-rewritten", seq: "5" }] },
      });
    },
    TIMEOUT,
  );

  it(
    "reports the log cut before the checkpoint with the head set back (exit 1)",
    async () => {
      await sealedLog();
      await withDatabase(async (db) => {
        const row = await db
          .selectFrom("audit_log")
          .select("hash")
          .where("seq", "=", "4")
          .executeTakeFirstOrThrow();
        await superuser(db, [
          "delete from audit_log where seq > 4",
          `update audit_head set last_seq = 4, last_hash = '${row.hash}'`,
        ]);
      });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(report).toMatchObject({
        intact: false,
        records: 4,
        problem: { kind: "removed", code: "chain-truncated", seq: "5" },
      });
    },
    TIMEOUT,
  );

  it(
    "reports a checkpoint whose signature is wrong (exit 4)",
    async () => {
      const file = await sealedLog();
      const checkpoint = parseCheckpoint(readFileSync(file, "utf8"));
      const signature = Buffer.from(checkpoint.signature, "base64");
      signature[10] = (signature[10] ?? 0) ^ 0x40;
      const forged = serialiseCheckpoint({ ...checkpoint, signature: signature.toString("base64") });
      writeFileSync(file, forged);
      await withDatabase((db) => superuser(db, [`update audit_checkpoint set document = '${forged}'`]));
      const { code, report } = await verify();
      expect(code).toBe(4);
      expect(report.intact).toBe(false);
      expect(report.problem).toMatchObject({
        kind: "checkpoint",
        code: "checkpoint-signature-invalid",
        seq: "5",
      });
    },
    TIMEOUT,
  );

  it(
    "reports a checkpoint whose time-stamp is another checkpoint's (exit 4)",
    async () => {
      const file = await sealedLog();
      const first = parseCheckpoint(readFileSync(file, "utf8"));
      // A second, genuine checkpoint: its token stamps another signature.
      expect((await tilts(["audit", "seal"], env)).code).toBe(0);
      const second = parseCheckpoint(
        readFileSync(join(checkpointDir, readdirSync(checkpointDir)[1]!), "utf8"),
      );
      const swapped = serialiseCheckpoint({ ...first, timeStampToken: second.timeStampToken });
      writeFileSync(file, swapped);
      await withDatabase((db) =>
        superuser(db, [`update audit_checkpoint set document = '${swapped}' where seq = 5`]),
      );
      const { code, report } = await verify();
      expect(code).toBe(4);
      expect(report.checkpoints.problems).toEqual([
        expect.objectContaining({ code: "checkpoint-time-stamp-invalid", seq: "5" }),
      ]);
      expect(report.checkpoints.lastSealedSeq).toBe("7");
    },
    TIMEOUT,
  );

  it(
    "reports a checkpoint missing from the database and one missing from the folder (exit 4)",
    async () => {
      await sealedLog();
      await withDatabase((db) => superuser(db, ["delete from audit_checkpoint"]));
      expect((await verify()).report.checkpoints.problems).toEqual([
        expect.objectContaining({ code: "checkpoint-missing-from-database", seq: "5" }),
      ]);
      await sealedLog();
      rmSync(checkpointDir, { recursive: true });
      const { code, report } = await verify();
      expect(code).toBe(4);
      expect(report.checkpoints.problems).toEqual([
        expect.objectContaining({ code: "checkpoint-missing-from-folder", seq: "5" }),
      ]);
    },
    TIMEOUT,
  );
});
