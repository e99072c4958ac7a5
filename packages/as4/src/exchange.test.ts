/**
 * One OOTS exchange (OOTS-10) through the library the way the platform will drive it, each side
 * configured by its Domibus P-Mode: LV routes the request by the recipient's party id and packs
 * it as the leg says; SK routes the incoming message to its leg, opens it under that leg's
 * policy, checks for a duplicate, answers with a signed receipt, and answers a resend with the
 * same receipt instead of delivering twice; LV checks the receipt against what it sent.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EbmsMessage } from "./message/model.ts";
import { openMessage } from "./open-message.ts";
import { packageSignal, packageUserMessage } from "./package-message.ts";
import { importDomibusPMode } from "./pmode/import-domibus.ts";
import { receptionPolicyOf, routeIncoming, routeOutgoing, sendingOptionsOf } from "./pmode/routing.ts";
import { checkDuplicate, recordReception } from "./reliability/duplicates.ts";
import { buildReceipt, verifyReceipt } from "./reliability/receipt.ts";
import { InMemoryReceivedMessages } from "./testing/in-memory-received-messages.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "./testing/test-access-points.ts";

const aps = testAccessPoints();
const fixture = readFileSync(new URL("../test-fixtures/pmode-oots-lv.xml", import.meta.url), "utf8");
const certificates = { ap_lv: [aps.sender.certificate], ap_sk: [aps.receiver.certificate] };
const lv = importDomibusPMode(fixture, { certificates });
const sk = importDomibusPMode(fixture.replace('party="ap_lv"', 'party="ap_sk"'), { certificates });
const OOTS_TYPE = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";

describe("an OOTS request from LV to SK, P-Mode driven", () => {
  it("is routed, packed, opened, receipted once, and the receipt checks out", async () => {
    const header = ootsRequestHeader();
    const leg = routeOutgoing(lv, { value: "AP_SK_01", type: OOTS_TYPE }, header.service, header.action);
    expect(leg.leg.name).toBe("ootsRequestLeg");
    const sent = await packageUserMessage({
      message: header,
      payloads: [
        {
          contentId: "regrep@lv",
          mimeType: "application/x-ebrs+xml",
          bytes: new TextEncoder().encode("<q/>"),
        },
      ],
      ...sendingOptionsOf(leg, {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
      }),
    });

    // SK receives: the P-Mode decides what the message must satisfy.
    const store = new InMemoryReceivedMessages();
    const receive = async () => {
      const opened = await openMessage(sent.mime, {
        policyFor: (m: EbmsMessage) => {
          if (m.kind !== "user") throw new Error("SK expects a user message");
          return receptionPolicyOf(routeIncoming(sk, m));
        },
        trust: aps.trust,
        decryptionKey: aps.receiver.key.privateKey,
        at: AT,
      });
      const seen = await checkDuplicate(store, opened.message.messageId);
      if (seen.action === "resend-receipt") return { delivered: false, receipt: seen.receipt };
      const signal = buildReceipt({
        received: opened,
        messageId: `rcpt-${opened.message.messageId}`,
        timestamp: AT,
      });
      const packed = await packageSignal(signal, {
        privateKey: aps.receiver.key.privateKey,
        certificate: aps.receiver.certificate,
        algorithm: "rsa-sha256",
      });
      const decision = await recordReception(store, {
        messageId: opened.message.messageId,
        receivedAt: AT,
        receipt: packed.mime.body,
      });
      return {
        delivered: decision.action === "deliver",
        receipt: packed.mime.body,
        payload: opened.payloads[0],
      };
    };
    const first = await receive();
    expect(first.delivered).toBe(true);
    expect(new TextDecoder().decode(first.payload!.bytes)).toBe("<q/>");
    const resent = await receive();
    expect(resent.delivered).toBe(false);
    expect(Buffer.from(resent.receipt).equals(Buffer.from(first.receipt))).toBe(true);

    // LV checks the receipt: signed by SK's certificate from LV's P-Mode, digests as sent.
    const receipt = await openMessage(
      { contentType: "application/soap+xml; charset=UTF-8", body: first.receipt },
      {
        policyFor: () => ({
          signature: { required: true, allowedCertificates: leg.to.certificates },
          encryptionRequired: false,
        }),
        trust: aps.trust,
        at: AT,
      },
    );
    expect(() => verifyReceipt(sent.envelopeXml, receipt)).not.toThrow();
  });
});
