/**
 * The test PKI's mutable state — issued certificates and revocations — as one JSON file,
 * `store.json`, in the state directory. Writes take a lock file and replace the file atomically
 * (write + rename), so the CLI in another process and the HTTP server never see half a file; reads
 * re-load it whenever its mtime/size change, so a revocation shows on the very next request (SIG-4).
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RevocationReason } from "@tilts/trust";
import type { CaId } from "./profiles.ts";

export type IssuedKind = "ca" | "ocsp-responder" | "person-sign" | "person-auth" | "institution" | "tsa";

/**
 * The one spelling of a serial number used in the store: lower-case hex of the INTEGER's value
 * octets without leading zero OCTETS (so "052b…" keeps its leading zero nibble), as
 * `serialToHex` in @tilts/trust produces. Accepts colons, spaces, any case, odd lengths.
 */
export function normaliseSerialHex(text: string): string {
  let hex = text.replace(/[\s:]/g, "").toLowerCase();
  if (hex.length % 2) hex = `0${hex}`;
  while (hex.length > 2 && hex.startsWith("00")) hex = hex.slice(2);
  return hex;
}

export interface IssuedRecord {
  /** Lower-case hex, no leading zeros. */
  serial: string;
  /** The CA that issued it. */
  caId: CaId;
  kind: IssuedKind;
  subject: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
}

export interface RevocationRecord {
  serial: string;
  caId: CaId;
  /** ISO-8601 revocation time. */
  revokedAt: string;
  reason: RevocationReason;
  /** When the revocation was recorded (may differ from revokedAt when back-dated). */
  recordedAt: string;
}

export interface StoreData {
  format: 1;
  issued: IssuedRecord[];
  revocations: RevocationRecord[];
}

const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a crashed process. */
const STALE_LOCK_MS = 30_000;

export class StateStore {
  private cached?: { ino: number; mtimeMs: number; size: number; data: StoreData };
  readonly file: string;
  private readonly lockFile: string;

  constructor(readonly dir: string) {
    this.file = join(dir, "store.json");
    this.lockFile = join(dir, "store.lock");
  }

  /** Starts an empty store (a new PKI: records left by an interrupted earlier creation are dropped). */
  static initialise(dir: string): StateStore {
    const store = new StateStore(dir);
    store.write({ format: 1, issued: [], revocations: [] });
    return store;
  }

  /** The current state; re-read from disk when the file changed since the last read. */
  read(): StoreData {
    const stat = statSync(this.file);
    // Every write is a rename, so a new inode means new content even within one mtime tick.
    const c = this.cached;
    if (c && c.ino === stat.ino && c.mtimeMs === stat.mtimeMs && c.size === stat.size) return c.data;
    const data = JSON.parse(readFileSync(this.file, "utf8")) as StoreData;
    if (data.format !== 1) throw new Error(`unsupported test PKI store format ${String(data.format)}`);
    this.cached = { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, data };
    return data;
  }

  /** Read-modify-write under the lock. */
  update<T>(change: (data: StoreData) => T): T {
    this.lock();
    try {
      this.cached = undefined;
      const data = this.read();
      const result = change(data);
      this.write(data);
      return result;
    } finally {
      this.unlock();
    }
  }

  private write(data: StoreData): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(data, null, 1)}\n`);
    renameSync(temp, this.file);
    this.cached = undefined;
  }

  private lock(): void {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        closeSync(openSync(this.lockFile, "wx"));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        try {
          if (Date.now() - statSync(this.lockFile).mtimeMs > STALE_LOCK_MS) unlinkSync(this.lockFile);
        } catch {
          // the holder released it meanwhile
        }
        if (Date.now() > deadline) throw new Error(`test PKI store is locked: ${this.lockFile}`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }

  private unlock(): void {
    try {
      unlinkSync(this.lockFile);
    } catch {
      // already gone
    }
  }
}
