/**
 * Reads a ZIP archive's structure — end-of-central-directory, central directory and local headers —
 * and applies every limit that can be checked before a byte is inflated (entry count, name length
 * and safety, encryption, method, declared sizes and ratio, overlaps). Nothing here inflates.
 */
import { asicError } from "./errors.ts";
import type { ZipLimits } from "./limits.ts";
import {
  ByteReader,
  CENTRAL_HEADER_LENGTH,
  CENTRAL_HEADER_SIGNATURE,
  EOCD_LENGTH,
  EOCD_SIGNATURE,
  FLAG_CENTRAL_DIRECTORY_ENCRYPTED,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
  FLAG_UTF8,
  LOCAL_HEADER_LENGTH,
  LOCAL_HEADER_SIGNATURE,
  MAX_UINT16,
  MAX_UINT32,
  METHOD_AES,
  METHOD_DEFLATED,
  METHOD_STORED,
  ZIP64_EOCD_LENGTH,
  ZIP64_EOCD_SIGNATURE,
  ZIP64_EXTRA_ID,
  ZIP64_LOCATOR_LENGTH,
  ZIP64_LOCATOR_SIGNATURE,
} from "./zip-format.ts";
import { checkEntryName, decodeEntryName } from "./zip-names.ts";

export interface ZipEntryRecord {
  /** Position in the central directory. */
  index: number;
  name: string;
  /** The name was not UTF-8 and was decoded as CP437. */
  nameCp437: boolean;
  isDirectory: boolean;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Length of the local header's extra field (ASiC wants none on `mimetype`). */
  localExtraLength: number;
  /** First byte of the entry's (compressed) data. */
  dataOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntryRecord[];
  /** Where the central directory starts: everything before it is entries' local data. */
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  /** The archive comment, raw (eDoc libraries write e.g. "EDOC/2.0; LIB/2.5.13"). */
  comment: Uint8Array;
  zip64: boolean;
}

/** §4.3.16: the EOCD is the last record; only a comment of at most 65,535 bytes may follow it. */
function findEndOfCentralDirectory(reader: ByteReader): number {
  const lowest = Math.max(0, reader.length - EOCD_LENGTH - MAX_UINT16);
  for (let at = reader.length - EOCD_LENGTH; at >= lowest; at--) {
    if (reader.u32(at) === EOCD_SIGNATURE && at + EOCD_LENGTH + reader.u16(at + 20) === reader.length)
      return at;
  }
  // A ZIP cut short still begins with a local header; say so rather than "not a ZIP".
  if (reader.length >= 4 && reader.u32(0) === LOCAL_HEADER_SIGNATURE) {
    throw asicError("truncated", "no end-of-central-directory record: the archive is cut short");
  }
  throw asicError("not-a-zip");
}

interface CentralDirectoryLocation {
  count: number;
  offset: number;
  size: number;
  zip64: boolean;
}

function locateCentralDirectory(reader: ByteReader, eocd: number): CentralDirectoryLocation {
  const disk = reader.u16(eocd + 4);
  const cdDisk = reader.u16(eocd + 6);
  let countOnDisk = reader.u16(eocd + 8);
  let count = reader.u16(eocd + 10);
  let size = reader.u32(eocd + 12);
  let offset = reader.u32(eocd + 16);
  let zip64 = false;
  const locator = eocd - ZIP64_LOCATOR_LENGTH;
  if (locator >= 0 && reader.u32(locator) === ZIP64_LOCATOR_SIGNATURE) {
    // §4.3.15: the locator points at the Zip64 EOCD record, whose fields replace 0xFFFF/0xFFFFFFFF.
    const record = reader.u64(locator + 8);
    reader.need(record, ZIP64_EOCD_LENGTH, "Zip64 end-of-central-directory record");
    if (reader.u32(record) !== ZIP64_EOCD_SIGNATURE)
      throw asicError("corrupt-entry", "bad Zip64 EOCD signature");
    if (reader.u32(record + 16) !== 0 || reader.u32(record + 20) !== 0 || reader.u32(locator + 16) > 1) {
      throw asicError("unsupported-zip", "multi-disk Zip64 archive");
    }
    countOnDisk = reader.u64(record + 24);
    count = reader.u64(record + 32);
    size = reader.u64(record + 40);
    offset = reader.u64(record + 48);
    zip64 = true;
  }
  if (disk !== 0 || cdDisk !== 0 || countOnDisk !== count) {
    throw asicError("unsupported-zip", "multi-disk (spanned) archive");
  }
  return { count, offset, size, zip64 };
}

