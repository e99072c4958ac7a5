/**
 * OOTS over a transport (OOTS-10; DIGEST §3): an evidence request and its answer travel as EDM
 * messages with the four-corner ids and the conversation — first through the in-memory pair the
 * OOTS logic is tested with, then over real eDelivery AS4 between two in-process servers (signed,
 * encrypted, receipted), where the answer goes back in the request's conversation with the corners
 * swapped and the evidence as an attachment. EDM 1.2 and 2.0 (2.0 adds ExchangeId and
 * SpecificationId to the properties).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseXml } from "@tilts/trust";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { type Delivery, deliveryModule } from "../../delivery/index.ts";
import { testAccessPoint, testAccessPointPki } from "../../delivery/testing/two-access-points.ts";
import { buildServer } from "../../http/server.ts";
import { freePort } from "../../identity/testing/test-platform.ts";
import { buildEvidenceRequest, parseEvidenceRequest } from "../edm/evidence-request.ts";
import { buildEvidenceResponse, parseEvidenceResponse } from "../edm/evidence-response.ts";
import type { EdmVersion } from "../edm/version.ts";
import { validateOotsMessage } from "../index.ts";
import { sampleRequest, sampleResponse } from "../samples.ts";
import { as4OotsTransport } from "./as4-transport.ts";
import { memoryTransportPair } from "./memory-transport.ts";
import type { OotsExchange, OotsTransport, ReceivedOotsExchange } from "./transport.ts";

const PARTY_TYPE = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";
const LV_AP = { value: "AP_LV_01", type: PARTY_TYPE };
const SK_AP = { value: "AP_SK_01", type: PARTY_TYPE };
const REQUESTER = { value: "40003245752", scheme: "urn:cef.eu:names:identifier:EAS:9939" };
const PROVIDER = { value: "SK12345678", scheme: "urn:cef.eu:names:identifier:EAS:9950" };
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]);

function requestExchange(version: EdmVersion): OotsExchange {
  return {
    action: "ExecuteQueryRequest",
    accessPoint: SK_AP,
    conversationId: "6b1f3c2a-9d4e-4f5a-8b7c-0d1e2f3a4b5c",
    originalSender: REQUESTER,
    finalRecipient: PROVIDER,
    version,
    ...(version === "2.0" ? { exchangeId: "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f" } : {}),
    regrep: buildEvidenceRequest(sampleRequest(version)),
  };
}

/** The provider's side: answers each request in its conversation, corners swapped, evidence attached. */
function answerRequests(provider: OotsTransport, received: ReceivedOotsExchange[]): void {
  provider.onReceive("ExecuteQueryRequest", async (request) => {
    received.push(request);
    const parsed = parseEvidenceRequest(parseXml(request.regrep).document);
    const response = { ...sampleResponse(request.version), requestId: parsed.id };
    const href = response.items[0]!.repositoryItemRef.href.replace(/^cid:/, "");
    await provider.send({
      action: "ExecuteQueryResponse",
      accessPoint: request.accessPoint,
      conversationId: request.conversationId,
      originalSender: request.finalRecipient,
      finalRecipient: request.originalSender,
      version: request.version,
      ...(request.exchangeId ? { exchangeId: request.exchangeId } : {}),
      regrep: buildEvidenceResponse(response),
      attachments: [{ contentId: href, mimeType: "application/pdf", bytes: PDF }],
    });
  });
}

function expectAnswered(request: ReceivedOotsExchange, answer: ReceivedOotsExchange, version: EdmVersion) {
  expect(request).toMatchObject({
    accessPoint: LV_AP,
    conversationId: "6b1f3c2a-9d4e-4f5a-8b7c-0d1e2f3a4b5c",
    originalSender: REQUESTER,
    finalRecipient: PROVIDER,
    version,
  });
  expect(validateOotsMessage(request.regrep, "evidence-request").valid).toBe(true);
  expect(answer).toMatchObject({
    action: "ExecuteQueryResponse",
    accessPoint: SK_AP,
    conversationId: request.conversationId,
    originalSender: PROVIDER,
    finalRecipient: REQUESTER,
    version,
  });
  if (version === "2.0") expect(answer.exchangeId).toBe(request.exchangeId);
  const response = parseEvidenceResponse(parseXml(answer.regrep).document);
  expect(response.requestId).toBe(parseEvidenceRequest(parseXml(request.regrep).document).id);
  const href = response.items[0]!.repositoryItemRef.href.replace(/^cid:/, "");
  expect(answer.attachments?.map((a) => [a.contentId, a.mimeType, [...a.bytes]])).toEqual([
    [href, "application/pdf", [...PDF]],
  ]);
}

describe.each(["1.2", "2.0"] as const)(
  "OOTS exchange through the in-memory transport (EDM %s)",
  (version) => {
    it("the provider receives the request and the requester its answer, in one conversation", async () => {
      const { a: lv, b: sk } = memoryTransportPair(LV_AP, SK_AP);
      const requests: ReceivedOotsExchange[] = [];
      const answers: ReceivedOotsExchange[] = [];
      answerRequests(sk, requests);
      lv.onReceive("ExecuteQueryResponse", async (answer) => {
        answers.push(answer);
      });
      await lv.send(requestExchange(version));
      expect(requests).toHaveLength(1);
      expect(answers).toHaveLength(1);
      expectAnswered(requests[0]!, answers[0]!, version);
    });
  },
);

const dataDir = mkdtempSync(join(tmpdir(), "tilts-oots-as4-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each(testDatabaseKinds())("OOTS exchange over eDelivery AS4 between two servers ($name)", (kind) => {
  const pki = testAccessPointPki();
  const started: { app: FastifyInstance; database: TestDatabase }[] = [];
  let lv: Delivery;
  let sk: Delivery;
  const requests: ReceivedOotsExchange[] = [];
  const answers: ReceivedOotsExchange[] = [];

  beforeAll(async () => {
    const [lvPort, skPort] = [await freePort(), await freePort()];
    const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: `http://127.0.0.1:${skPort}/as4` };
    lv = deliveryModule({ accessPoint: testAccessPoint(pki, "ap_lv", endpoints), startSender: false });
    sk = deliveryModule({ accessPoint: testAccessPoint(pki, "ap_sk", endpoints), startSender: false });
    answerRequests(as4OotsTransport(sk), requests);
    as4OotsTransport(lv).onReceive("ExecuteQueryResponse", async (answer) => {
      answers.push(answer);
    });
    for (const [delivery, port] of [
      [lv, lvPort],
      [sk, skPort],
    ] as const) {
      const database = await kind.open();
      const config = loadConfig({ env: { LOG_LEVEL: "silent", DATA_DIR: dataDir, HOST: "127.0.0.1" } });
      const app = await buildServer({ config, database, logger: false, modules: [delivery.module] });
      await app.listen({ port, host: "127.0.0.1" });
      started.push({ app, database });
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of started) {
      await s.app.close();
      await s.database.close();
    }
  });

  it.each(["1.2", "2.0"] as const)(
    "EDM %s: request delivered once, answered in its conversation with the evidence",
    async (version) => {
      const before = { requests: requests.length, answers: answers.length };
      await as4OotsTransport(lv).send(requestExchange(version));
      // LV's sender posts the request; SK stores, receipts and hands it to the provider, who queues the answer.
      expect(await lv.sender().runOnce()).toBe(1);
      expect(requests).toHaveLength(before.requests + 1);
      expect(await sk.sender().runOnce()).toBe(1);
      expect(answers).toHaveLength(before.answers + 1);
      expectAnswered(requests.at(-1)!, answers.at(-1)!, version);
    },
    60_000,
  );
});
