/**
 * Complete sign-ins per second through the broker: authorize → sign-in page → eParaksts (the
 * testbed stand-in, over loopback HTTP) → phone approval → back to the RP → token → user info.
 * On the embedded database (PGlite) and, when TEST_DATABASE_URL is set, on PostgreSQL.
 * Baseline in the same run: raw RSA-2048 RS256 signatures per second (node:crypto), the one
 * asymmetric operation each sign-in must do. Then the same sign-ins by 4 and 16 clients at once:
 * the throughput the goal counts, since each sign-in mostly waits on round trips.
 *
 * The stand-in's share: the server time of every request under /testbed/ (the eParaksts
 * stand-in's pages and its TrustedX API, timed through node:http's diagnostics channels, so the
 * platform is measured unchanged); the broker's share is the rest of each sign-in's wall time
 * (the driver's own client work included — an upper bound for the broker). The database
 * statements of those sign-ins are counted too (BEGIN/COMMIT aside): a sign-in is bound by its
 * sequential round trips.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { defaultStandInPersons } from "@tilts/testbed";
import { testDatabaseKinds } from "../packages/platform/src/db/testing.ts";
import { withQueryLog } from "../packages/platform/src/identity/testing/query-log.ts";
import {
  completeSignIn,
  registerTestRelyingParty,
  startTestPlatform,
} from "../packages/platform/src/identity/testing/test-platform.ts";
import { formatRate, measure } from "./measure.ts";

const CONCURRENT_CLIENTS = [4, 16];

/** Completed operations per second with `clients` running `once` in a loop for `ms` (after one warm round each). */
async function concurrentRate(once: () => Promise<void>, clients: number, ms: number): Promise<number> {
  await Promise.all(Array.from({ length: clients }, () => once()));
  let done = 0;
  const until = performance.now() + ms;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await once();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/** Milliseconds of server time spent in requests under /testbed/ since the last reset. */
function standInTimer(): { take(): number } {
  const started = new WeakMap<ServerResponse, number>();
  let spent = 0;
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (request.url?.startsWith("/testbed/")) started.set(response, performance.now());
  });
  subscribe("http.server.response.finish", (message) => {
    const { response } = message as { response: ServerResponse };
    const start = started.get(response);
    if (start !== undefined) spent += performance.now() - start;
  });
  return {
    take() {
      const value = spent;
      spent = 0;
      return value;
    },
  };
}

export default async function signinBench(): Promise<void> {
  const standIn = standInTimer();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = Buffer.alloc(300, 1);
  const baseline = await measure(() => sign("sha256", data, privateKey), 5, 300);
  console.log(formatRate("baseline: RSA-2048 RS256 sign (node:crypto)", baseline));

  const person = defaultStandInPersons()[0]!;
  for (const kind of testDatabaseKinds()) {
    const database = await kind.open();
    const logged = withQueryLog(database.db);
    const platform = await startTestPlatform(kind, { database: { ...database, db: logged.db } });
    try {
      const rp = await registerTestRelyingParty(platform);
      const once = async () => {
        await completeSignIn(platform, rp, { personalCode: person.personalCode, pin1: "1234" });
      };
      const rate = await measure(once, 5, 2000);
      console.log(formatRate(`complete sign-ins (${kind.name})`, rate));
      // The split, over a separate series of 20 sign-ins.
      standIn.take();
      logged.log.take();
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < 20; i++) await once();
      const each = (performance.now() - start) / 20;
      const inStandIn = standIn.take() / 20;
      const statements = logged.log.take().length / 20;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000 / 20;
      console.log(
        `  split: ${each.toFixed(1)} ms per sign-in = broker ${(each - inStandIn).toFixed(1)} ms (${(1000 / (each - inStandIn)).toFixed(1)}/s) + stand-in ${inStandIn.toFixed(1)} ms; ${statements.toFixed(1)} database statements per sign-in`,
      );
      // Processor time is what a loaded machine does not distort: this process's (broker, stand-in,
      // driver and, on PGlite, the database) per sign-in, the PostgreSQL server's not included.
      console.log(`  processor time: ${cpuMs.toFixed(1)} ms per sign-in in this process`);
      console.log(
        `  ratio: one sign-in costs ${(baseline.opsPerSecond / rate.opsPerSecond).toFixed(1)} RSA signatures`,
      );
      // Throughput: the goal counts sign-ins per second, and each one mostly waits on round trips,
      // so several people signing in at once is the load that matters.
      for (const clients of CONCURRENT_CLIENTS) {
        const perSecond = await concurrentRate(once, clients, 3000);
        console.log(
          `  ${clients} concurrent clients (${kind.name}): ${perSecond.toFixed(1)} complete sign-ins/s (one at a time: ${rate.opsPerSecond.toFixed(1)}/s)`,
        );
      }
    } finally {
      await platform.stop();
    }
  }
}
