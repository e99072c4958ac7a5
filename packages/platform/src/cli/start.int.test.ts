/**
 * The CLI as a newcomer meets it: a real process started from bin/tilts.js, stopped with
 * SIGTERM, started again on the same data folder; configuration and database failures give one
 * clear line and a non-zero exit.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.ts";
import { freshPostgresDatabase } from "../db/testing.ts";

const bin = fileURLToPath(new URL("../../bin/tilts.js", import.meta.url));
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn" };

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...baseEnv, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Servers still running when a test ends (it failed or timed out) are stopped, never leaked. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

/** Starts the server and resolves with its printed URL once it says it is running. */
function startServer(args: string[], env: Record<string, string | undefined> = {}) {
  const child: ChildProcess = spawn(process.execPath, [bin, "start", "--port", "0", ...args], {
    env: { ...baseEnv, ...env },
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      stdout += d;
      const match = /Tilts is running at (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on("data", (d) => (stderr += d));
    exited.then(() => reject(new Error(`server exited early: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe("tilts start", () => {
  it("serves the home page, stops cleanly on SIGTERM, and keeps its data across restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tilts-start-"));
    for (let round = 1; round <= 2; round++) {
      const server = startServer(["--data-dir", dataDir]);
      const base = await server.url;
      const home = await fetch(base);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<html lang="lv">');
      const ready = await (await fetch(new URL("/readyz", base))).json();
      expect(ready).toMatchObject({ status: "ready", database: { kind: "pglite" } });
      // With --port 0 the printed URL names the real port, and so does everything built on it.
      expect(new URL(base).port).not.toBe("0");
      const discovery = await (await fetch(new URL("/.well-known/openid-configuration", base))).json();
      expect(discovery.issuer).toBe(new URL(base).origin);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
    // Two starts and two stops were recorded, in one intact chain, in the same data folder
    // (with the records the first start's demo data wrote between them).
    const verified = await run(["audit", "verify", "--data-dir", dataDir, "--json"]);
    expect(verified.code).toBe(0);
    const opened = await openDatabase({ kind: "pglite", dataDir });
    const lifecycle = await opened.db
      .selectFrom("audit_log")
      .select(["action"])
      .where("action", "in", ["platform.started", "platform.stopped"])
      .orderBy("seq")
      .execute();
    expect(lifecycle.map((r) => r.action)).toEqual([
      "platform.started",
      "platform.stopped",
      "platform.started",
      "platform.stopped",
    ]);
    const total = await opened.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    // The fields the JSON contract always had, and the checkpoints: the stop sealed the whole log,
    // the records of both stops included, signed and time-stamped by the testbed's TSA (CON-9).
    expect(JSON.parse(verified.stdout)).toEqual({
      intact: true,
      records: Number(total.n),
      unlinked: 0, // the stop linked every record before its last checkpoint
      problem: null,
      checkpoints: {
        checked: expect.any(Number),
        lastSealedSeq: String(total.n),
        unsealedRecords: 0,
        problems: [],
      },
    });
    expect(readdirSync(join(dataDir, "audit-checkpoints")).length).toBeGreaterThanOrEqual(2);
    expect(statSync(join(dataDir, "audit-key", "audit-signing-key.pem")).mode & 0o777).toBe(0o600);

    // Tamper as a superuser would, then the CLI reports it.
    await opened.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update audit_log set actor = 'intruder' where seq = 2`.execute(trx);
    });
    await opened.close();
    const broken = await run(["audit", "verify", "--data-dir", dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("BROKEN at record 2 (changed)");
    // A first start creates the database and the test PKI: slow on a busy two-core machine.
  }, 240_000);

  it("refuses a bad PORT with one clear line", async () => {
    const result = await run(["start"], { PORT: "abc" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'tilts: configuration error: PORT: expected a whole number from 0 to 65535, got "abc"',
    ]);
  });

  it("refuses an unreachable DATABASE_URL with one clear line", async () => {
    const result = await run(["start"], { DATABASE_URL: "postgres://tilts:secret@127.0.0.1:9/none" });
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tilts: cannot reach the database at postgres:\/\/tilts:\*\*\*@127\.0\.0\.1:9\/none/,
    );
    expect(result.stderr).not.toContain("secret");
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    "runs on PostgreSQL when DATABASE_URL is set; a second process with another key-encryption secret is refused with one line",
    async () => {
      // A database of its own: one left by another run holds ID-token keys under that run's secret.
      const database = await freshPostgresDatabase(process.env.TEST_DATABASE_URL!);
      try {
        const env = { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(join(tmpdir(), "tilts-start-pg-")) };
        const server = startServer([], env);
        const base = await server.url;
        const ready = await (await fetch(new URL("/readyz", base))).json();
        expect(ready).toMatchObject({ status: "ready", database: { kind: "postgresql", migrated: true } });
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
        // Another data folder means another development secret: the keys in the database do not
        // open under it, and the start says so (CON-13: nodes sharing a database share the secret).
        const other = await run(["start", "--port", "0"], {
          ...env,
          DATA_DIR: mkdtempSync(join(tmpdir(), "tilts-start-pg-other-")),
        });
        expect(other.code).toBe(2);
        const lines = other.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^tilts: configuration error: KEY_ENCRYPTION_SECRET: /);
        expect(lines[0]).toContain("another key-encryption secret");
      } finally {
        await database.drop();
      }
    },
    // Two real starts on PostgreSQL (migrations, the testbed's PKI and keys): ~20 s on a quiet
    // machine, well over a minute when the test run's other workers share the two cores.
    180_000,
  );

  it("prints help and version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("audit verify");
    const startHelp = await run(["start", "--help"]);
    expect(startHelp.stdout).toContain("--data-dir DIR");
    expect((await run(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(["no-such-command"])).code).toBe(2);
  });
});
