/**
 * OOTS-10 between two in-process servers on loopback (buildServer + listen), each with its own
 * database and its own side of the OOTS Domibus P-Mode: LV sends a user message with two
 * payloads (gzip, signed, encrypted); SK stores it before answering, hands it to its subscriber
 * once and answers with a signed receipt, which LV verifies against what it signed (AS4 §5.1.8
 * NRR). The same message posted again is answered with the same receipt and not delivered again
 * (ebMS 3.0 Core §8.6 duplicate detection). A refusal is an ebMS error signal.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../db/testing.ts";
import { declaredRoutes, PUBLIC } from "../http/route-access.ts";
import { buildServer } from "../http/server.ts";
import { freePort } from "../identity/testing/test-platform.ts";
import { findMessage } from "./message-store.ts";
import { type Delivery, deliveryModule } from "./module.ts";
import type { DeliveredMessage } from "./subscribers.ts";
import { as4AuditRecords } from "./testing/audit-records.ts";
import {
  OOTS_PARTY_TYPE,
  OOTS_PROPERTIES,
  QUERY_SERVICE,
  REQUEST_ACTION,
  testAccessPoint,
  testAccessPointPki,
} from "./testing/two-access-points.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tilts-as4-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each(testDatabaseKinds())("AS4 round trip between two servers ($name)", (kind) => {
  const pki = testAccessPointPki();
  const started: { app: FastifyInstance; database: TestDatabase }[] = [];
  let lv: Delivery;
  let sk: Delivery;
  let skDb: TestDatabase;
  let lvDb: TestDatabase;
  let skUrl: string;
  const delivered: DeliveredMessage[] = [];

  async function serve(delivery: Delivery, port: number, database: TestDatabase) {
    const config = loadConfig({ env: { LOG_LEVEL: "silent", DATA_DIR: dataDir, HOST: "127.0.0.1" } });
    const app = await buildServer({ config, database, logger: false, modules: [delivery.module] });
    await app.listen({ port, host: "127.0.0.1" });
    started.push({ app, database });
  }

  beforeAll(async () => {
    const [lvPort, skPort] = [await freePort(), await freePort()];
    const endpoints = { lv: `http://127.0.0.1:${lvPort}/as4`, sk: `http://127.0.0.1:${skPort}/as4` };
    skUrl = endpoints.sk;
    lv = deliveryModule({ accessPoint: testAccessPoint(pki, "ap_lv", endpoints), startSender: false });
    sk = deliveryModule({ accessPoint: testAccessPoint(pki, "ap_sk", endpoints), startSender: false });
    sk.subscribers.subscribe(QUERY_SERVICE.value, REQUEST_ACTION, async (m) => {
      delivered.push(m);
    });
    lvDb = await kind.open();
    skDb = await kind.open();
    await serve(lv, lvPort, lvDb);
    await serve(sk, skPort, skDb);
  }, 60_000);

  afterAll(async () => {
    for (const s of started) {
      await s.app.close();
      await s.database.close();
    }
  });

  const request = (bytes: string) => new TextEncoder().encode(bytes);

  it("delivers a signed, encrypted message with two payloads once, and LV verifies the receipt", async () => {
    const messageId = await lv.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      conversationId: "9f0c1d6e-6a3b-4d5e-8f7a-1b2c3d4e5f60",
      payloads: [
        {
          contentId: "query@lv",
          mimeType: "application/x-ebrs+xml",
          bytes: request("<query:QueryRequest/>"),
        },
        {
          contentId: "evidence@lv",
          mimeType: "application/pdf",
          bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255]),
        },
      ],
    });
    const stored = await findMessage(lvDb.db, "out", messageId);
    expect(stored?.status).toBe("queued");
    // The packaged body is encrypted: the payload text is not in it.
    expect(Buffer.from(stored!.mime_body!).includes("<query:QueryRequest/>")).toBe(false);

    expect(await lv.sender().runOnce()).toBe(1);

    const sent = await findMessage(lvDb.db, "out", messageId);
    expect(sent).toMatchObject({
      status: "receipted",
      attempts: 1,
      last_error: null,
      leg_name: "ootsRequestLeg",
    });
    expect(sent!.receipt!.length).toBeGreaterThan(0);
    expect(delivered.filter((m) => m.messageId === messageId)).toHaveLength(1);
    const got = delivered.find((m) => m.messageId === messageId)!;
    expect(got).toMatchObject({ fromParty: "ap_lv", toParty: "ap_sk", action: REQUEST_ACTION });
    // The conversation and the four-corner properties reach the subscriber (an OOTS answer needs them).
    expect(got.conversationId).toBe("9f0c1d6e-6a3b-4d5e-8f7a-1b2c3d4e5f60");
    expect(got.properties).toEqual(OOTS_PROPERTIES);
    expect(got.payloads.map((p) => [p.contentId, p.mimeType])).toEqual([
      ["query@lv", "application/x-ebrs+xml"],
      ["evidence@lv", "application/pdf"],
    ]);
    expect(new TextDecoder().decode(got.payloads[0]!.bytes)).toBe("<query:QueryRequest/>");
    expect([...got.payloads[1]!.bytes]).toEqual([0x25, 0x50, 0x44, 0x46, 0, 255]);
    const received = await findMessage(skDb.db, "in", messageId);
    expect(received).toMatchObject({ status: "delivered", from_party: "ap_lv", leg_name: "ootsRequestLeg" });
    expect(Buffer.from(received!.receipt!).equals(Buffer.from(sent!.receipt!))).toBe(true);
    // Evidence: SK keeps the signed message exactly as LV sent it, with its digest.
    expect(Buffer.from(received!.mime_body!).equals(Buffer.from(sent!.mime_body!))).toBe(true);
    expect(received!.mime_content_type).toBe(sent!.mime_content_type);
    expect(received!.mime_sha256).toBe(createHash("sha256").update(received!.mime_body!).digest("hex"));

    // CON-9: both sides audit the traffic, with payload digests and no payload content.
    const lvAudit = await as4AuditRecords(lvDb.db, messageId);
    const skAudit = await as4AuditRecords(skDb.db, messageId);
    expect(lvAudit.map((r) => [r.action, r.actor])).toEqual([
      ["as4.message.sent", "system"],
      ["as4.message.receipted", "as4-party:ap_sk"],
    ]);
    expect(skAudit.map((r) => [r.action, r.actor])).toEqual([
      ["as4.message.received", "as4-party:ap_lv"],
      ["as4.message.delivered", "system"],
    ]);
    for (const record of [...lvAudit, ...skAudit]) {
      expect(record.purpose).toContain(`payload-sha256=${sent!.payload_sha256}`);
      expect(record.purpose).not.toContain("<query:");
    }
  });

  it("answers the same message posted again with the same receipt and does not deliver it twice", async () => {
    const messageId = await lv.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: [{ contentId: "q@lv", mimeType: "application/x-ebrs+xml", bytes: request("<again/>") }],
    });
    const row = (await findMessage(lvDb.db, "out", messageId))!;
    const post = () =>
      fetch(skUrl, {
        method: "POST",
        headers: { "content-type": row.mime_content_type! },
        body: new Uint8Array(row.mime_body!),
      });
    const first = await post();
    const second = await post();
    expect([first.status, second.status]).toEqual([200, 200]);
    const [a, b] = [Buffer.from(await first.arrayBuffer()), Buffer.from(await second.arrayBuffer())];
    expect(a.includes("Receipt")).toBe(true);
    expect(b.equals(a)).toBe(true);
    expect(delivered.filter((m) => m.messageId === messageId)).toHaveLength(1);
    expect((await as4AuditRecords(skDb.db, messageId)).map((r) => r.action)).toEqual([
      "as4.message.received",
      "as4.message.delivered",
    ]);
    // LV's own send of it (a resend from SK's point of view) gets that receipt too and verifies it.
    expect(await lv.sender().runOnce()).toBe(1);
    const sent = (await findMessage(lvDb.db, "out", messageId))!;
    expect(sent.status).toBe("receipted");
    expect(Buffer.from(sent.receipt!).equals(a)).toBe(true);
    expect(delivered.filter((m) => m.messageId === messageId)).toHaveLength(1);
  });

  it("delivers once when the same message arrives on several connections at the same time", async () => {
    const messageId = await lv.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: [{ contentId: "q@lv", mimeType: "application/x-ebrs+xml", bytes: request("<race/>") }],
    });
    const row = (await findMessage(lvDb.db, "out", messageId))!;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(skUrl, {
          method: "POST",
          headers: { "content-type": row.mime_content_type! },
          body: new Uint8Array(row.mime_body!),
        }).then(async (r) => Buffer.from(await r.arrayBuffer())),
      ),
    );
    // The first to store wins (insert-if-absent); every other answer repeats its receipt.
    for (const answer of answers) expect(answer.equals(answers[0]!)).toBe(true);
    expect(answers[0]!.includes("Receipt")).toBe(true);
    expect(delivered.filter((m) => m.messageId === messageId)).toHaveLength(1);
  });

  it("declares the endpoint public (it protects itself by WS-Security)", () => {
    const route = declaredRoutes(started[1]!.app).find((r) => r.method === "POST" && r.url === "/as4");
    expect(route?.access).toBe(PUBLIC);
  });

  it("refuses a tampered message with an ebMS error signal and stores nothing", async () => {
    const messageId = await lv.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: [{ contentId: "q@lv", mimeType: "application/x-ebrs+xml", bytes: request("<tamper/>") }],
    });
    const row = (await findMessage(lvDb.db, "out", messageId))!;
    const body = Buffer.from(row.mime_body!);
    // Flip one byte of the last (encrypted) part: the GCM tag fails.
    const at = body.length - 60;
    body[at] = (body[at] ?? 0) ^ 0x01;
    const answer = await fetch(skUrl, {
      method: "POST",
      headers: { "content-type": row.mime_content_type! },
      body: new Uint8Array(body),
    });
    const text = await answer.text();
    expect(text).toContain("eb:Error");
    expect(text).toMatch(/EBMS:010[12]/);
    expect(await findMessage(skDb.db, "in", messageId)).toBeUndefined();
    const [refusal] = await as4AuditRecords(skDb.db, messageId);
    expect(refusal).toMatchObject({
      action: "as4.message.refused",
      actor: "unidentified-as4-sender",
      outcome: "denied",
    });
    expect(refusal!.purpose).toMatch(/^code=EBMS:010[12]$/);
  });

  it("keeps a message queued with the retry date when the recipient is unreachable", async () => {
    const down = deliveryModule({
      accessPoint: testAccessPoint(pki, "ap_lv", {
        lv: "http://127.0.0.1:9/as4",
        sk: "http://127.0.0.1:9/as4",
      }),
      startSender: false,
    });
    const database = await kind.open();
    const config = loadConfig({ env: { LOG_LEVEL: "silent", DATA_DIR: dataDir } });
    const app = await buildServer({ config, database, logger: false, modules: [down.module] });
    started.push({ app, database });
    await app.ready();
    const messageId = await down.send({
      to: { value: "AP_SK_01", type: OOTS_PARTY_TYPE },
      service: QUERY_SERVICE,
      action: REQUEST_ACTION,
      properties: OOTS_PROPERTIES,
      payloads: [{ contentId: "q@lv", mimeType: "text/plain", bytes: request("x") }],
    });
    expect(await down.sender().runOnce()).toBe(0);
    const row = (await findMessage(database.db, "out", messageId))!;
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(1);
    // "12;4;CONSTANT": the first resend 3 minutes after the first send.
    expect(row.next_attempt_at!.getTime() - row.first_sent_at!.getTime()).toBe(3 * 60_000);
    expect(row.last_error).toBeTruthy();
    // Not given up yet: no failure in the audit log.
    expect((await as4AuditRecords(database.db, messageId)).map((r) => r.action)).toEqual([
      "as4.message.sent",
    ]);
  });
});
