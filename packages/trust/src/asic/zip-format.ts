/**
 * Record layouts of the ZIP format (PKWARE APPNOTE.TXT 6.3.x, §4.3) shared by the reader and the
 * writer, and a bounds-checked little-endian reader: a read past the input is a coded
 * `truncated` refusal, never a RangeError.
 */
import { asicError } from "./errors.ts";

/** §4.3.7 local file header */
export const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const LOCAL_HEADER_LENGTH = 30;
/** §4.3.12 central directory file header */
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
export const CENTRAL_HEADER_LENGTH = 46;
/** §4.3.16 end of central directory record */
export const EOCD_SIGNATURE = 0x06054b50;
export const EOCD_LENGTH = 22;
/** §4.3.14 / §4.3.15 Zip64 end of central directory record and its locator */
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
export const ZIP64_EOCD_LENGTH = 56;
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
export const ZIP64_LOCATOR_LENGTH = 20;
/** §4.5.3 Zip64 extended information extra field */
export const ZIP64_EXTRA_ID = 0x0001;

/** §4.4.5 compression methods this layer handles */
export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;
/** §4.4.5 / Appendix E: WinZip AES marks encrypted entries with method 99 */
export const METHOD_AES = 99;

/** §4.4.4 general purpose bit flags */
export const FLAG_ENCRYPTED = 1 << 0;
export const FLAG_DATA_DESCRIPTOR = 1 << 3;
export const FLAG_STRONG_ENCRYPTION = 1 << 6;
export const FLAG_UTF8 = 1 << 11;
export const FLAG_CENTRAL_DIRECTORY_ENCRYPTED = 1 << 13;

/** §4.4.2 / §4.4.3: "version made by" / "needed to extract" 2.0 (deflate), MS-DOS host. */
export const VERSION_20 = 20;

export const MAX_UINT16 = 0xffff;
export const MAX_UINT32 = 0xffffffff;

export class ByteReader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  need(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw asicError(
        "truncated",
        `${what} at ${offset} (+${length}) lies outside the ${this.bytes.length}-byte input`,
      );
    }
  }
  u16(offset: number): number {
    this.need(offset, 2, "field");
    return this.view.getUint16(offset, true);
  }
  u32(offset: number): number {
    this.need(offset, 4, "field");
    return this.view.getUint32(offset, true);
  }
  /** A 64-bit field as a number; values past 2^53 cannot address this input, so they are refused. */
  u64(offset: number): number {
    const low = this.u32(offset);
    const high = this.u32(offset + 4);
    const value = high * 2 ** 32 + low;
    if (!Number.isSafeInteger(value))
      throw asicError("truncated", `64-bit field at ${offset} is out of range`);
    return value;
  }
  slice(offset: number, length: number, what: string): Uint8Array {
    this.need(offset, length, what);
    return this.bytes.subarray(offset, offset + length);
  }
}

/** MS-DOS date and time (§4.4.6), the only timestamp every reader understands. DOS times have no zone; UTC fields are stored so output does not depend on the host. */
export function toDosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}
