/**
 * Decoders for the DER primitive types X.509 uses (X.690 §8.2–§8.23, RFC 5280 §4.1.2.5).
 */
import { content, type DerNode, malformed, TAG } from "./reader.ts";

const oidCache = new Map<string, string>();

export function decodeOid(node: DerNode): string {
  if (node.tag !== TAG.OID) malformed("DER: expected an OBJECT IDENTIFIER");
  const bytes = content(node);
  if (bytes.length === 0 || bytes.length > 64) malformed("DER: bad OBJECT IDENTIFIER length");
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  const cached = oidCache.get(key);
  if (cached) return cached;
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (value === 0 && b === 0x80) malformed("DER: non-minimal OID arc");
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) malformed("DER: OID arc too large");
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    } else if (i === bytes.length - 1) malformed("DER: truncated OID");
  }
  const oid = parts.join(".");
  if (oidCache.size < 4096) oidCache.set(key, oid);
  return oid;
}

export function decodeBoolean(node: DerNode): boolean {
  if (node.tag !== TAG.BOOLEAN || node.end - node.contentStart !== 1) malformed("DER: bad BOOLEAN");
  return node.data[node.contentStart] !== 0;
}

/** A small non-negative INTEGER (or ENUMERATED) as a JS number. */
export function decodeSmallInt(node: DerNode): number {
  const bytes = content(node);
  if (bytes.length === 0 || bytes.length > 6) malformed("DER: INTEGER out of range");
  if ((bytes[0]! & 0x80) !== 0) malformed("DER: negative INTEGER where a count is expected");
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** An INTEGER as a bigint (CRL numbers may be up to 20 octets, RFC 5280 §5.2.3). */
export function decodeBigInt(node: DerNode): bigint {
  if (node.tag !== TAG.INTEGER) malformed("DER: expected an INTEGER");
  const bytes = content(node);
  if (bytes.length === 0 || bytes.length > 64) malformed("DER: INTEGER length");
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if ((bytes[0]! & 0x80) !== 0) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function hexOf(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

/** Serial numbers are compared as the hex of their content octets (lower-case, as encoded). */
export function serialHex(node: DerNode): string {
  if (node.tag !== TAG.INTEGER) malformed("DER: serial number is not an INTEGER");
  if (node.end === node.contentStart) malformed("DER: empty serial number");
  return hexOf(node.data, node.contentStart, node.end);
}

/** BIT STRING → bytes (without the unused-bits octet) and the count of unused bits. */
export function decodeBitString(node: DerNode): { bytes: Uint8Array; unusedBits: number } {
  if (node.tag !== TAG.BIT_STRING) malformed("DER: expected a BIT STRING");
  const c = content(node);
  if (c.length === 0) malformed("DER: empty BIT STRING");
  const unusedBits = c[0]!;
  if (unusedBits > 7 || (c.length === 1 && unusedBits !== 0)) malformed("DER: bad BIT STRING");
  return { bytes: c.subarray(1), unusedBits };
}

/** Named-bit list (KeyUsage, ReasonFlags): bit i set → i in the result. */
export function decodeNamedBits(node: DerNode): Set<number> {
  const { bytes } = decodeBitString(node);
  const set = new Set<number>();
  for (let i = 0; i < bytes.length * 8 && i < 64; i++) {
    if ((bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0) set.add(i);
  }
  return set;
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) malformed("DER: bad time digits");
    v = v * 10 + c;
  }
  return v;
}

/** UTCTime (YYMMDDHHMMSSZ, RFC 5280 §4.1.2.5.1) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z). */
export function decodeTime(node: DerNode): Date {
  const s = Buffer.from(content(node)).toString("latin1");
  let year: number;
  let rest: number;
  if (node.tag === TAG.UTC_TIME) {
    if (!/^\d{10}(\d{2})?Z$/.test(s)) malformed("DER: bad UTCTime");
    const yy = digits(s, 0, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
    rest = 2;
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    if (!/^\d{14}(\.\d{1,9})?Z$/.test(s)) malformed("DER: bad GeneralizedTime");
    year = digits(s, 0, 4);
    rest = 4;
  } else malformed("DER: expected a time");
  const month = digits(s, rest, 2);
  const day = digits(s, rest + 2, 2);
  const hour = digits(s, rest + 4, 2);
  const minute = digits(s, rest + 6, 2);
  const second = s.length > rest + 9 && s[rest + 8] !== "Z" ? digits(s, rest + 8, 2) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    malformed("DER: time out of range");
  }
  // Fractional seconds (X.690 §11.7): forbidden in certificates and CRLs by RFC 5280
  // §4.1.2.5.2, but used by OCSP and RFC 3161 responders and found in the wild; kept to the
  // millisecond (a Date's precision) so an answer at 12:00:00.5 is not read as 12:00:00.
  const fraction = /\.(\d+)Z$/.exec(s)?.[1];
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** Whether a time carries fractional seconds (RFC 5280 §4.1.2.5.2 forbids them in certificates). */
export function hasFractionalSeconds(node: DerNode): boolean {
  return node.tag === TAG.GENERALIZED_TIME && content(node).includes(0x2e /* "." */);
}

const utf8 = new TextDecoder("utf-8");

/** Any of the X.520 string types as a JS string. */
export function decodeString(node: DerNode): string {
  const c = content(node);
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return utf8.decode(c);
    case TAG.BMP_STRING: {
      let s = "";
      for (let i = 0; i + 1 < c.length; i += 2) s += String.fromCharCode((c[i]! << 8) | c[i + 1]!);
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      let s = "";
      for (let i = 0; i + 3 < c.length; i += 4) {
        const cp = ((c[i]! << 24) | (c[i + 1]! << 16) | (c[i + 2]! << 8) | c[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
      }
      return s;
    }
    default:
      return Buffer.from(c).toString("latin1");
  }
}

export const STRING_TAGS: ReadonlySet<number> = new Set([
  TAG.UTF8_STRING,
  TAG.PRINTABLE_STRING,
  TAG.TELETEX_STRING,
  TAG.IA5_STRING,
  TAG.VISIBLE_STRING,
  TAG.UNIVERSAL_STRING,
  TAG.BMP_STRING,
  TAG.NUMERIC_STRING,
]);
