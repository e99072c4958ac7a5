/**
 * Test-only: writes ZIP archives with arbitrary, even hostile, headers (pre-compressed data,
 * lying sizes, flags, traversal names) to exercise the reader. Not exported from index.ts.
 */
import { crc32 } from "./crc32.ts";
import {
  CENTRAL_HEADER_LENGTH,
  CENTRAL_HEADER_SIGNATURE,
  EOCD_LENGTH,
  EOCD_SIGNATURE,
  LOCAL_HEADER_LENGTH,
  LOCAL_HEADER_SIGNATURE,
  METHOD_DEFLATED,
  METHOD_STORED,
} from "./zip-format.ts";

export interface RawEntry {
  name: string | Uint8Array;
  /** The bytes stored after the local header (already compressed if method is DEFLATE). */
  data: Uint8Array;
  method?: number;
  flags?: number;
  crc?: number;
  uncompressedSize?: number;
  compressedSize?: number;
  localExtra?: Uint8Array;
}

export function rawZip(entries: RawEntry[], options: { declaredCount?: number } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === "string" ? new TextEncoder().encode(e.name) : e.name;
    const method = e.method ?? METHOD_STORED;
    const crc = e.crc ?? (method === METHOD_STORED ? crc32(e.data) : 0);
    const usize = e.uncompressedSize ?? e.data.length;
    const csize = e.compressedSize ?? e.data.length;
    const extra = e.localExtra ?? new Uint8Array(0);
    const local = new Uint8Array(LOCAL_HEADER_LENGTH + name.length + extra.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_HEADER_SIGNATURE, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0x0800, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, csize, true);
    lv.setUint32(22, usize, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, extra.length, true);
    local.set(name, LOCAL_HEADER_LENGTH);
    local.set(extra, LOCAL_HEADER_LENGTH + name.length);
    const central = new Uint8Array(CENTRAL_HEADER_LENGTH + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL_HEADER_SIGNATURE, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, csize, true);
    cv.setUint32(24, usize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, CENTRAL_HEADER_LENGTH);
    parts.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(EOCD_LENGTH);
  const v = new DataView(eocd.buffer);
  v.setUint32(0, EOCD_SIGNATURE, true);
  v.setUint16(8, options.declaredCount ?? entries.length, true);
  v.setUint16(10, options.declaredCount ?? entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  const all = [...parts, ...centrals, eocd];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export { METHOD_DEFLATED, METHOD_STORED };
