/**
 * Security refusals on reception (eDelivery AS4 1.15 common profile §2.2.6; ebMS 3.0 Core
 * §6.7.1 codes): each attack or policy breach gets its own test and its own ebMS code.
 * EBMS:0101 FailedAuthentication — what is there does not hold; EBMS:0102 FailedDecryption;
 * EBMS:0103 PolicyNoncompliance — what the P-Mode requires is missing; EBMS:0009 InvalidHeader
 * and EBMS:0011 ExternalPayloadError where the message structure itself is wrong.
 */
import { DIGEST_SHA256, EXC_C14N, parseXml, SIG_RSA_SHA512, serializeXml, signXml } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { compressPayload } from "../compression.ts";
import { As4Error, type EbmsErrorCode } from "../errors.ts";
import { BODY_ID, buildEnvelope, MESSAGING_ID } from "../message/build-envelope.ts";
import type { UserMessage } from "../message/model.ts";
import { buildMultipart, type MimeMessage, type MimePart, parseMultipart } from "../mime/multipart.ts";
import { EBMS_NS, WSU_NS } from "../namespaces.ts";
import { type OpenMessageOptions, openMessage, type ReceptionPolicy } from "../open-message.ts";
import { type OutgoingPayload, packageUserMessage } from "../package-message.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "../testing/test-access-points.ts";
import { binarySecurityToken, directReference, securityHeader } from "./security-header.ts";
import { signEnvelope } from "./sign-envelope.ts";
import type { CertificateTrust } from "./verify-envelope.ts";

const aps = testAccessPoints();
const payloads: OutgoingPayload[] = [
  {
    contentId: "regrep@tilts.test",
    mimeType: "application/x-ebrs+xml",
    bytes: new TextEncoder().encode("<q:QueryRequest xmlns:q='urn:q'/>"),
  },
  {
    contentId: "evidence@tilts.test",
    mimeType: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.7 evidence %%EOF"),
  },
];
const senderSigning = {
  privateKey: aps.sender.key.privateKey,
  certificate: aps.sender.certificate,
  algorithm: "rsa-sha256" as const,
};
const strict: ReceptionPolicy = {
  signature: { required: true, allowedCertificates: [aps.sender.certificate] },
  encryptionRequired: true,
};

function send(options: { sign?: boolean; encrypt?: boolean } = {}) {
  return packageUserMessage({
    message: ootsRequestHeader(),
    payloads,
    compress: true,
    ...(options.sign === false ? {} : { signing: senderSigning }),
    ...(options.encrypt === false ? {} : { encryptFor: aps.receiver.certificate }),
  });
}

async function refusal(
  mime: MimeMessage,
  policy: ReceptionPolicy = strict,
  extra: Partial<OpenMessageOptions> & { trust?: CertificateTrust } = {},
): Promise<EbmsErrorCode | "accepted"> {
  try {
    await openMessage(mime, {
      policyFor: () => policy,
      trust: aps.trust,
      decryptionKey: aps.receiver.key.privateKey,
      at: AT,
      ...extra,
    });
    return "accepted";
  } catch (e) {
    if (e instanceof As4Error) return e.code;
    throw e;
  }
}

/** Re-packages a message after changing its envelope (DOM) and/or its parts. */
function repackage(
  mime: MimeMessage,
  edit: { envelope?: (doc: Document) => void; parts?: (parts: MimePart[]) => MimePart[] },
) {
  const { root, attachments } = parseMultipart(mime);
  const { document } = parseXml(root.bytes);
  edit.envelope?.(document);
  const parts = edit.parts ? edit.parts(attachments) : attachments;
  return buildMultipart(new TextEncoder().encode(serializeXml(document)), parts, "tampered");
}

const signOnly: ReceptionPolicy = { ...strict, encryptionRequired: false };

describe("accepted as sent (the controls of the refusals below)", () => {
  it("signed and encrypted, and signed only under a sign-only policy", async () => {
    expect(await refusal((await send()).mime)).toBe("accepted");
    expect(await refusal((await send({ encrypt: false })).mime, signOnly)).toBe("accepted");
    expect(await refusal(repackage((await send()).mime, {}))).toBe("accepted");
  });

  it("ECDSA-SHA256 (AS4 2.0 EC profile) signatures verify too", async () => {
    const sent = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads,
      compress: false,
      signing: {
        privateKey: aps.ecSender.key.privateKey,
        certificate: aps.ecSender.certificate,
        algorithm: "ecdsa-sha256",
      },
    });
    const policy = {
      ...signOnly,
      signature: { required: true, allowedCertificates: [aps.ecSender.certificate] },
    };
    expect(await refusal(sent.mime, policy)).toBe("accepted");
  });
});

