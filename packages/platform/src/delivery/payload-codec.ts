/**
 * Payloads at rest: a small length-prefixed binary record per payload (Content-ID, MIME type,
 * bytes), so the store keeps exact bytes without base64 and reads them back without a parser
 * that could be fooled: every length is checked against what remains.
 */
import { createHash } from "node:crypto";

export interface StoredPayload {
  contentId: string;
  mimeType: string;
  bytes: Uint8Array;
}

const MAGIC = 0x41533450; // "AS4P"

/** Stored payload bytes that do not decode: the row was altered or truncated. */
export class CorruptPayloadsError extends Error {
  override name = "CorruptPayloadsError";
  readonly code = "as4-payloads-corrupt";
}

export function encodePayloads(payloads: readonly StoredPayload[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Buffer[] = [];
  const head = Buffer.alloc(8);
  head.writeUInt32BE(MAGIC, 0);
  head.writeUInt32BE(payloads.length, 4);
  chunks.push(head);
  for (const p of payloads) {
    for (const field of [enc.encode(p.contentId), enc.encode(p.mimeType), p.bytes]) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(field.length, 0);
      chunks.push(len, Buffer.from(field));
    }
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function decodePayloads(data: Uint8Array): StoredPayload[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const fail = () => new CorruptPayloadsError("stored AS4 payloads are corrupt");
  if (buf.length < 8 || buf.readUInt32BE(0) !== MAGIC) throw fail();
  const count = buf.readUInt32BE(4);
  let at = 8;
  const field = (): Buffer => {
    if (at + 4 > buf.length) throw fail();
    const len = buf.readUInt32BE(at);
    at += 4;
    if (at + len > buf.length) throw fail();
    const out = buf.subarray(at, at + len);
    at += len;
    return out;
  };
  const out: StoredPayload[] = [];
  for (let i = 0; i < count; i++) {
    const contentId = field().toString("utf8");
    const mimeType = field().toString("utf8");
    out.push({ contentId, mimeType, bytes: new Uint8Array(field()) });
  }
  if (at !== buf.length) throw fail();
  return out;
}

export function payloadHashes(payloads: readonly StoredPayload[]): string {
  return payloads.map((p) => createHash("sha256").update(p.bytes).digest("hex")).join(",");
}
