/**
 * An open-addressing hash table of CRL entries keyed by (certificate issuer, serial octets),
 * in typed arrays. A JS Map with one string key per entry costs ~1.5 s and ~100 MB for a
 * million entries; this costs a few tens of milliseconds and ~16 bytes per entry, and a
 * lookup is still O(1): one hash and, on average, about one byte comparison.
 */
import { malformed } from "../der/reader.ts";

/** Issuer number of entries that belong to the CRL issuer itself. */
export const OWN_ISSUER = 0;

export class SerialIndex {
  private count = 0;
  private readonly entryStart: Uint32Array;
  private readonly serialStart: Uint32Array;
  private readonly serialLength: Uint8Array;
  private issuerOf: Uint16Array | undefined;
  private table: Int32Array | undefined;

  constructor(
    private readonly data: Uint8Array,
    maxEntries: number,
  ) {
    this.entryStart = new Uint32Array(maxEntries);
    this.serialStart = new Uint32Array(maxEntries);
    this.serialLength = new Uint8Array(maxEntries);
  }

  get size(): number {
    return this.count;
  }

  add(entryStart: number, serialStart: number, serialLength: number, issuer: number): void {
    if (this.count >= this.entryStart.length) malformed("CRL: more entries than its length allows");
    if (serialLength > 255) malformed("CRL entry: serial number too long");
    const i = this.count++;
    this.entryStart[i] = entryStart;
    this.serialStart[i] = serialStart;
    this.serialLength[i] = serialLength;
    if (issuer !== OWN_ISSUER) {
      this.issuerOf ??= new Uint16Array(this.entryStart.length);
      this.issuerOf[i] = issuer;
    }
  }

  private hash(bytes: Uint8Array, start: number, length: number, issuer: number): number {
    // FNV-1a, 32 bits
    let h = 0x811c9dc5 ^ issuer;
    for (let i = start; i < start + length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return h >>> 0;
  }

  private same(i: number, bytes: Uint8Array, start: number, length: number, issuer: number): boolean {
    if (this.serialLength[i] !== length || (this.issuerOf?.[i] ?? OWN_ISSUER) !== issuer) return false;
    const s = this.serialStart[i]!;
    for (let k = 0; k < length; k++) if (this.data[s + k] !== bytes[start + k]) return false;
    return true;
  }

  /** Builds the table; entries with a key already present are ignored (the first one counts). */
  seal(): number {
    let size = 16;
    while (size < this.count * 2) size *= 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    let distinct = 0;
    for (let i = 0; i < this.count; i++) {
      const issuer = this.issuerOf?.[i] ?? OWN_ISSUER;
      let slot = this.hash(this.data, this.serialStart[i]!, this.serialLength[i]!, issuer) & mask;
      let duplicate = false;
      while (table[slot] !== -1) {
        if (this.same(table[slot]!, this.data, this.serialStart[i]!, this.serialLength[i]!, issuer)) {
          duplicate = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (!duplicate) {
        table[slot] = i;
        distinct++;
      }
    }
    this.table = table;
    return distinct;
  }

  /** The start offset of the entry with these serial octets, or undefined. */
  find(serial: Uint8Array, issuer: number): number | undefined {
    const table = this.table;
    if (!table) return undefined;
    const mask = table.length - 1;
    let slot = this.hash(serial, 0, serial.length, issuer) & mask;
    while (table[slot] !== -1) {
      const i = table[slot]!;
      if (this.same(i, serial, 0, serial.length, issuer)) return this.entryStart[i];
      slot = (slot + 1) & mask;
    }
    return undefined;
  }
}
