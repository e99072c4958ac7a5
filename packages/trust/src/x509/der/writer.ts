/**
 * A minimal DER encoder (X.690 §10) for building test and benchmark certificates and CRLs,
 * including very large CRLs. Values are Uint8Arrays; constructors concatenate once.
 */
import { TAG } from "./reader.ts";

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.from([0x80 | out.length, ...out]);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag), lengthBytes(body.length), body]));
}

export const seq = (...parts: Uint8Array[]) => tlv(TAG.SEQUENCE, ...parts);
export const set = (...parts: Uint8Array[]) => tlv(TAG.SET, ...parts);
export const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 | n, ...parts);
export const implicit = (n: number, body: Uint8Array) => tlv(0x80 | n, body);
export const nullValue = () => Uint8Array.of(TAG.NULL, 0);
export const octets = (b: Uint8Array) => tlv(TAG.OCTET_STRING, b);
export const bool = (v: boolean) => Uint8Array.of(TAG.BOOLEAN, 1, v ? 0xff : 0);
export const utf8 = (s: string) => tlv(TAG.UTF8_STRING, new TextEncoder().encode(s));
export const printable = (s: string) => tlv(TAG.PRINTABLE_STRING, Buffer.from(s, "latin1"));
export const ia5 = (s: string) => tlv(TAG.IA5_STRING, Buffer.from(s, "latin1"));

/** INTEGER from a non-negative number or bigint (minimal two's complement). */
export function int(v: number | bigint): Uint8Array {
  let n = BigInt(v);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

export const enumerated = (v: number) => Uint8Array.of(TAG.ENUMERATED, 1, v);

export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, Uint8Array.of(unusedBits), bytes);
}

/** Named-bit list (KeyUsage, ReasonFlags) with trailing zero bits removed (X.690 §11.2.2). */
export function namedBits(bits: number[]): Uint8Array {
  if (bits.length === 0) return bitString(new Uint8Array(0));
  const max = Math.max(...bits);
  const bytes = new Uint8Array((max >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return bitString(bytes, 7 - (max & 7));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${pad(y % 100)}${rest}`, "latin1"));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${pad(y, 4)}${rest}`, "latin1"));
}

/** A Name from [type OID, value] pairs, one attribute per RDN, in the given (X.500) order. */
export function name(attrs: [string, string][]): Uint8Array {
  return seq(...attrs.map(([t, v]) => set(seq(oid(t), t === "2.5.4.6" ? printable(v) : utf8(v)))));
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function extension(id: string, value: Uint8Array, critical = false): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}
