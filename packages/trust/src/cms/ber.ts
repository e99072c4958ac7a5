/**
 * A bounded BER reader (X.690 §8.1) for the outer layers of CMS: signers such as NSS (poppler,
 * Firefox) and Adobe write ContentInfo/SignedData with indefinite lengths (§8.1.3.6), which
 * DER forbids. Signed attributes must still be DER (RFC 5652 §5.4) and are used byte for byte;
 * this reader only finds where things are. Depth and length are bounded; anything malformed is
 * a `MalformedInputError`.
 */
import { MalformedInputError } from "../errors.ts";

export interface BerTlv {
  tag: number;
  start: number;
  contentStart: number;
  /** Offset just past the content (before an end-of-contents marker). */
  contentEnd: number;
  /** Offset just past the whole element (after an end-of-contents marker). */
  end: number;
}

const MAX_DEPTH = 32;

const fail = (what: string): never => {
  throw new MalformedInputError(`BER: ${what}`);
};

export function readBer(bytes: Uint8Array, offset: number, limit: number = bytes.length, depth = 0): BerTlv {
  if (depth > MAX_DEPTH) fail("nested too deeply");
  if (offset + 2 > limit) fail("truncated header");
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) fail("high tag numbers are not supported");
  let pos = offset + 1;
  const first = bytes[pos++]!;
  if (first === 0x80) {
    // Indefinite length: only for constructed encodings, ended by 00 00 (§8.1.5).
    if ((tag & 0x20) === 0) fail("indefinite length on a primitive encoding");
    const contentStart = pos;
    for (;;) {
      if (pos + 2 > limit) fail("missing end-of-contents");
      if (bytes[pos] === 0 && bytes[pos + 1] === 0)
        return { tag, start: offset, contentStart, contentEnd: pos, end: pos + 2 };
      pos = readBer(bytes, pos, limit, depth + 1).end;
    }
  }
  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) fail("length too long");
    if (pos + count > limit) fail("truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) fail("length runs past the end of its container");
  return { tag, start: offset, contentStart: pos, contentEnd: end, end };
}

export function berChildren(bytes: Uint8Array, parent: BerTlv, depth = 0): BerTlv[] {
  const out: BerTlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.contentEnd) {
    const child = readBer(bytes, pos, parent.contentEnd, depth + 1);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export const berSlice = (bytes: Uint8Array, t: BerTlv) => bytes.subarray(t.start, t.end);
export const berContent = (bytes: Uint8Array, t: BerTlv) => bytes.subarray(t.contentStart, t.contentEnd);
