/**
 * OOTS-10 reliability over a bad network: LV's running sender reaches SK only through a proxy
 * (testing/faulty-proxy.ts) that drops requests, delays them, delivers them twice and drops
 * SK's answers (the receipt is stored at SK but never reaches LV). LV resends on its schedule
 * (here every second) until a verified receipt; SK's duplicate detection (ebMS 3.0 Core §8.6)
 * answers a resend with the stored receipt. Every message ends receipted at LV and is handed to
 * SK's subscriber exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { buildServer } from "../http/server.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { findMessage } from "./message-store.ts";
import { type Delivery, deliveryModule } from "./module.ts";
import type { DeliveredMessage } from "./subscribers.ts";
import { as4AuditCounts } from "./testing/audit-records.ts";
import { FAULTS, startFaultyProxy } from "./testing/faulty-proxy.ts";
import { sleep } from "./testing/tilts-processes.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPoint,
  testAccessPointPki,
} from "./testing/two-access-points.ts";

const MESSAGES = 30;
const dataDir = mkdtempSync(join(tmpdir(), "tilts-as4-proxy-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each(testDatabaseKinds())(
  "AS4 through a proxy that drops, delays and duplicates ($name)",
  (kind) => {
    it("delivers every message exactly once and LV gets every receipt", async () => {
      const pki = testAccessPointPki();
      const [lvPort, skPort] = [await freePort(), await freePort()];
      const skDirect = `http://127.0.0.1:${skPort}/as4`;
      const proxy = await startFaultyProxy(skDirect);
      // LV knows SK only by the proxy's address.
      const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: proxy.url };
      const lv = deliveryModule({
        accessPoint: testAccessPoint(pki, "ap_lv", endpoints, undefined, "1;60;CONSTANT"),
        senderIntervalMs: 100,
      });
      const sk = deliveryModule({
        accessPoint: testAccessPoint(pki, "ap_sk", { ...endpoints, sk: skDirect }),
        startSender: false,
      });
      const delivered: DeliveredMessage[] = [];
      sk.subscribers.subscribe(QUERY_SERVICE.value, REQUEST_ACTION, async (m) => {
        delivered.push(m);
      });
      const started: { app: FastifyInstance; database: TestDatabase }[] = [];
      const serve = async (delivery: Delivery, port: number) => {
        const database = await kind.open();
        const config = loadConfig({ env: { LOG_LEVEL: "silent", DATA_DIR: dataDir, HOST: "127.0.0.1" } });
        const app = await buildServer({ config, database, logger: false, modules: [delivery.module] });
        await app.listen({ port, host: "127.0.0.1" });
        started.push({ app, database });
        return database;
      };
      try {
        const skDb = await serve(sk, skPort);
        const lvDb = await serve(lv, lvPort);
        const ids: string[] = [];
        for (let i = 0; i < MESSAGES; i++)
          ids.push(
            await lv.send({
              to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
              service: QUERY_SERVICE,
              action: REQUEST_ACTION,
              properties: OOTS_PROPERTIES,
              payloads: [
                { contentId: "q@lv", mimeType: "application/xml", bytes: Buffer.from(`<q n="${i}"/>`) },
              ],
            }),
          );

        const deadline = Date.now() + 90_000;
        let statuses: string[] = [];
        while (Date.now() < deadline) {
          statuses = (await Promise.all(ids.map((id) => findMessage(lvDb.db, "out", id)))).map(
            (r) => r?.status ?? "?",
          );
          if (statuses.every((s) => s === "receipted")) break;
          await sleep(500);
        }
        expect(statuses.filter((s) => s !== "receipted")).toEqual([]);
        // Every fault happened, and SK saw more requests than messages (resends and copies).
        for (const fault of FAULTS) expect(proxy.seen[fault]).toBeGreaterThan(0);
        expect(proxy.forwarded()).toBeGreaterThan(MESSAGES);
        // Exactly once: one hand-over, one stored row, one `received` record per message.
        expect(delivered.map((m) => m.messageId).sort()).toEqual([...ids].sort());
        const received = await as4AuditCounts(skDb.db, "as4.message.received");
        expect(ids.filter((id) => received.get(id) !== 1)).toEqual([]);
        const receipted = await as4AuditCounts(lvDb.db, "as4.message.receipted");
        expect(ids.filter((id) => receipted.get(id) !== 1)).toEqual([]);
      } finally {
        for (const s of started) {
          await s.app.close();
          await s.database.close();
        }
        await proxy.close();
      }
    }, 180_000);
  },
);
