/**
 * A minimal, bounds-checked DER reader (X.690 §8.1) used to take the ORIGINAL bytes of the
 * certificate fields an OCSP CertID hashes (RFC 6960 §4.1.1) — a re-encoding could differ from
 * what the CA signed and what the responder hashed.
 */
import { MalformedInputError } from "../errors.ts";

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

/** Reads one TLV at `offset`; its end may not pass `limit`. Long-form lengths up to 4 bytes. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv {
  if (offset + 2 > limit) throw new MalformedInputError("DER: truncated header");
  const tag = bytes[offset]!;
  // High-tag-number form never occurs in the structures we slice (X.690 §8.1.2.4).
  if ((tag & 0x1f) === 0x1f) throw new MalformedInputError("DER: high tag numbers are not supported here");
  let pos = offset + 1;
  const first = bytes[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length, not allowed in DER (X.690 §10.1).
    if (count === 0 || count > 4) throw new MalformedInputError("DER: unsupported length form");
    if (pos + count > limit) throw new MalformedInputError("DER: truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) throw new MalformedInputError("DER: length runs past the end of its container");
  return { tag, start: offset, contentStart: pos, end };
}

/** The TLVs directly inside a constructed TLV. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

export function contentOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

/** Wraps content in a DER TLV with the given single-byte tag. */
export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else header = [tag, 0x83, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}
