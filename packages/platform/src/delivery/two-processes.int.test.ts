/**
 * OOTS-10 acceptance between real processes started from bin/tilts.js, each with its own data
 * folder and its own side of the OOTS Domibus P-Mode, configured with each other's party and
 * certificates (AS4_* keys):
 *   1. `tilts as4 send` (LV) → `tilts start` (SK): two payloads, signed and encrypted, stored by
 *      SK once, receipted, the receipt verified by LV (exit 0, "receipted").
 *   2. Crash safety: 50 messages queued at LV, LV's `tilts start` sends them, SK is killed with
 *      SIGKILL during the burst and started again; LV's retries (the leg's schedule, here
 *      "1;6;CONSTANT": every 10 s) complete every message, and SK holds each exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrations.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { configuredAccessPoint } from "./configured-access-point.ts";
import { findMessage, storedPayloads } from "./message-store.ts";
import { send } from "./sender.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPointPki,
  writeAccessPointFiles,
} from "./testing/two-access-points.ts";

const bin = fileURLToPath(new URL("../../bin/tilts.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "tilts-as4-processes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function start(port: number, dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, "start", "--port", String(port), "--data-dir", dataDir], {
    env,
  });
  running.add(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const look = (d: Buffer) => {
      output += d;
      if (/Tilts is running at/.test(output)) resolve();
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    exited.then(() => reject(new Error(`server exited early: ${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("AS4 between two tilts processes", async () => {
  const pki = testAccessPointPki();
  const [lvPort, skPort] = [await freePort(), await freePort()];
  const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: `http://127.0.0.1:${skPort}/as4` };
  const base = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
  const lvEnv = {
    ...base,
    ...writeAccessPointFiles(join(root, "lv"), pki, "ap_lv", endpoints, "1;6;CONSTANT"),
  };
  const skEnv = { ...base, ...writeAccessPointFiles(join(root, "sk"), pki, "ap_sk", endpoints) };
  const lvData = join(root, "lv", "data");
  const skData = join(root, "sk", "data");
  const props = OOTS_PROPERTIES.flatMap((p) => ["--property", `${p.name}=${p.value}`]);

  it("tilts as4 send delivers two signed, encrypted payloads to tilts start and verifies the receipt", async () => {
    const sk = start(skPort, skData, skEnv);
    await sk.ready;
    writeFileSync(join(root, "query.xml"), "<query:QueryRequest/>");
    writeFileSync(join(root, "evidence.pdf"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 255]));
    const sent = await run(
      [
        "as4",
        "send",
        "--leg",
        "ootsRequestLeg",
        "--to",
        "AP_SK_01",
        ...props,
        "--json",
        "--data-dir",
        lvData,
        join(root, "query.xml"),
        join(root, "evidence.pdf"),
      ],
      lvEnv,
    );
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout);
    expect(result).toMatchObject({ status: "receipted", attempts: 1, error: null });
    sk.child.kill("SIGTERM");
    expect(await sk.exited).toBe(0);
    const db = await openDatabase({ kind: "pglite", dataDir: skData });
    try {
      const row = await findMessage(db.db, "in", result.messageId);
      expect(row).toMatchObject({ from_party: "ap_lv", to_party: "ap_sk", leg_name: "ootsRequestLeg" });
      expect(storedPayloads(row!).map((p) => [p.mimeType, Buffer.from(p.bytes).toString("latin1")])).toEqual([
        ["application/xml", "<query:QueryRequest/>"],
        ["application/pdf", "%PDF\u0000\u00ff"],
      ]);
    } finally {
      await db.close();
    }
  }, 240_000);

  it("completes a burst of 50 across a SIGKILL of the receiver, each message stored once", async () => {
    // Queue 50 at LV (as the OOTS module would, in LV's own database), then let LV's server send.
    const config = loadConfig({ env: { ...lvEnv, DATA_DIR: lvData } });
    const accessPoint = configuredAccessPoint(config);
    const lvDb = await openDatabase({ kind: "pglite", dataDir: lvData });
    const ids: string[] = [];
    try {
      await migrateToLatest(lvDb.db);
      for (let i = 0; i < 50; i++)
        ids.push(
          await send(
            { db: lvDb.db, accessPoint },
            {
              to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
              service: QUERY_SERVICE,
              action: REQUEST_ACTION,
              properties: OOTS_PROPERTIES,
              payloads: [
                { contentId: "q@lv", mimeType: "application/xml", bytes: Buffer.from(`<q n="${i}"/>`) },
              ],
            },
          ),
        );
    } finally {
      await lvDb.close();
    }

    // LV starts first: its first passes find SK down, so messages wait for their resends; SK is
    // killed as soon as the burst reaches it (its request log names the path), then started again.
    let lv = start(lvPort, lvData, lvEnv);
    await lv.ready;
    let sk = start(skPort, skData, skEnv);
    await sk.ready;
    const killAt = Date.now() + 30_000;
    while (Date.now() < killAt && !sk.output().includes('"/as4"')) await sleep(5);
    sk.child.kill("SIGKILL");
    // What SK had answered when it died: part of the burst at most.
    const answeredBeforeKill = (sk.output().match(/"\/as4"/g) ?? []).length / 2;
    await sk.exited;
    expect(answeredBeforeKill).toBeLessThan(ids.length);
    sk = start(skPort, skData, skEnv);
    await sk.ready;

    // LV resends every 10 s; check its store between runs (PGlite: one process at a time), which
    // also shows a restarted sender resuming.
    let statuses: string[] = [];
    let attempts: number[] = [];
    for (let round = 0; round < 8; round++) {
      await sleep(12_000);
      lv.child.kill("SIGTERM");
      expect(await lv.exited).toBe(0);
      const db = await openDatabase({ kind: "pglite", dataDir: lvData });
      try {
        const rows = await Promise.all(ids.map((id) => findMessage(db.db, "out", id)));
        statuses = rows.map((r) => r?.status ?? "?");
        attempts = rows.map((r) => r?.attempts ?? 0);
      } finally {
        await db.close();
      }
      if (statuses.every((s) => s === "receipted")) break;
      lv = start(lvPort, lvData, lvEnv);
      await lv.ready;
    }
    expect(statuses.filter((s) => s !== "receipted")).toEqual([]);
    // Messages went out again after failed sends (SK down, then killed).
    expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
    sk.child.kill("SIGTERM");
    expect(await sk.exited).toBe(0);
    const skDb = await openDatabase({ kind: "pglite", dataDir: skData });
    try {
      const rows = await skDb.db
        .selectFrom("as4_message")
        .select(["message_id"])
        .where("direction", "=", "in")
        .where("message_id", "in", ids)
        .execute();
      expect(rows.map((r) => r.message_id).sort()).toEqual([...ids].sort());
    } finally {
      await skDb.close();
    }
  }, 420_000);
});
