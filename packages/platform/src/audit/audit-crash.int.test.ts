/**
 * Crash test (CON-9; DESIGN: acknowledged means durable): a process appending with 32 concurrent
 * writers (testing/crash-writer.ts) is killed with SIGKILL mid-stream. After the restart every
 * record it acknowledged is in the log at its position with its content, `tilts audit verify`
 * passes with the unlinked tail, and once linked the chain is gapless — the positions of the
 * transactions that rolled back or died with the process marked unused — and verifies again.
 * PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type OpenDatabase, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrations.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { linkPendingRecords, UNUSED_POSITION_ACTION } from "./index.ts";

const bin = fileURLToPath(new URL("../../bin/tilts.js", import.meta.url));
const writerScript = fileURLToPath(new URL("./testing/crash-writer.ts", import.meta.url));
const ACKS_BEFORE_KILL = 300;
const TIMEOUT = 400_000;

function run(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the writer until it has acknowledged `count` records, then kills it with SIGKILL. */
function appendThenKill(args: string[], count: number): Promise<Map<bigint, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writerScript, ...args]);
    const acked = new Map<bigint, string>();
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!; // a line cut by the kill is not an acknowledgement
      for (const line of lines) {
        const [word, seq, id] = line.split(" ");
        if (word === "ack") acked.set(BigInt(seq!), id!);
      }
      if (acked.size >= count && child.exitCode === null && !child.killed) child.kill("SIGKILL");
    });
    child.on("close", (_code, signal) =>
      signal === "SIGKILL" ? resolve(acked) : reject(new Error(`the writer ended by itself: ${stderr}`)),
    );
  });
}

describe.each(testDatabaseKinds())("audit appends killed mid-stream on $name", (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), "tilts-audit-crash-"));
  let server: TestDatabase | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    "keeps every acknowledged record, and the chain verifies before and after linking",
    async () => {
      let env: Record<string, string | undefined>;
      let writerArgs: string[];
      if (kind.name === "postgresql") {
        server = await kind.open();
        env = { DATA_DIR: dataDir, DATABASE_URL: server.url };
        writerArgs = ["postgresql", server.url!];
      } else {
        const created = await openDatabase({ kind: "pglite", dataDir });
        await migrateToLatest(created.db);
        await created.close();
        env = { DATA_DIR: dataDir };
        writerArgs = ["pglite", dataDir];
      }
      const acked = await appendThenKill(writerArgs, ACKS_BEFORE_KILL);
      expect(acked.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

      const before = await run([bin, "audit", "verify", "--json"], env);
      expect(before.code, before.stdout + before.stderr).toBe(0);
      expect(JSON.parse(before.stdout)).toMatchObject({ intact: true });

      const reopened: OpenDatabase =
        kind.name === "postgresql"
          ? await openDatabase({ kind: "postgresql", url: server!.url! })
          : await openDatabase({ kind: "pglite", dataDir });
      try {
        await linkPendingRecords(reopened.db);
        const rows = await reopened.db
          .selectFrom("audit_log")
          .select(["seq", "correlation_id", "action", "hash"])
          .orderBy("seq")
          .execute();
        const byPosition = new Map(rows.map((r) => [BigInt(r.seq), r]));
        for (const [seq, id] of acked) expect(byPosition.get(seq)?.correlation_id, `record ${seq}`).toBe(id);
        // Gapless and linked from the first position to the last record.
        expect(rows.map((r) => BigInt(r.seq))).toEqual(rows.map((_, i) => BigInt(i + 1)));
        expect(rows.every((r) => r.hash !== null)).toBe(true);
        // The writers' rollbacks left positions the linker marked unused.
        expect(rows.some((r) => r.action === UNUSED_POSITION_ACTION)).toBe(true);
      } finally {
        await reopened.close();
      }

      const after = await run([bin, "audit", "verify", "--json"], env);
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(JSON.parse(after.stdout)).toMatchObject({ intact: true, unlinked: 0 });
    },
    TIMEOUT,
  );
});
