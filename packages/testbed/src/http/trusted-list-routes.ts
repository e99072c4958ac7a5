/**
 * Routes of the testbed's trusted lists (TS 119 612), added to the testbed PKI plugin:
 *   GET /tl/LV.xml     the signed test national list   (application/vnd.etsi.tsl+xml)
 *   GET /tl/lotl.xml   the signed test list of lists   (application/vnd.etsi.tsl+xml)
 * The lists are built on first request and rebuilt after an hour (their sequence number rises
 * with the hour of issue) or when the PKI is replaced. The bytes served are exactly the bytes
 * signed.
 */
import { trustedListUris } from "@tilts/trust";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { TestPki } from "../pki/test-pki.ts";
import { buildTestbedTrustedLists, type TestbedTrustedLists } from "../trusted-list/testbed-trusted-lists.ts";

const REBUILD_AFTER_MS = 60 * 60 * 1000;

export function registerTrustedListRoutes(
  app: FastifyInstance,
  pkiFor: (reply: FastifyReply) => TestPki | undefined,
): void {
  let cached: { pki: TestPki; lists: Promise<TestbedTrustedLists>; builtAt: number } | undefined;
  const listsOf = (pki: TestPki): Promise<TestbedTrustedLists> => {
    const now = pki.now().getTime();
    if (!cached || cached.pki !== pki || now - cached.builtAt > REBUILD_AFTER_MS) {
      const lists = buildTestbedTrustedLists(pki);
      cached = { pki, lists, builtAt: now };
      // A failed build is not kept: the next request tries again.
      lists.catch(() => {
        if (cached?.lists === lists) cached = undefined;
      });
    }
    return cached.lists;
  };

  for (const [file, pick] of [
    ["LV.xml", (l: TestbedTrustedLists) => l.national],
    ["lotl.xml", (l: TestbedTrustedLists) => l.lotl],
  ] as const) {
    app.get(`/tl/${file}`, async (_request, reply) => {
      const pki = pkiFor(reply);
      if (!pki) return reply;
      const body = pick(await listsOf(pki));
      return reply
        .header("content-type", trustedListUris.TSL_MIME_TYPE)
        .header("cache-control", "no-cache")
        .send(Buffer.from(body, "utf8"));
    });
  }
}
