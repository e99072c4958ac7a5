/**
 * Incoming: the bytes and Content-Type of a POST → a verified message and its payloads, as a
 * pipeline of named steps: unpack MIME (bounded) → parse the envelope (hardened) → pick the
 * reception policy (the caller's P-Mode lookup) → decrypt → verify the signature and the
 * sender's certificate → check every PartInfo has its part → decompress (bounded).
 * Every refusal is an As4Error with its ebMS code; nothing here does I/O.
 */
import type { KeyObject } from "node:crypto";
import type { XmlLimits } from "@tilts/trust";
import { DEFAULT_DECOMPRESSION_LIMITS, type DecompressionLimits, decompressPayload } from "./compression.ts";
import { As4Error } from "./errors.ts";
import { contentIdOf, type EbmsMessage, type Property, propertyOf } from "./message/model.ts";
import { type ParsedEnvelope, parseEnvelope } from "./message/parse-envelope.ts";
import { type MimeLimits, type MimeMessage, parseMultipart } from "./mime/multipart.ts";
import { GZIP_MIME } from "./namespaces.ts";
import { decryptAttachments } from "./security/decrypt-attachments.ts";
import {
  type CertificateTrust,
  type SignaturePolicy,
  type VerifiedSignature,
  verifyEnvelopeSignature,
} from "./security/verify-envelope.ts";

/** What the P-Mode requires of a message it governs. */
export interface ReceptionPolicy {
  signature: SignaturePolicy;
  encryptionRequired: boolean;
}

export interface OpenMessageOptions {
  /** The P-Mode lookup: throws EBMS:0010 when no P-Mode governs the message. */
  policyFor: (message: EbmsMessage) => ReceptionPolicy;
  trust: CertificateTrust;
  decryptionKey?: KeyObject;
  knownCertificates?: readonly Uint8Array[];
  at: Date;
  limits?: {
    mime?: Partial<MimeLimits>;
    xml?: Partial<XmlLimits>;
    decompression?: Partial<DecompressionLimits>;
  };
}

export interface ReceivedPayload {
  href: string;
  contentId: string;
  mimeType: string;
  properties: Property[];
  bytes: Uint8Array;
}

export interface OpenedMessage {
  message: EbmsMessage;
  envelope: ParsedEnvelope;
  payloads: ReceivedPayload[];
  signature?: VerifiedSignature;
}

export async function openMessage(mime: MimeMessage, options: OpenMessageOptions): Promise<OpenedMessage> {
  const { root, attachments } = parseMultipart(mime, options.limits?.mime);
  const envelope = parseEnvelope(root.bytes, options.limits?.xml);
  const policy = options.policyFor(envelope.message);
  const received = new Map(attachments.map((a) => [a.contentId, a.bytes]));
  matchPartsToPayloadInfo(envelope, received);
  const decrypted = decryptAttachments(envelope, received, options.decryptionKey, policy.encryptionRequired);
  const signed = new Map([...decrypted].map(([id, p]) => [id, p.bytes]));
  const signature = await verifyEnvelopeSignature({
    envelope,
    attachments: signed,
    policy: policy.signature,
    trust: options.trust,
    at: options.at,
    ...(options.knownCertificates ? { knownCertificates: options.knownCertificates } : {}),
  });
  const payloads = payloadsOf(envelope, signed, options.limits?.decompression);
  const opened: OpenedMessage = { message: envelope.message, envelope, payloads };
  if (signature) opened.signature = signature;
  return opened;
}

/** Each eb:PartInfo has its MIME part (else EBMS:0011 ExternalPayloadError) and each MIME part
 *  is a payload the header names — an extra part would travel unsigned (EBMS:0103). */
function matchPartsToPayloadInfo(envelope: ParsedEnvelope, parts: ReadonlyMap<string, Uint8Array>): void {
  const hrefs = envelope.message.kind === "user" ? envelope.message.parts.map((p) => p.href) : [];
  const named = new Set(hrefs.map(contentIdOf));
  for (const href of hrefs)
    if (!parts.has(contentIdOf(href)))
      throw new As4Error("EBMS:0011", `payload ${href} is not in the message`);
  for (const id of parts.keys())
    if (!named.has(id)) throw new As4Error("EBMS:0103", `MIME part <${id}> is not named in eb:PayloadInfo`);
}

function payloadsOf(
  envelope: ParsedEnvelope,
  parts: ReadonlyMap<string, Uint8Array>,
  limits?: Partial<DecompressionLimits>,
): ReceivedPayload[] {
  const message = envelope.message;
  if (message.kind !== "user") return [];
  const l = { ...DEFAULT_DECOMPRESSION_LIMITS, ...limits };
  let budget = l.maxTotalBytes;
  return message.parts.map((part) => {
    const contentId = contentIdOf(part.href);
    const bytes = parts.get(contentId)!;
    // The per-part limit shrinks to what the message's total budget has left.
    const inflate = (b: Uint8Array) => {
      const out = decompressPayload(b, { ...l, maxBytes: Math.min(l.maxBytes, budget) });
      budget -= out.length;
      return out;
    };
    const compression = propertyOf(part.properties, "CompressionType");
    if (compression !== undefined && compression !== GZIP_MIME)
      throw new As4Error("EBMS:0303", `CompressionType ${compression} is not supported`);
    const mimeType = propertyOf(part.properties, "MimeType");
    if (compression && !mimeType)
      throw new As4Error("EBMS:0303", `compressed ${part.href} lacks its MimeType`);
    return {
      href: part.href,
      contentId,
      mimeType: mimeType ?? "application/octet-stream",
      properties: part.properties,
      bytes: compression ? inflate(bytes) : bytes,
    };
  });
}