/** §4.5.3: the Zip64 extra field holds, in order, only those values whose header field is all ones. */
function applyZip64Extra(
  reader: ByteReader,
  extraStart: number,
  extraLength: number,
  sizes: { uncompressed: number; compressed: number; offset: number },
): void {
  let at = extraStart;
  const end = extraStart + extraLength;
  while (at + 4 <= end) {
    const id = reader.u16(at);
    const length = reader.u16(at + 2);
    if (at + 4 + length > end) throw asicError("corrupt-entry", "extra field runs past its header");
    if (id === ZIP64_EXTRA_ID) {
      let field = at + 4;
      const take = (): number => {
        if (field + 8 > at + 4 + length) throw asicError("corrupt-entry", "Zip64 extra field too short");
        const value = reader.u64(field);
        field += 8;
        return value;
      };
      if (sizes.uncompressed === MAX_UINT32) sizes.uncompressed = take();
      if (sizes.compressed === MAX_UINT32) sizes.compressed = take();
      if (sizes.offset === MAX_UINT32) sizes.offset = take();
      return;
    }
    at += 4 + length;
  }
}

function readCentralRecord(
  reader: ByteReader,
  at: number,
  index: number,
  limits: ZipLimits,
): { entry: Omit<ZipEntryRecord, "dataOffset" | "localExtraLength">; rawName: Uint8Array; next: number } {
  reader.need(at, CENTRAL_HEADER_LENGTH, "central directory header");
  if (reader.u32(at) !== CENTRAL_HEADER_SIGNATURE) {
    throw asicError("corrupt-entry", `central directory record ${index} has a bad signature`);
  }
  const flags = reader.u16(at + 8);
  const method = reader.u16(at + 10);
  const nameLength = reader.u16(at + 28);
  const extraLength = reader.u16(at + 30);
  const commentLength = reader.u16(at + 32);
  if (nameLength > limits.maxNameBytes) {
    throw asicError("name-too-long", `entry ${index}: ${nameLength} bytes > ${limits.maxNameBytes}`);
  }
  const rawName = reader.slice(at + CENTRAL_HEADER_LENGTH, nameLength, "entry name");
  const { name, cp437 } = decodeEntryName(rawName, (flags & FLAG_UTF8) !== 0);
  const isDirectory = name.endsWith("/");
  checkEntryName(name, true);
  if (
    flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_CENTRAL_DIRECTORY_ENCRYPTED) ||
    method === METHOD_AES
  ) {
    throw asicError("encrypted-entry", JSON.stringify(name));
  }
  if (method !== METHOD_STORED && method !== METHOD_DEFLATED) {
    throw asicError("unsupported-compression", `method ${method} on ${JSON.stringify(name)}`);
  }
  const sizes = {
    compressed: reader.u32(at + 20),
    uncompressed: reader.u32(at + 24),
    offset: reader.u32(at + 42),
  };
  applyZip64Extra(reader, at + CENTRAL_HEADER_LENGTH + nameLength, extraLength, sizes);
  reader.need(
    at,
    CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength,
    "central directory record",
  );
  return {
    entry: {
      index,
      name,
      nameCp437: cp437,
      isDirectory,
      method,
      flags,
      crc32: reader.u32(at + 16),
      compressedSize: sizes.compressed,
      uncompressedSize: sizes.uncompressed,
      localHeaderOffset: sizes.offset,
    },
    rawName,
    next: at + CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength,
  };
}

