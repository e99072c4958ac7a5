/**
 * A small, strict-enough DER walker (X.690 §8, §10). It never copies: a node is a window
 * (offsets) into the input bytes, so signatures are verified over the original TBS bytes and a
 * 1,000,000-entry CRL can be walked without building an object tree.
 *
 * Limits: only definite lengths (DER), lengths of at most 4 bytes, low tag numbers (X.509 uses
 * no high ones), every length checked against the enclosing node. Violations throw
 * MalformedInputError — never a RangeError or a hang.
 */
import { MalformedInputError } from "../../errors.ts";

export interface DerNode {
  readonly data: Uint8Array;
  /** Identifier octet: class (2 bits), constructed bit, tag number. */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the last content octet. */
  readonly end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

/** Context-specific tag octet: [n] IMPLICIT primitive or constructed. */
export const contextTag = (n: number, constructed: boolean): number => 0x80 | (constructed ? 0x20 : 0) | n;

export function malformed(message: string): never {
  throw new MalformedInputError(message);
}

/** Reads one TLV starting at `pos`; it must end at or before `limit`. */
export function readNode(data: Uint8Array, pos: number, limit: number = data.length): DerNode {
  if (pos + 2 > limit) malformed("DER: truncated header");
  const tag = data[pos]!;
  if ((tag & 0x1f) === 0x1f) malformed("DER: high tag numbers are not used in X.509");
  let lenByte = data[pos + 1]!;
  let contentStart = pos + 2;
  let length: number;
  if (lenByte < 0x80) {
    length = lenByte;
  } else {
    lenByte &= 0x7f;
    if (lenByte === 0) malformed("DER: indefinite length is not DER");
    if (lenByte > 4) malformed("DER: length too large");
    if (contentStart + lenByte > limit) malformed("DER: truncated length");
    length = 0;
    for (let i = 0; i < lenByte; i++) length = length * 256 + data[contentStart + i]!;
    contentStart += lenByte;
  }
  const end = contentStart + length;
  if (end > limit) malformed("DER: length exceeds the enclosing data");
  return { data, tag, start: pos, contentStart, end };
}

/** Parses a whole buffer as exactly one TLV (no trailing bytes). */
export function readRoot(data: Uint8Array): DerNode {
  const node = readNode(data, 0, data.length);
  if (node.end !== data.length) malformed("DER: trailing bytes after the outer structure");
  return node;
}

export function isConstructed(node: DerNode): boolean {
  return (node.tag & 0x20) !== 0;
}

/** Every child of a constructed node, at most `max` of them. */
export function children(node: DerNode, max = 10_000): DerNode[] {
  if (!isConstructed(node)) malformed(`DER: tag 0x${node.tag.toString(16)} is not constructed`);
  const out: DerNode[] = [];
  let pos = node.contentStart;
  while (pos < node.end) {
    if (out.length >= max) malformed("DER: too many elements");
    const child = readNode(node.data, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) malformed(`DER: ${what} missing`);
  if (node.tag !== tag)
    malformed(`DER: ${what}: expected tag 0x${tag.toString(16)}, got 0x${node.tag.toString(16)}`);
  return node;
}

export function content(node: DerNode): Uint8Array {
  return node.data.subarray(node.contentStart, node.end);
}

/** The full TLV bytes (header included). */
export function encoded(node: DerNode): Uint8Array {
  return node.data.subarray(node.start, node.end);
}

/** Reads the single inner TLV of an EXPLICIT tag or an OCTET STRING wrapper. */
export function inner(node: DerNode): DerNode {
  const child = readNode(node.data, node.contentStart, node.end);
  if (child.end !== node.end) malformed("DER: trailing bytes inside a wrapper");
  return child;
}
