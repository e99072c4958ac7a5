/**
 * OOTS-10 crash safety of the receiving process: LV queues a burst of 1,000 user messages
 * (signed, encrypted, as the OOTS module queues them) and its sender loop delivers them to SK, a
 * `tilts start` process, which is killed with SIGKILL three times at random points of the burst
 * and started again. After LV's resends (every 10 s) every message is receipted at LV, stored
 * exactly once at SK and recorded exactly once as received in SK's audit log (written in the
 * storing transaction), and each receipt exactly once at LV. On PGlite (SK's data folder, LV in
 * memory) and PostgreSQL (a database each, with TEST_DATABASE_URL).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrations.ts";
import type { Database } from "../db/schema.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { createAs4Sender, send } from "./sender.ts";
import { as4AuditCounts } from "./testing/audit-records.ts";
import { childEnvironment, killRunningServers, sleep, startTilts } from "./testing/tilts-processes.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPoint,
  testAccessPointPki,
  writeAccessPointFiles,
} from "./testing/two-access-points.ts";

const BURST = 1000;
const KILLS = 3;
/** Resend every 10 s for 10 minutes: longer than the test, so no message is given up. */
const RETRY = "10;60;CONSTANT";

const root = mkdtempSync(join(tmpdir(), "tilts-as4-crash-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(killRunningServers);

/** One side's store: a PGlite data folder (closed while its server runs) or a PostgreSQL database. */
interface Store {
  env: Record<string, string>;
  dataDir: string;
  /** Runs `work` on the store; PGlite only while no server holds it. */
  use<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** True when the store can be read while its server runs. */
  shared: boolean;
  close(): Promise<void>;
}

async function pgliteStore(dataDir: string): Promise<Store> {
  return {
    env: {},
    dataDir,
    shared: false,
    async use(work) {
      const db = await openDatabase({ kind: "pglite", dataDir });
      try {
        await migrateToLatest(db.db);
        return await work(db.db);
      } finally {
        await db.close();
      }
    },
    async close() {},
  };
}

async function postgresStore(open: () => Promise<TestDatabase>, dataDir: string): Promise<Store> {
  const database = await open();
  return {
    env: { DATABASE_URL: database.url! },
    dataDir,
    shared: true,
    use: (work) => work(database.db),
    close: () => database.close(),
  };
}

const stores = testDatabaseKinds().map((kind) => ({
  name: kind.name,
  /** A fresh store for this process (LV). */
  openHere: () => kind.open(),
  open: (side: string) => {
    const dataDir = join(root, kind.name, side, "data");
    return kind.name === "pglite" ? pgliteStore(dataDir) : postgresStore(() => kind.open(), dataDir);
  },
}));

describe.each(stores)("a burst of 1,000 AS4 messages across SIGKILLs of the receiver ($name)", (kind) => {
  it("receipts every message and stores and audits each exactly once", async () => {
    const pki = testAccessPointPki();
    const [lvPort, skPort] = [await freePort(), await freePort()];
    const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: `http://127.0.0.1:${skPort}/as4` };
    // SK, the receiver we kill, is a `tilts start` process; LV is this process's sender loop
    // over its own store of the same kind (what LV's server runs), so the burst is queued while
    // it is being sent, as the OOTS module queues it.
    const skStore = await kind.open("sk");
    const lvDatabase = await kind.openHere();
    const skEnv = {
      ...childEnvironment(),
      ...skStore.env,
      ...writeAccessPointFiles(join(root, kind.name, "sk"), pki, "ap_sk", endpoints),
    };
    const accessPoint = testAccessPoint(pki, "ap_lv", endpoints, undefined, RETRY);
    const sender = createAs4Sender({ db: lvDatabase.db, accessPoint, intervalMs: 200 });
    try {
      let sk = startTilts(skPort, skStore.dataDir, skEnv);
      await sk.ready;
      sender.start();
      const ids: string[] = [];
      const queueing = (async () => {
        for (let i = 0; i < BURST; i++)
          ids.push(
            await send(
              { db: lvDatabase.db, accessPoint },
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
      })();

      // SIGKILL at random points of the burst: after a random number of answers in this life of
      // SK, plus a random few milliseconds (mid-request, mid-transaction, between requests).
      let answeredBeforeKills = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const target = Math.floor(BURST * (0.02 + Math.random() * 0.15));
        const until = Date.now() + 120_000;
        while (Date.now() < until && sk.as4Answers() < target) await sleep(5);
        await sleep(Math.floor(Math.random() * 200));
        sk.child.kill("SIGKILL");
        await sk.exited;
        answeredBeforeKills += sk.as4Answers();
        sk = startTilts(skPort, skStore.dataDir, skEnv);
        await sk.ready;
      }
      await queueing;
      // The kills fell during the burst, not after it.
      expect(answeredBeforeKills).toBeLessThan(BURST);

      // LV resends every 10 s until every message is receipted.
      const receipted = async () => {
        const row = await lvDatabase.db
          .selectFrom("as4_message")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("direction", "=", "out")
          .where("status", "=", "receipted")
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const deadline = Date.now() + 600_000;
      let done = await receipted();
      while (done < BURST && Date.now() < deadline) {
        await sleep(1000);
        done = await receipted();
      }
      await sender.stop();
      expect(await sk.stop()).toBe(0);
      expect(done).toBe(BURST);
      // Messages went out again after failed sends (SK killed mid-burst).
      const resent = await lvDatabase.db
        .selectFrom("as4_message")
        .select("id")
        .where("attempts", ">=", 2)
        .execute();
      expect(resent.length).toBeGreaterThan(0);

      const lvReceipts = await as4AuditCounts(lvDatabase.db, "as4.message.receipted");
      expect(ids.filter((id) => lvReceipts.get(id) !== 1)).toEqual([]);
      const { storedIds, received } = await skStore.use(async (db) => ({
        storedIds: (
          await db.selectFrom("as4_message").select("message_id").where("direction", "=", "in").execute()
        ).map((r) => r.message_id),
        received: await as4AuditCounts(db, "as4.message.received"),
      }));
      expect(storedIds.sort()).toEqual([...ids].sort());
      expect(ids.filter((id) => received.get(id) !== 1)).toEqual([]);
      expect(received.size).toBe(BURST);
    } finally {
      await sender.stop();
      killRunningServers();
      await lvDatabase.close();
      await skStore.close();
    }
    // Minutes on two idle cores (the work is ~3 signatures and 2 path validations per message);
    // a loaded machine needs far longer, hence the generous limit.
  }, 1_200_000);
});