/** §4.3.7: the local header must agree with the central record on name, method and encryption. */
function readLocalHeader(
  reader: ByteReader,
  entry: Omit<ZipEntryRecord, "dataOffset" | "localExtraLength">,
  rawName: Uint8Array,
): { dataOffset: number; localExtraLength: number } {
  const at = entry.localHeaderOffset;
  reader.need(at, LOCAL_HEADER_LENGTH, "local file header");
  if (reader.u32(at) !== LOCAL_HEADER_SIGNATURE) {
    throw asicError("corrupt-entry", `no local header for ${JSON.stringify(entry.name)}`);
  }
  const flags = reader.u16(at + 6);
  const method = reader.u16(at + 8);
  const nameLength = reader.u16(at + 26);
  const extraLength = reader.u16(at + 28);
  const localName = reader.slice(at + LOCAL_HEADER_LENGTH, nameLength, "local entry name");
  if (method !== entry.method || (flags & FLAG_ENCRYPTED) !== 0 || !sameBytes(localName, rawName)) {
    throw asicError(
      "corrupt-entry",
      `local header disagrees with central directory for ${JSON.stringify(entry.name)}`,
    );
  }
  const dataOffset = at + LOCAL_HEADER_LENGTH + nameLength + extraLength;
  reader.need(dataOffset, entry.compressedSize, `data of ${JSON.stringify(entry.name)}`);
  return { dataOffset, localExtraLength: extraLength };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sizes as declared; inflation re-checks them against what the data really produces. */
function checkDeclaredSizes(entries: ZipEntryRecord[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    const label = JSON.stringify(entry.name);
    if (entry.isDirectory && entry.uncompressedSize !== 0)
      throw asicError("corrupt-entry", `directory ${label} has data`);
    if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
      throw asicError(
        "corrupt-entry",
        `stored entry ${label} has different compressed and uncompressed sizes`,
      );
    }
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw asicError(
        "entry-too-large",
        `${label} declares ${entry.uncompressedSize} bytes > ${limits.maxEntryBytes}`,
      );
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw asicError("total-too-large", `declared sizes exceed ${limits.maxTotalBytes}`);
    if (entry.uncompressedSize > limits.ratioThresholdBytes) {
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (ratio > limits.maxCompressionRatio) {
        throw asicError(
          "zip-bomb",
          `${label} declares ratio ${Math.round(ratio)}:1 > ${limits.maxCompressionRatio}:1`,
        );
      }
    }
  }
}

/** Entries must not share bytes: the overlapping-file zip bomb inflates one stream many times. */
function checkNoOverlap(entries: ZipEntryRecord[], centralDirectoryOffset: number): void {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let end = 0;
  for (const entry of byOffset) {
    if (entry.localHeaderOffset < end) {
      throw asicError(
        "overlapping-entries",
        `${JSON.stringify(entry.name)} starts inside the previous entry`,
      );
    }
    end = entry.dataOffset + entry.compressedSize;
  }
  if (end > centralDirectoryOffset)
    throw asicError("overlapping-entries", "entry data runs into the central directory");
}

export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipDirectory {
  if (bytes.length > limits.maxInputBytes) {
    throw asicError("input-too-large", `${bytes.length} bytes > ${limits.maxInputBytes}`);
  }
  const reader = new ByteReader(bytes);
  const eocd = findEndOfCentralDirectory(reader);
  const location = locateCentralDirectory(reader, eocd);
  // The entry count is checked before a single central record is read.
  if (location.count > limits.maxEntries) {
    throw asicError("too-many-entries", `${location.count} entries > ${limits.maxEntries}`);
  }
  reader.need(location.offset, location.size, "central directory");
  const cdEnd = location.offset + location.size;
  const entries: ZipEntryRecord[] = [];
  const seen = new Set<string>();
  let at = location.offset;
  for (let index = 0; index < location.count; index++) {
    if (at >= cdEnd) throw asicError("corrupt-entry", "central directory is shorter than its entry count");
    const { entry, rawName, next } = readCentralRecord(reader, at, index, limits);
    if (next > cdEnd) throw asicError("corrupt-entry", "central directory record runs past the directory");
    if (seen.has(entry.name)) throw asicError("duplicate-entry", JSON.stringify(entry.name));
    seen.add(entry.name);
    entries.push({ ...entry, ...readLocalHeader(reader, entry, rawName) });
    at = next;
  }
  if (at !== cdEnd) throw asicError("corrupt-entry", "central directory holds more than its entry count");
  checkNoOverlap(entries, location.offset);
  checkDeclaredSizes(entries, limits);
  return {
    entries,
    centralDirectoryOffset: location.offset,
    centralDirectorySize: location.size,
    comment: reader.slice(eocd + EOCD_LENGTH, reader.u16(eocd + 20), "archive comment"),
    zip64: location.zip64,
  };
}