describe("refusals", () => {
  it("a tampered payload → EBMS:0101", async () => {
    const sent = await send({ encrypt: false });
    const tampered = repackage(sent.mime, {
      parts: (parts) =>
        parts.map((p, i) =>
          i === 1 ? { ...p, bytes: compressPayload(new TextEncoder().encode("%PDF-1.7 forged %%EOF")) } : p,
        ),
    });
    expect(await refusal(tampered, signOnly)).toBe("EBMS:0101");
  });

  it("a tampered ciphertext → EBMS:0102 (GCM tag)", async () => {
    const tampered = repackage((await send()).mime, {
      parts: (parts) =>
        parts.map((p, i) => {
          if (i !== 0) return p;
          const bytes = new Uint8Array(p.bytes);
          bytes[20] = bytes[20]! ^ 1;
          return { ...p, bytes };
        }),
    });
    expect(await refusal(tampered)).toBe("EBMS:0102");
  });

  it("a removed attachment → EBMS:0011", async () => {
    const removed = repackage((await send()).mime, { parts: (parts) => parts.slice(0, 1) });
    expect(await refusal(removed)).toBe("EBMS:0011");
  });

  it("a replaced attachment (another message's part under the same cid) → EBMS:0101", async () => {
    const sent = await send({ encrypt: false });
    const other = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [payloads[0]!, { ...payloads[1]!, bytes: new TextEncoder().encode("%PDF-1.7 other %%EOF") }],
      compress: true,
      signing: senderSigning,
    });
    const otherParts = parseMultipart(other.mime).attachments;
    const replaced = repackage(sent.mime, { parts: (parts) => [parts[0]!, otherParts[1]!] });
    expect(await refusal(replaced, signOnly)).toBe("EBMS:0101");
  });

  it("signature wrapping: a second, forged eb:Messaging → EBMS:0009", async () => {
    const wrapped = repackage((await send()).mime, {
      envelope: (doc) => {
        const original = doc.getElementsByTagNameNS(EBMS_NS, "Messaging")[0]!;
        const forged = original.cloneNode(true) as Element;
        forged.removeAttributeNS(WSU_NS, "Id");
        forged.getElementsByTagNameNS(EBMS_NS, "Action")[0]!.textContent = "ExceptionResponse";
        original.parentNode!.insertBefore(forged, original);
      },
    });
    expect(await refusal(wrapped)).toBe("EBMS:0009");
  });

  it("signature wrapping: the signed eb:Messaging moved out of the header, a forged one in its place → EBMS:0009", async () => {
    const moved = repackage((await send()).mime, {
      envelope: (doc) => {
        const original = doc.getElementsByTagNameNS(EBMS_NS, "Messaging")[0]!;
        const forged = original.cloneNode(true) as Element;
        forged.removeAttributeNS(WSU_NS, "Id");
        forged.getElementsByTagNameNS(EBMS_NS, "Action")[0]!.textContent = "ExceptionResponse";
        original.parentNode!.replaceChild(forged, original);
        const body = doc.documentElement!.getElementsByTagNameNS(
          "http://www.w3.org/2003/05/soap-envelope",
          "Body",
        )[0]!;
        body.appendChild(original);
      },
    });
    expect(await refusal(moved)).toBe("EBMS:0009");
  });

  it("signature wrapping: a second element with the Messaging's wsu:Id → EBMS:0101", async () => {
    const duplicated = repackage((await send()).mime, {
      envelope: (doc) => {
        const decoy = doc.createElementNS("urn:decoy", "d:Decoy");
        decoy.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:d", "urn:decoy");
        decoy.setAttributeNS(WSU_NS, "wsu:Id", MESSAGING_ID);
        doc.getElementsByTagNameNS("http://www.w3.org/2003/05/soap-envelope", "Body")[0]!.appendChild(decoy);
      },
    });
    expect(await refusal(duplicated)).toBe("EBMS:0101");
  });

  it("a valid signature whose references resolve elsewhere than eb:Messaging → EBMS:0101", async () => {
    // The sender's key signs a decoy header element that carries the id; eb:Messaging is unsigned.
    const message: UserMessage = { kind: "user", ...ootsRequestHeader(), parts: [] };
    const doc = buildEnvelope(message);
    const messaging = doc.getElementsByTagNameNS(EBMS_NS, "Messaging")[0]!;
    messaging.removeAttributeNS(WSU_NS, "Id");
    const decoy = doc.createElementNS("urn:decoy", "d:Decoy");
    decoy.setAttributeNS(WSU_NS, "wsu:Id", MESSAGING_ID);
    messaging.parentNode!.appendChild(decoy);
    const xml = await signEnvelope(doc, [], senderSigning);
    const mime = buildMultipart(new TextEncoder().encode(xml), [], "b");
    expect(await refusal(mime, { ...signOnly })).toBe("EBMS:0101");
  });

  it("an extra MIME part the header does not name (unsigned payload) → EBMS:0103", async () => {
    const extra = repackage((await send()).mime, {
      parts: (parts) => [
        ...parts,
        { contentId: "smuggled@evil.test", contentType: "application/pdf", bytes: new Uint8Array([1]) },
      ],
    });
    expect(await refusal(extra)).toBe("EBMS:0103");
  });

  it("a payload named in PayloadInfo but left out of the signature → EBMS:0103", async () => {
    const sent = await send({ sign: false, encrypt: false });
    const { root, attachments } = parseMultipart(sent.mime);
    const { document } = parseXml(root.bytes);
    const xml = await signEnvelope(
      document,
      [{ contentId: attachments[0]!.contentId, bytes: attachments[0]!.bytes }],
      senderSigning,
    );
    const mime = buildMultipart(new TextEncoder().encode(xml), attachments, "b");
    expect(await refusal(mime, signOnly)).toBe("EBMS:0103");
  });

  it("an unsigned message where the P-Mode requires a signature → EBMS:0103", async () => {
    expect(await refusal((await send({ sign: false, encrypt: false })).mime, signOnly)).toBe("EBMS:0103");
  });

  it("a certificate the P-Mode does not allow for this sender → EBMS:0101", async () => {
    const policy = {
      ...strict,
      signature: { required: true, allowedCertificates: [aps.ecSender.certificate] },
    };
    expect(await refusal((await send()).mime, policy)).toBe("EBMS:0101");
  });

  it("a revoked certificate → EBMS:0101", async () => {
    expect(await refusal((await send()).mime, strict, { trust: aps.revokedTrust(aps.sender.serial) })).toBe(
      "EBMS:0101",
    );
  });

  it("a certificate from an untrusted PKI → EBMS:0101", async () => {
    const sent = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads,
      compress: true,
      signing: {
        privateKey: aps.stranger.key.privateKey,
        certificate: aps.stranger.certificate,
        algorithm: "rsa-sha256",
      },
      encryptFor: aps.receiver.certificate,
    });
    const policy = { ...strict, signature: { required: true } };
    expect(await refusal(sent.mime, policy)).toBe("EBMS:0101");
  });

  it("unencrypted where the P-Mode requires encryption → EBMS:0103", async () => {
    expect(await refusal((await send({ encrypt: false })).mime)).toBe("EBMS:0103");
  });

  it("a signature algorithm outside the profile (RSA-SHA512) → EBMS:0103", async () => {
    const message: UserMessage = { kind: "user", ...ootsRequestHeader(), parts: [] };
    const doc = buildEnvelope(message);
    const security = securityHeader(doc);
    security.appendChild(binarySecurityToken(doc, "tok", aps.sender.certificate));
    const signed = await signXml({
      document: doc,
      placement: { parent: security },
      references: [MESSAGING_ID, BODY_ID].map((id) => ({
        uri: `#${id}`,
        digestAlgorithm: DIGEST_SHA256,
        transforms: [{ algorithm: EXC_C14N }],
      })),
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: SIG_RSA_SHA512,
      key: aps.sender.key.privateKey,
      idAttributes: [{ namespace: WSU_NS, localName: "Id" }],
    });
    const keyInfo = doc.createElementNS("http://www.w3.org/2000/09/xmldsig#", "ds:KeyInfo");
    keyInfo.appendChild(directReference(doc, "tok"));
    signed.signature.appendChild(keyInfo);
    const mime = buildMultipart(new TextEncoder().encode(serializeXml(doc)), [], "b");
    expect(await refusal(mime, signOnly)).toBe("EBMS:0103");
  });

  it("payload encryption other than AES-128-GCM → EBMS:0103", async () => {
    const downgraded = repackage((await send()).mime, {
      envelope: (doc) => {
        for (const m of Array.from(
          doc.getElementsByTagNameNS("http://www.w3.org/2001/04/xmlenc#", "EncryptionMethod"),
        ))
          if (m.getAttribute("Algorithm") === "http://www.w3.org/2009/xmlenc11#aes128-gcm")
            m.setAttribute("Algorithm", "http://www.w3.org/2001/04/xmlenc#aes128-cbc");
      },
    });
    expect(await refusal(downgraded)).toBe("EBMS:0103");
  });

  it("encrypted for another key (wrong key) → EBMS:0102", async () => {
    expect(await refusal((await send()).mime, strict, { decryptionKey: aps.sender.key.privateKey })).toBe(
      "EBMS:0102",
    );
  });
});
