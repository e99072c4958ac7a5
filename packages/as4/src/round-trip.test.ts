/**
 * Round trip (OOTS-10, eDelivery AS4 1.15 common profile §2.2.6): a user message with two
 * payloads, compressed, signed and encrypted → unpacked, decrypted, verified, decompressed,
 * payloads identical; then a signed non-repudiation receipt for it, verified against the sent
 * message.
 */
import { describe, expect, it } from "vitest";
import { openMessage } from "./open-message.ts";
import { packageUserMessage } from "./package-message.ts";
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
