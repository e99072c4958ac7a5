/**
 * Outgoing: a user message and its payloads → the MIME message to POST, in the order the
 * eDelivery AS4 common profile fixes (§2.2.6): compress each payload (GZIP, part properties
 * CompressionType and MimeType), sign (eb:Messaging, soap:Body, every attachment), then
 * encrypt the attachments for the recipient, then package as SOAP with Attachments.
 */
import { randomUUID } from "node:crypto";
import { serializeXml } from "@tilts/trust";
import { compressPayload } from "./compression.ts";
import { buildEnvelope } from "./message/build-envelope.ts";
import type { EbmsMessage, PartInfo, Property, UserMessage } from "./message/model.ts";
import { buildMultipart, type MimeMessage } from "./mime/multipart.ts";
import { GZIP_MIME } from "./namespaces.ts";
import { encryptAttachments, type RandomBytes } from "./security/encrypt-attachments.ts";
import { type SigningCredentials, signEnvelope } from "./security/sign-envelope.ts";

export interface OutgoingPayload {
  /** Content-ID without brackets; PartInfo/@href is `cid:` + this. */
  contentId: string;
  mimeType: string;
  bytes: Uint8Array;
  /** Further part properties (e.g. CharacterSet). */
  properties?: Property[];
}

export interface PackageUserMessageInput {
  message: Omit<UserMessage, "parts" | "kind">;
  payloads: readonly OutgoingPayload[];
  compress: boolean;
  signing?: SigningCredentials;
  /** DER certificate of the receiving access point: encrypt the payloads for it. */
  encryptFor?: Uint8Array;
  random?: RandomBytes;
  boundary?: string;
}

export interface PackagedMessage {
  message: EbmsMessage;
  mime: MimeMessage;
  /** The envelope as sent: keep it to check the receipt (verifyReceipt) later. */
  envelopeXml: string;
}

export async function packageUserMessage(input: PackageUserMessageInput): Promise<PackagedMessage> {
  const parts: PartInfo[] = [];
  const contents = input.payloads.map((p) => {
    const properties: Property[] = [{ name: "MimeType", value: p.mimeType }];
    if (input.compress) properties.push({ name: "CompressionType", value: GZIP_MIME });
    parts.push({ href: `cid:${p.contentId}`, properties: [...properties, ...(p.properties ?? [])] });
    return {
      contentId: p.contentId,
      bytes: input.compress ? compressPayload(p.bytes) : p.bytes,
      mimeType: input.compress ? GZIP_MIME : p.mimeType,
    };
  });
  const message: UserMessage = { kind: "user", ...input.message, parts };
  const doc = buildEnvelope(message);
  if (input.signing) await signEnvelope(doc, contents, input.signing);
  const sent = input.encryptFor
    ? encryptAttachments(doc, contents, input.encryptFor, input.random)
    : contents;
  const envelopeXml = serializeXml(doc);
  const mime = buildMultipart(
    new TextEncoder().encode(envelopeXml),
    sent.map((c) => ({ contentId: c.contentId, contentType: c.mimeType, bytes: c.bytes })),
    input.boundary ?? `MIMEBoundary_${randomUUID().replaceAll("-", "")}`,
  );
  return { message, mime, envelopeXml };
}

/** A signal (receipt or error) travels as a bare SOAP 1.2 envelope, optionally signed. */
export async function packageSignal(
  signal: Exclude<EbmsMessage, UserMessage>,
  signing?: SigningCredentials,
): Promise<PackagedMessage> {
  const doc = buildEnvelope(signal);
  if (signing) await signEnvelope(doc, [], signing);
  const envelopeXml = serializeXml(doc);
  return {
    message: signal,
    mime: { contentType: "application/soap+xml; charset=UTF-8", body: new TextEncoder().encode(envelopeXml) },
    envelopeXml,
  };
}
