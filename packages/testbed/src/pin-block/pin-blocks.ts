/**
 * Blocked test PINs, kept apart from the try counters. A PIN that reached its limit stays blocked
 * until an operator lifts it with `tilts testbed unblock` (the PUK path of a real card or of
 * eParaksts' helpdesk, AUTH-4 PIN rules): the stand-ins' public `/reset` only forgets the tries of
 * PINs that are not blocked, so anyone reaching the testbed cannot undo a block.
 *
 * With a file the blocks are shared by the server and the CLI in another process: one JSON file,
 * replaced atomically (write + rename) and re-read whenever it changed. Without a file (a stand-in
 * mounted on its own, in tests) they live in memory.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type PinService = "eparaksts" | "eid-card";
export type PinName = "pin1" | "pin2";

export interface PinBlock {
  service: PinService;
  personalCode: string;
  pin: PinName;
  /** ISO-8601. */
  blockedAt: string;
}

interface BlockFile {
  format: 1;
  blocks: PinBlock[];
}

/** A block file larger than this was not written by us. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class PinBlockFileError extends Error {
  override name = "PinBlockFileError";
}

export class PinBlocks {
  private memory: PinBlock[] = [];
  private cached?: { mtimeMs: number; size: number; ino: number; blocks: PinBlock[] };

  /** `file` undefined: blocks in memory only. */
  constructor(readonly file?: string) {}

  list(): readonly PinBlock[] {
    return this.read();
  }

  isBlocked(service: PinService, personalCode: string, pin: PinName): boolean {
    return this.read().some((b) => b.service === service && b.personalCode === personalCode && b.pin === pin);
  }

  block(service: PinService, personalCode: string, pin: PinName, now = new Date()): void {
    if (this.isBlocked(service, personalCode, pin)) return;
    this.write([...this.read(), { service, personalCode, pin, blockedAt: now.toISOString() }]);
  }

  /**
   * Lifts the blocks of one person: both PINs, or one; in every stand-in, or one. Returns what was
   * lifted (empty when nothing was blocked).
   */
  unblock(personalCode: string, filter: { pin?: PinName; service?: PinService } = {}): PinBlock[] {
    const blocks = this.read();
    const lifted = blocks.filter(
      (b) =>
        b.personalCode === personalCode &&
        (filter.pin === undefined || b.pin === filter.pin) &&
        (filter.service === undefined || b.service === filter.service),
    );
    if (lifted.length > 0) this.write(blocks.filter((b) => !lifted.includes(b)));
    return lifted;
  }

  private read(): PinBlock[] {
    if (!this.file) return this.memory;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const c = this.cached;
    if (c && c.ino === stat.ino && c.mtimeMs === stat.mtimeMs && c.size === stat.size) return c.blocks;
    if (stat.size > MAX_FILE_BYTES)
      throw new PinBlockFileError(`${this.file} is too large to be a PIN block file`);
    const blocks = parseBlockFile(readFileSync(this.file, "utf8"), this.file);
    this.cached = { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, blocks };
    return blocks;
  }

  private write(blocks: PinBlock[]): void {
    if (!this.file) {
      this.memory = blocks;
      return;
    }
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const data: BlockFile = { format: 1, blocks };
    writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.cached = undefined;
  }
}

function parseBlockFile(text: string, file: string): PinBlock[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PinBlockFileError(`${file} is not JSON`, { cause: error });
  }
  const blocks = (data as Partial<BlockFile> | null)?.blocks;
  if ((data as Partial<BlockFile> | null)?.format !== 1 || !Array.isArray(blocks))
    throw new PinBlockFileError(`${file} is not a PIN block file (format 1)`);
  return blocks.filter(isPinBlock);
}

function isPinBlock(value: unknown): value is PinBlock {
  const b = value as Partial<PinBlock> | null;
  return (
    typeof b === "object" &&
    b !== null &&
    (b.service === "eparaksts" || b.service === "eid-card") &&
    (b.pin === "pin1" || b.pin === "pin2") &&
    typeof b.personalCode === "string" &&
    typeof b.blockedAt === "string"
  );
}
