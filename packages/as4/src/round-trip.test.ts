/**
 * Round trip (OOTS-10, eDelivery AS4 1.15 common profile §2.2.6): a user message with two
 * payloads, compressed, signed and encrypted → unpacked, decrypted, verified, decompressed,
 * payloads identical; then a signed non-repudiation receipt for it, verified against the sent
 * message.
 */
import { describe, expect, it } from "vitest";
import { isAs4Error } from "./errors.ts";
import { type OpenedMessage, openMessage } from "./open-message.ts";
import { packageSignal, packageUserMessage } from "./package-message.ts";
import { buildReceipt, verifyReceipt } from "./reliability/receipt.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "./testing/test-access-points.ts";

const aps = testAccessPoints();
const request = new TextEncoder().encode(
  `<query:QueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0" id="urn:uuid:0c7e5f4a-2b1d-4e3f-9a8b-7c6d5e4f3a2b"/>`.repeat(
    50,
  ),
);
const pdf = new Uint8Array(
  Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3000, 7), Buffer.from("%%EOF")]),
);

export async function sentMessage() {
  return packageUserMessage({
    message: ootsRequestHeader(),
    payloads: [
      { contentId: "regrep@tilts.test", mimeType: "application/x-ebrs+xml", bytes: request },
      { contentId: "evidence@tilts.test", mimeType: "application/pdf", bytes: pdf },
    ],
    compress: true,
    signing: {
      privateKey: aps.sender.key.privateKey,
      certificate: aps.sender.certificate,
      algorithm: "rsa-sha256",
    },
    encryptFor: aps.receiver.certificate,
  });
}

describe("user message round trip", () => {
  it("compressed, signed and encrypted → the same payloads", async () => {
    const sent = await sentMessage();
    const opened = await openMessage(sent.mime, {
      policyFor: () => ({
        signature: { required: true, allowedCertificates: [aps.sender.certificate] },
        encryptionRequired: true,
      }),
      trust: aps.trust,
      decryptionKey: aps.receiver.key.privateKey,
      at: AT,
    });
    expect(opened.message.kind).toBe("user");
    expect(opened.payloads.map((p) => p.mimeType)).toEqual(["application/x-ebrs+xml", "application/pdf"]);
    expect(Buffer.from(opened.payloads[0]!.bytes).equals(Buffer.from(request))).toBe(true);
    expect(Buffer.from(opened.payloads[1]!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(opened.signature!.signer).equals(Buffer.from(aps.sender.certificate))).toBe(true);
    // What travelled is neither the plaintext nor the compressed plaintext.
    expect(Buffer.from(sent.mime.body).includes(Buffer.from("%PDF-1.7"))).toBe(false);
  });
});

const receiverSigning = {
  privateKey: aps.receiver.key.privateKey,
  certificate: aps.receiver.certificate,
  algorithm: "rsa-sha256" as const,
};

async function receive(sent: Awaited<ReturnType<typeof sentMessage>>) {
  return openMessage(sent.mime, {
    policyFor: () => ({
      signature: { required: true, allowedCertificates: [aps.sender.certificate] },
      encryptionRequired: true,
    }),
    trust: aps.trust,
    decryptionKey: aps.receiver.key.privateKey,
    at: AT,
  });
}

async function receiptFor(received: OpenedMessage) {
  const signal = buildReceipt({ received, messageId: "receipt-1@ap-sk.test", timestamp: AT });
  const packed = await packageSignal(signal, receiverSigning);
  // The sender opens the receipt: its signature must be the receiver's (P-Mode) and trusted.
  return openMessage(packed.mime, {
    policyFor: () => ({
      signature: { required: true, allowedCertificates: [aps.receiver.certificate] },
      encryptionRequired: false,
    }),
    trust: aps.trust,
    at: AT,
  });
}

function codeOf(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    if (isAs4Error(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("non-repudiation receipt", () => {
  it("carries the digests of what was received and verifies against the sent message", async () => {
    const sent = await sentMessage();
    const receipt = await receiptFor(await receive(sent));
    expect(receipt.message.kind).toBe("receipt");
    expect(receipt.message.refToMessageId).toBe(sent.message.messageId);
    // Messaging, Body and two attachments: four MessagePartNRInformation.
    const nr = receipt.message.kind === "receipt" ? receipt.message.receiptContent : undefined;
    expect(nr?.localName).toBe("NonRepudiationInformation");
    expect(nr?.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Reference").length).toBe(4);
    expect(codeOf(() => verifyReceipt(sent.envelopeXml, receipt))).toBeUndefined();
  });

  it("a receipt for another message of ours (other digests) is EBMS:0302", async () => {
    const sent = await sentMessage();
    const receipt = await receiptFor(await receive(sent));
    // The same MessageId sent again with other content: its digests differ.
    const other = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [
        {
          contentId: "regrep@tilts.test",
          mimeType: "application/x-ebrs+xml",
          bytes: new TextEncoder().encode("<x/>"),
        },
        { contentId: "evidence@tilts.test", mimeType: "application/pdf", bytes: pdf },
      ],
      compress: true,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
    });
    expect(codeOf(() => verifyReceipt(other.envelopeXml, receipt))).toBe("EBMS:0302");
    const renamed = sent.envelopeXml.replace(sent.message.messageId, "other-id@tilts.test");
    expect(codeOf(() => verifyReceipt(renamed, receipt))).toBe("EBMS:0302");
  });

  it("an unsigned receipt of a signed message is EBMS:0302", async () => {
    const sent = await sentMessage();
    const signal = buildReceipt({
      received: await receive(sent),
      messageId: "receipt-2@ap-sk.test",
      timestamp: AT,
    });
    const unsigned = await openMessage((await packageSignal(signal)).mime, {
      policyFor: () => ({ signature: { required: false }, encryptionRequired: false }),
      trust: aps.trust,
      at: AT,
    });
    expect(codeOf(() => verifyReceipt(sent.envelopeXml, unsigned))).toBe("EBMS:0302");
  });
});

describe("receipt of an unsigned message (AS4 reception awareness without non-repudiation)", () => {
  it("repeats the eb:UserMessage and verifies against it", async () => {
    const sent = await packageUserMessage({ message: ootsRequestHeader(), payloads: [], compress: false });
    const received = await openMessage(sent.mime, {
      policyFor: () => ({ signature: { required: false }, encryptionRequired: false }),
      trust: aps.trust,
      at: AT,
    });
    const receipt = await receiptFor(received);
    const content = receipt.message.kind === "receipt" ? receipt.message.receiptContent : undefined;
    expect(content?.localName).toBe("UserMessage");
    expect(codeOf(() => verifyReceipt(sent.envelopeXml, receipt))).toBeUndefined();
    const other = await packageUserMessage({
      message: { ...ootsRequestHeader(), messageId: "other@tilts.test" },
      payloads: [],
      compress: false,
    });
    expect(codeOf(() => verifyReceipt(other.envelopeXml, receipt))).toBe("EBMS:0302");
  });
});
