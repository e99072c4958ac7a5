/**
 * The two-process part of bench/as4.bench.ts: LV (this process) sends signed, encrypted AS4 user
 * messages with a 100 kB payload to SK, a `tilts start` child with its own PGlite store, and
 * verifies each receipt; the baseline POSTs the very same bytes to a bare node:http child that
 * reads the body and answers, so the ratio is what the AS4 work costs over the HTTP transfer.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageUserMessage, routeOutgoing, sendingOptionsOf } from "../packages/as4/src/index.ts";
import type { StoredMessage } from "../packages/platform/src/delivery/message-store.ts";
import { postOnce } from "../packages/platform/src/delivery/sender.ts";
import { childEnvironment, startTilts } from "../packages/platform/src/delivery/testing/tilts-processes.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPoint,
  testAccessPointPki,
  writeAccessPointFiles,
} from "../packages/platform/src/delivery/testing/two-access-points.ts";
import { freePort } from "../packages/platform/src/identity/testing/test-platform.ts";
import { formatRate, measure, type Rate } from "./measure.ts";

const BARE_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  let n = 0;
  req.on("data", (c) => (n += c.length));
  req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("received " + n));
});
server.listen(0, "127.0.0.1", () => console.log("port " + server.address().port));
`;

function startBareServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["-e", BARE_SERVER]);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}/` });
    });
    child.on("exit", () => reject(new Error("the bare HTTP server exited")));
  });
}

/**
 * `databaseUrl`: the receiving child stores in this PostgreSQL database instead of its own PGlite
 * folder (the child's store is most of a message's cost on PGlite, whose wire protocol runs in JS).
 */
export async function twoProcessRates(
  size = 100_000,
  databaseUrl?: string,
): Promise<{ as4: Rate; bare: Rate }> {
  const root = mkdtempSync(join(tmpdir(), "tilts-as4-bench-"));
  const pki = testAccessPointPki();
  const skPort = await freePort();
  const endpoints = { lv: "http://127.0.0.1:9/as4", sk: `http://127.0.0.1:${skPort}/as4` };
  const sk = startTilts(skPort, join(root, "sk", "data"), {
    ...childEnvironment(),
    LOG_LEVEL: "warn",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...writeAccessPointFiles(join(root, "sk"), pki, "ap_sk", endpoints),
  });
  const bare = await startBareServer();
  try {
    await sk.ready;
    const lv = testAccessPoint(pki, "ap_lv", endpoints);
    const routed = routeOutgoing(
      lv.pmode,
      { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      QUERY_SERVICE,
      REQUEST_ACTION,
    );
    const payload = new Uint8Array(randomBytes(size));
    let n = 0;
    // One message: package (gzip, sign, encrypt), POST, open and verify the signed receipt.
    const package_ = async () => {
      const messageId = `bench-${n++}-${randomBytes(4).toString("hex")}@tilts`;
      const packed = await packageUserMessage({
        message: {
          messageId,
          timestamp: new Date(),
          from: { partyIds: routed.from.partyIds.slice(0, 1), role: routed.process.initiatorRole },
          to: {
            partyIds: [{ value: "AP_SK_01", type: OOTS_PARTY_TYPE }],
            role: routed.process.responderRole,
          },
          service: QUERY_SERVICE,
          action: REQUEST_ACTION,
          conversationId: messageId,
          properties: OOTS_PROPERTIES,
        },
        payloads: [{ contentId: "evidence@lv", mimeType: "application/pdf", bytes: payload }],
        ...sendingOptionsOf(routed, { privateKey: lv.key, certificate: lv.certificate }),
      });
      return packed;
    };
    const as4 = await measure(
      async () => {
        const packed = await package_();
        const row = {
          endpoint: endpoints.sk,
          mime_content_type: packed.mime.contentType,
          mime_body: packed.mime.body,
          envelope_xml: packed.envelopeXml,
          to_party: routed.to.name,
        } as StoredMessage;
        const result = await postOnce(lv, row);
        if (result.outcome !== "receipted") throw new Error(`not receipted: ${result.error}`);
      },
      5,
      2000,
    );
    // The same HTTP POST of a packaged message's bytes, no AS4 work at either end.
    const sample = await package_();
    const sampleBody = new Uint8Array(sample.mime.body);
    const bareRate = await measure(
      async () => {
        const answer = await fetch(bare.url, {
          method: "POST",
          headers: { "content-type": sample.mime.contentType },
          body: sampleBody,
        });
        await answer.arrayBuffer();
      },
      5,
      2000,
    );
    return { as4, bare: bareRate };
  } finally {
    sk.child.kill("SIGTERM");
    await sk.exited;
    bare.child.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}

export function formatTwoProcess(rates: { as4: Rate; bare: Rate }, size: number, store: string): string[] {
  return [
    formatRate(`two processes (${store}): AS4 ${size / 1000} kB signed+encrypted`, rates.as4),
    formatRate(`two processes (${store}): bare HTTP POST of the same bytes`, rates.bare),
    `two processes (${store}): AS4 / bare POST throughput ratio ${(rates.as4.opsPerSecond / rates.bare.opsPerSecond).toFixed(3)} (bare is ${(rates.bare.opsPerSecond / rates.as4.opsPerSecond).toFixed(1)}× faster)`,
  ];
}
