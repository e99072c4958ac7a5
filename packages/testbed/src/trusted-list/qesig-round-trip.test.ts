/**
 * Acceptance path (issue "Trust II"): a person signs with an eParaksts signing certificate
 * (XAdES B-LT, time-stamped by the testbed TSA, revocation data from its OCSP), and the
 * signature validates TOTAL-PASSED with qualification QESig against the testbed's trusted list
 * fetched over HTTP and verified through its list of lists. No network: HTTP goes through Fastify inject.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loadTrustedLists,
  parseXml,
  qualifierFor,
  type RevocationFetchers,
  signXadesEnveloped,
  trustAnchorsFrom,
  validateXmlSignature,
} from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testbedPkiPlugin } from "../http/testbed-pki-plugin.ts";
import { issuePerson } from "../pki/issue-credentials.ts";
import { TestPki } from "../pki/test-pki.ts";
import { listSigner } from "./list-signers.ts";

const base = "http://127.0.0.1:1/testbed";
let dir: string;
let app: FastifyInstance;
let pki: TestPki;

const pathOf = (url: string) => new URL(url).pathname;
async function get(url: string): Promise<Uint8Array> {
  const res = await app.inject({ url: pathOf(url) });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${url}`);
  return new Uint8Array(res.rawPayload);
}
async function post(url: string, type: string, body: Uint8Array): Promise<Uint8Array> {
  const res = await app.inject({
    method: "POST",
    url: pathOf(url),
    headers: { "content-type": type },
    payload: Buffer.from(body),
  });
  return new Uint8Array(res.rawPayload);
}
const fetchers: RevocationFetchers = {
  fetchOcsp: (url, request) => post(url, "application/ocsp-request", request),
  fetchCrl: (url) => get(url),
  fetchCertificate: (url) => get(url),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-qesig-"));
  pki = TestPki.create(join(dir, "pki"), { baseUrl: base });
  app = Fastify();
  await app.register(testbedPkiPlugin, { prefix: "/testbed", stateDir: join(dir, "pki") });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("QESig against the testbed's trusted list", () => {
  it("a B-LT signature with an eParaksts signing certificate validates TOTAL-PASSED / QESig", async () => {
    const person = issuePerson(pki, { givenName: "Līga", surname: "Ozola", ca: "eparaksts" });
    const xml = await signXadesEnveloped({
      document: "<form><field>Iesniegums</field></form>",
      signer: { key: person.privateKey, certificate: person.certificate, chain: person.chain },
      level: "LT",
      tsa: (request) => post(`${base}/tsa`, "application/timestamp-query", request),
      fetchers,
    });
    // The relying party trusts the list of lists' signer (as the EU's is published in the OJ).
    const loaded = await loadTrustedLists({
      lotl: await get(`${base}/tl/lotl.xml`),
      lotlSignerCertificates: [listSigner(pki, "lotl").certificate],
      fetch: get,
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.lists.map((l) => l.territory)).toEqual(["LV"]);
    const { document } = parseXml(xml);
    const signature = document.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0]!;
    const report = await validateXmlSignature({
      document,
      signature,
      anchors: [pki.ca("root").certificate, ...trustAnchorsFrom(loaded.lists, new Date())],
      qualify: qualifierFor(loaded.lists),
    });
    expect(report.errors).toEqual([]);
    expect(report.indication).toBe("TOTAL-PASSED");
    expect(report.qualification).toBe("QESig");
  });
});
