/**
 * OOTS-10 acceptance between real processes started from bin/tilts.js, each with its own data
 * folder and its own side of the OOTS Domibus P-Mode, configured with each other's party and
 * certificates (AS4_* keys):
 *   1. `tilts as4 send` (LV) → `tilts start` (SK): two payloads, signed and encrypted, stored by
 *      SK once, receipted, the receipt verified by LV (exit 0, "receipted").
 *   2. Both ways between two `tilts start` processes: LV's server sends SK a request and SK's
 *      server sends LV a response, each with two payloads, signed and encrypted; each is stored
 *      once by its recipient, which answers with a signed receipt the sender verifies.
 * Crash safety (SIGKILL of the receiver during a burst) is crash-burst.int.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrations.ts";
import type { Database } from "../db/schema.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { configuredAccessPoint } from "./configured-access-point.ts";
import { findMessage, storedPayloads } from "./message-store.ts";
import { send } from "./sender.ts";
import { as4AuditRecords } from "./testing/audit-records.ts";
import {
  childEnvironment,
  killRunningServers,
  runTilts,
  sleep,
  startTilts,
} from "./testing/tilts-processes.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPointPki,
  writeAccessPointFiles,
} from "./testing/two-access-points.ts";

const root = mkdtempSync(join(tmpdir(), "tilts-as4-processes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(killRunningServers);

/** Runs `work` on a PGlite data folder no server holds. */
async function withStore<T>(dataDir: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    await migrateToLatest(db.db);
    return await work(db.db);
  } finally {
    await db.close();
  }
}

describe("AS4 between two tilts processes", async () => {
  const pki = testAccessPointPki();
  const [lvPort, skPort] = [await freePort(), await freePort()];
  const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: `http://127.0.0.1:${skPort}/as4` };
  const base = childEnvironment();
  const lvEnv = {
    ...base,
    ...writeAccessPointFiles(join(root, "lv"), pki, "ap_lv", endpoints, "1;6;CONSTANT"),
  };
  const skEnv = {
    ...base,
    ...writeAccessPointFiles(join(root, "sk"), pki, "ap_sk", endpoints, "1;6;CONSTANT"),
  };
  const lvData = join(root, "lv", "data");
  const skData = join(root, "sk", "data");
  const props = OOTS_PROPERTIES.flatMap((p) => ["--property", `${p.name}=${p.value}`]);

  it("tilts as4 send delivers two signed, encrypted payloads to tilts start and verifies the receipt", async () => {
    const sk = startTilts(skPort, skData, skEnv);
    await sk.ready;
    writeFileSync(join(root, "query.xml"), "<query:QueryRequest/>");
    writeFileSync(join(root, "evidence.pdf"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 255]));
    const sent = await runTilts(
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
  }, 600_000);

  it("sends both ways between two tilts start processes, each message stored once and receipted", async () => {
    const twoPayloads = (side: string) => [
      { contentId: `query@${side}`, mimeType: "application/x-ebrs+xml", bytes: Buffer.from(`<rs:${side}/>`) },
      { contentId: `evidence@${side}`, mimeType: "application/pdf", bytes: Buffer.from(`%PDF ${side}`) },
    ];
    // Queued in each side's own store as its OOTS module would: LV asks, SK answers.
    const queue = (env: Record<string, string>, dataDir: string, message: Parameters<typeof send>[1]) => {
      const accessPoint = configuredAccessPoint(loadConfig({ env: { ...env, DATA_DIR: dataDir } }));
      return withStore(dataDir, (db) => send({ db, accessPoint }, message));
    };
    const request = await queue(lvEnv, lvData, {
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: twoPayloads("lv"),
    });
    const response = await queue(skEnv, skData, {
      to: { value: "AP_LV_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: "ExecuteQueryResponse",
      properties: OOTS_PROPERTIES,
      payloads: twoPayloads("sk"),
    });

    // Both servers send on start; one that starts before the other listens resends in 10 s.
    // PGlite: one process per data folder, so both stop before their stores are read.
    let outcome: { lvOut?: string; skOut?: string } = {};
    for (let round = 0; round < 6; round++) {
      const sk = startTilts(skPort, skData, skEnv);
      const lv = startTilts(lvPort, lvData, lvEnv);
      await Promise.all([sk.ready, lv.ready]);
      await sleep(round === 0 ? 4000 : 11_000);
      expect(await lv.stop()).toBe(0);
      expect(await sk.stop()).toBe(0);
      outcome = {
        lvOut: await withStore(lvData, async (db) => (await findMessage(db, "out", request))?.status),
        skOut: await withStore(skData, async (db) => (await findMessage(db, "out", response))?.status),
      };
      if (outcome.lvOut === "receipted" && outcome.skOut === "receipted") break;
    }
    expect(outcome).toEqual({ lvOut: "receipted", skOut: "receipted" });

    // Each recipient stored the message once, with both payloads as sent, and audited it once.
    const check = async (dataDir: string, messageId: string, from: string, side: string) =>
      withStore(dataDir, async (db) => {
        const row = await findMessage(db, "in", messageId);
        expect(row).toMatchObject({ from_party: from });
        expect(storedPayloads(row!).map((p) => [p.contentId, Buffer.from(p.bytes).toString()])).toEqual([
          [`query@${side}`, `<rs:${side}/>`],
          [`evidence@${side}`, `%PDF ${side}`],
        ]);
        const actions = (await as4AuditRecords(db, messageId)).map((r) => r.action);
        expect(actions.filter((a) => a === "as4.message.received")).toHaveLength(1);
      });
    await check(skData, request, "ap_lv", "lv");
    await check(lvData, response, "ap_sk", "sk");
    // And each sender verified its receipt (recorded when the signed receipt checked out).
    await withStore(lvData, async (db) =>
      expect((await as4AuditRecords(db, request)).map((r) => r.action)).toContain("as4.message.receipted"),
    );
    await withStore(skData, async (db) =>
      expect((await as4AuditRecords(db, response)).map((r) => r.action)).toContain("as4.message.receipted"),
    );
  }, 600_000);
});
