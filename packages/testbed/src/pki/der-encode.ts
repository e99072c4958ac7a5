/** Small DER encoders (X.690) for values the schema classes do not cover conveniently. */

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else if (n < 0x1000000) header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  else header = [tag, 0x84, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(...items));

/** Minimal two's-complement INTEGER for a non-negative bigint. */
export function integer(value: bigint): Uint8Array {
  if (value < 0n) throw new Error("negative INTEGER not supported");
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, new Uint8Array(bytes));
}

/** OBJECT IDENTIFIER (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((a) => BigInt(a));
  const first = arcs[0]!;
  const second = arcs[1]!;
  const body: number[] = [];
  const push = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    let rest = arc >> 7n;
    while (rest > 0n) {
      chunk.unshift(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    body.push(...chunk);
  };
  push(first * 40n + second);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(0x06, new Uint8Array(body));
}

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
export const printableString = (text: string): Uint8Array =>
  tlv(0x13, new Uint8Array(Buffer.from(text, "latin1")));
export const DER_NULL = new Uint8Array([0x05, 0x00]);
