/**
 * Writes ZIP archives (APPNOTE §4.3) without data descriptors or Zip64: sizes and CRC sit in
 * each local header, which is what the ASiC `mimetype` rule (name at offset 30, content at 38)
 * and simple readers want. Appending keeps every earlier byte where it was: the new entries go
 * between the old entries and the old central directory, which is copied unchanged.
 */
import { deflateSync } from "fflate";
import { crc32 } from "./crc32.ts";
import { asicError } from "./errors.ts";
import type { ZipDirectory } from "./zip-directory.ts";
import {
  CENTRAL_HEADER_LENGTH,
  CENTRAL_HEADER_SIGNATURE,
  EOCD_LENGTH,
  EOCD_SIGNATURE,
  FLAG_UTF8,
  LOCAL_HEADER_LENGTH,
  LOCAL_HEADER_SIGNATURE,
  MAX_UINT16,
  MAX_UINT32,
  METHOD_DEFLATED,
  METHOD_STORED,
  toDosDateTime,
  VERSION_20,
} from "./zip-format.ts";

export interface ZipWriteEntry {
  name: string;
  content: Uint8Array;
  /** STORED for ASiC's `mimetype`; DEFLATE for everything else. */
  method: "stored" | "deflated";
}

export interface ZipWriteOptions {
  /** Modification time written on every entry (the clock is the caller's). */
  modifiedAt: Date;
  /** Archive comment; at most 65,535 bytes. */
  comment?: Uint8Array;
}

/** APPNOTE §4.4.2.2: host system 3 = UNIX. */
const HOST_UNIX = 3;
/** S_IFREG | 0644: a plain file readable by all, writable by its owner. */
const UNIX_REGULAR_FILE_0644 = 0o100644;

interface EncodedEntry {
  local: Uint8Array;
  central: Uint8Array;
}

const utf8 = new TextEncoder();

function encodeEntry(entry: ZipWriteEntry, offset: number, modifiedAt: Date): EncodedEntry {
  const name = utf8.encode(entry.name);
  if (name.length > MAX_UINT16)
    throw asicError("bad-argument", `name of ${name.length} bytes is too long for ZIP`);
  const method = entry.method === "stored" ? METHOD_STORED : METHOD_DEFLATED;
  const data = method === METHOD_STORED ? entry.content : deflateSync(entry.content, { level: 6 });
  if (entry.content.length > MAX_UINT32 || data.length > MAX_UINT32 || offset > MAX_UINT32) {
    throw asicError("bad-argument", "entry too large for a ZIP without Zip64");
  }
  // §4.4.4 bit 11: set only when the name needs it, so `mimetype` keeps all-zero flags.
  const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8;
  const crc = crc32(entry.content);
  const { time, date } = toDosDateTime(modifiedAt);

  const local = new Uint8Array(LOCAL_HEADER_LENGTH + name.length + data.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, LOCAL_HEADER_SIGNATURE, true);
  lv.setUint16(4, VERSION_20, true);
  lv.setUint16(6, flags, true);
  lv.setUint16(8, method, true);
  lv.setUint16(10, time, true);
  lv.setUint16(12, date, true);
  lv.setUint32(14, crc, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, entry.content.length, true);
  lv.setUint16(26, name.length, true);
  lv.setUint16(28, 0, true); // no extra field (ASiC: none on mimetype; none needed elsewhere)
  local.set(name, LOCAL_HEADER_LENGTH);
  local.set(data, LOCAL_HEADER_LENGTH + name.length);

  const central = new Uint8Array(CENTRAL_HEADER_LENGTH + name.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, CENTRAL_HEADER_SIGNATURE, true);
  // Made by: Unix host. Info-ZIP converts names from an MS-DOS host as OEM code page even when
  // bit 11 says UTF-8, which mangles "līgums.pdf"; a Unix host with UTF-8 names is read as is.
  cv.setUint16(4, (HOST_UNIX << 8) | VERSION_20, true);
  cv.setUint16(6, VERSION_20, true);
  cv.setUint16(8, flags, true);
  cv.setUint16(10, method, true);
  cv.setUint16(12, time, true);
  cv.setUint16(14, date, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, entry.content.length, true);
  cv.setUint16(28, name.length, true);
  // extra length, comment length, disk number start, internal attributes: 0
  cv.setUint32(38, UNIX_REGULAR_FILE_0644 * 0x10000, true); // external attributes: high 16 bits are st_mode
  cv.setUint32(42, offset, true);
  central.set(name, CENTRAL_HEADER_LENGTH);
  return { local, central };
}

function endOfCentralDirectory(count: number, size: number, offset: number, comment: Uint8Array): Uint8Array {
  if (count > MAX_UINT16 || size > MAX_UINT32 || offset > MAX_UINT32 || comment.length > MAX_UINT16) {
    throw asicError("bad-argument", "archive too large for a ZIP without Zip64");
  }
  const eocd = new Uint8Array(EOCD_LENGTH + comment.length);
  const v = new DataView(eocd.buffer);
  v.setUint32(0, EOCD_SIGNATURE, true);
  v.setUint16(8, count, true);
  v.setUint16(10, count, true);
  v.setUint32(12, size, true);
  v.setUint32(16, offset, true);
  v.setUint16(20, comment.length, true);
  eocd.set(comment, EOCD_LENGTH);
  return eocd;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A new archive holding `entries` in the given order. */
export function writeZip(entries: ZipWriteEntry[], options: ZipWriteOptions): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const encoded = encodeEntry(entry, offset, options.modifiedAt);
    locals.push(encoded.local);
    centrals.push(encoded.central);
    offset += encoded.local.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = endOfCentralDirectory(entries.length, cdSize, offset, options.comment ?? new Uint8Array(0));
  return concat([...locals, ...centrals, eocd]);
}

/**
 * `archive` with `entries` added. Bytes [0, central directory) — every existing local header and
 * its compressed data — and the existing central records are copied verbatim, so their offsets
 * and contents do not change and nothing is re-compressed. Any archive comment is kept.
 */
export function appendZipEntries(
  archive: Uint8Array,
  directory: ZipDirectory,
  entries: ZipWriteEntry[],
  modifiedAt: Date,
): Uint8Array {
  const prefix = archive.subarray(0, directory.centralDirectoryOffset);
  const oldCentral = archive.subarray(
    directory.centralDirectoryOffset,
    directory.centralDirectoryOffset + directory.centralDirectorySize,
  );
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = prefix.length;
  for (const entry of entries) {
    const encoded = encodeEntry(entry, offset, modifiedAt);
    locals.push(encoded.local);
    centrals.push(encoded.central);
    offset += encoded.local.length;
  }
  const cdSize = oldCentral.length + centrals.reduce((n, c) => n + c.length, 0);
  const eocd = endOfCentralDirectory(
    directory.entries.length + entries.length,
    cdSize,
    offset,
    directory.comment,
  );
  return concat([prefix, ...locals, oldCentral, ...centrals, eocd]);
}
