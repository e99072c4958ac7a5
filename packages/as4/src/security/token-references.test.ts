/**
 * Key references (WS-Security X.509 Token Profile 1.1 §3.2): we send a BinarySecurityToken
 * with a direct reference; on reception we also accept issuer-serial and subject key
 * identifier references, resolved against certificates the caller knows (the P-Mode's).
 * And the SwA Attachment-Content-Signature-Transform needs the octet-transform hook given
 * to @tilts/trust: without it, XML-DSig refuses the unknown transform.
 */
import { X509Certificate } from "node:crypto";
import { parseXml, serializeXml, verifyXmlSignature } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { As4Error } from "../errors.ts";
import { children } from "../message/xml-builder.ts";
import { buildMultipart, parseMultipart } from "../mime/multipart.ts";
import { DS_NS, WSSE_NS, WSU_NS } from "../namespaces.ts";
import { openMessage, type ReceptionPolicy } from "../open-message.ts";
import { packageUserMessage } from "../package-message.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "../testing/test-access-points.ts";
import { issuerSerialReference, subjectKeyIdentifierReference } from "./security-header.ts";

const aps = testAccessPoints();
const sent = await packageUserMessage({
  message: ootsRequestHeader(),
  payloads: [
    { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new TextEncoder().encode("<a/>") },
  ],
  compress: true,
  signing: {
    privateKey: aps.sender.key.privateKey,
    certificate: aps.sender.certificate,
    algorithm: "rsa-sha256",
  },
});
const policy: ReceptionPolicy = { signature: { required: true }, encryptionRequired: false };

/** The sent message with the signature's KeyInfo reference (not signed) replaced, the BST removed. */
function withReference(make: (doc: Document) => Element) {
  const { root, attachments } = parseMultipart(sent.mime);
  const { document } = parseXml(root.bytes);
  const security = document.getElementsByTagNameNS(WSSE_NS, "Security")[0]!;
  for (const bst of children(security, WSSE_NS, "BinarySecurityToken")) security.removeChild(bst);
  const keyInfo = document.getElementsByTagNameNS(DS_NS, "KeyInfo")[0]!;
  keyInfo.replaceChild(make(document), children(keyInfo, WSSE_NS, "SecurityTokenReference")[0]!);
  return buildMultipart(new TextEncoder().encode(serializeXml(document)), attachments, "b");
}

async function open(mime: ReturnType<typeof withReference>, known: Uint8Array[]) {
  try {
    const opened = await openMessage(mime, {
      policyFor: () => policy,
      trust: aps.trust,
      at: AT,
      knownCertificates: known,
    });
    return Buffer.from(opened.signature!.signer).equals(Buffer.from(aps.sender.certificate))
      ? "sender"
      : "other";
  } catch (e) {
    if (e instanceof As4Error) return e.code;
    throw e;
  }
}

describe("key references", () => {
  const known = [aps.receiver.certificate, aps.sender.certificate];

  it("issuer-serial resolves to the known certificate", async () => {
    expect(
      await open(
        withReference((d) => issuerSerialReference(d, aps.sender.certificate)),
        known,
      ),
    ).toBe("sender");
  });

  it("subject key identifier resolves to the known certificate", async () => {
    expect(
      await open(
        withReference((d) => subjectKeyIdentifierReference(d, aps.sender.certificate)),
        known,
      ),
    ).toBe("sender");
  });

  it("a reference to no known certificate, or to the wrong one, is EBMS:0101", async () => {
    const mime = withReference((d) => issuerSerialReference(d, aps.sender.certificate));
    expect(await open(mime, [aps.receiver.certificate])).toBe("EBMS:0101");
    const wrong = withReference((d) => subjectKeyIdentifierReference(d, aps.receiver.certificate));
    expect(await open(wrong, known)).toBe("EBMS:0101");
  });
});

describe("the octet-transform hook in @tilts/trust", () => {
  it("without it, the SwA transform is an unsupported transform", async () => {
    const { root, attachments } = parseMultipart(sent.mime);
    const parsed = parseXml(root.bytes);
    const result = await verifyXmlSignature(parsed, {
      key: new X509Certificate(aps.sender.certificate).publicKey,
      idAttributes: [{ namespace: WSU_NS, localName: "Id" }],
      resolver: async () => attachments[0]!.bytes,
    });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain("xmldsig-unsupported-transform");
  });
});
