/**
 * Checks every checkpoint (checkpoint.ts) against the chain, the audit key and the TSA, as a
 * pipeline of named steps per checkpoint:
 *
 *   pair copies    — the database row and the folder file both exist and are the same bytes
 *   parse          — each copy is a checkpoint in its exact form, at its own position
 *   check signature — signed by the audit key over its fields
 *   check time-stamp — the TSA's token verifies, stamps this signature, chains to the TSA
 *                      anchors, and its time agrees with the checkpoint's (no back-dating)
 *   check position — the record at the checkpoint's position exists and has the sealed hash
 *
 * Positions are walked in pages, so years of checkpoints are checked in bounded memory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AuditPublicKey } from "./audit-key.ts";
import {
  CHECKPOINT_FILE_PATTERN,
  type Checkpoint,
  CheckpointFormatError,
  checkpointSignatureValid,
  imprintOf,
  MAX_CHECKPOINT_BYTES,
  parseCheckpoint,
} from "./checkpoint.ts";
import { checkTimeStampToken } from "./time-stamp.ts";

/** Documented in docs/audit-events.md ("Checkpoints") and `tilts audit verify --help`. */
export type CheckpointProblemCode =
  | "chain-rewritten"
  | "chain-truncated"
  | "checkpoint-signature-invalid"
  | "checkpoint-time-stamp-invalid"
  | "checkpoint-missing-from-database"
  | "checkpoint-missing-from-folder"
  | "checkpoint-copies-differ"
  | "checkpoint-malformed";

export interface CheckpointProblem {
  code: CheckpointProblemCode;
  seq: string;
  message: string;
}

export interface CheckpointVerdict {
  /** Checkpoints looked at (positions found in the database, the folder or both). */
  checked: number;
  /** The last position sealed by a checkpoint that passed every check; null if none. */
  lastSealedSeq: string | null;
  /** Records after that position: protected by the chain alone. */
  unsealedRecords: number;
  problems: CheckpointProblem[];
}

export interface CheckpointVerifyOptions {
  /** The checkpoint folder (AUDIT_CHECKPOINT_DIR). */
  dir: string;
  /** Absent: no audit key is configured or generated, so no checkpoint can verify. */
  publicKey: AuditPublicKey | undefined;
  /** Trust anchors (DER) of the TSA's certificate path. */
  tsaAnchors: Uint8Array[];
  /** How much later than its sealedAt a checkpoint may be stamped (default 10 minutes). */
  maxStampDelayMs?: number;
}

const PAGE = 200;
/** The TSA's and our clocks may disagree a little; a stamp before sealing by more is impossible. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export async function verifyAuditCheckpoints(
  db: Kysely<Database>,
  options: CheckpointVerifyOptions,
): Promise<CheckpointVerdict> {
  const files = checkpointFiles(options.dir);
  // A database not yet migrated to checkpoints (an older data folder) holds none.
  const table = await sql<{
    name: string | null;
  }>`select to_regclass('audit_checkpoint')::text as name`.execute(db);
  const rows = table.rows[0]?.name ? await db.selectFrom("audit_checkpoint").select("seq").execute() : [];
  const stored = new Set(rows.map((r) => BigInt(r.seq)));
  const positions = [...new Set([...files.keys(), ...stored])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chainEnd = await lastRecordSeq(db);
  const problems: CheckpointProblem[] = [];
  let lastSealed: bigint | null = null;

  for (let start = 0; start < positions.length; start += PAGE) {
    const page = positions.slice(start, start + PAGE);
    const texts = page.map(String);
    const documents = new Map(
      rows.length === 0
        ? []
        : (
            await db
              .selectFrom("audit_checkpoint")
              .select(["seq", "document"])
              .where("seq", "in", texts)
              .execute()
          ).map((r) => [BigInt(r.seq), r.document] as const),
    );
    const hashes = new Map(
      (await db.selectFrom("audit_log").select(["seq", "hash"]).where("seq", "in", texts).execute()).map(
        // A sealed position holds a linked record; an unlinked one there was rewritten by hand.
        (r) => [BigInt(r.seq), r.hash ?? "unlinked"] as const,
      ),
    );
    for (const seq of page) {
      const found = await checkPosition(seq, {
        fileText: files.has(seq) ? readCheckpointFile(options.dir, files.get(seq)!) : undefined,
        dbText: documents.get(seq),
        recordHash: hashes.get(seq),
        chainEnd,
        options,
      });
      problems.push(...found);
      if (found.length === 0) lastSealed = seq;
    }
  }
  return {
    checked: positions.length,
    lastSealedSeq: lastSealed === null ? null : lastSealed.toString(),
    unsealedRecords: Number(chainEnd > (lastSealed ?? 0n) ? chainEnd - (lastSealed ?? 0n) : 0n),
    problems,
  };
}

interface PositionInput {
  fileText: string | null | undefined;
  dbText: string | undefined;
  recordHash: string | undefined;
  chainEnd: bigint;
  options: CheckpointVerifyOptions;
}

async function checkPosition(seq: bigint, input: PositionInput): Promise<CheckpointProblem[]> {
  const problems: CheckpointProblem[] = [];
  const add = (code: CheckpointProblemCode, message: string) => {
    if (!problems.some((p) => p.code === code)) problems.push({ code, seq: seq.toString(), message });
  };
  pairCopies(input, add);
  // Each distinct copy is checked: a rewritten database copy and the untouched file disagree.
  for (const text of new Set([input.fileText, input.dbText].filter((t) => t !== undefined))) {
    const checkpoint = parse(text, seq, add);
    if (!checkpoint) continue;
    checkSignature(checkpoint, input.options, add);
    await checkTimeStamp(checkpoint, input.options, add);
    checkChainPosition(checkpoint, input, add);
  }
  return problems;
}

type Add = (code: CheckpointProblemCode, message: string) => void;

function pairCopies(input: PositionInput, add: Add): void {
  if (input.dbText === undefined)
    add("checkpoint-missing-from-database", "the checkpoint is in the folder but not in the database");
  else if (input.fileText === undefined)
    add("checkpoint-missing-from-folder", "the checkpoint is in the database but not in the folder");
  else if (input.fileText !== input.dbText)
    add("checkpoint-copies-differ", "the database's copy of the checkpoint differs from the folder's");
}

function parse(text: string | null, seq: bigint, add: Add): Checkpoint | undefined {
  if (text === null) {
    add("checkpoint-malformed", "the checkpoint file cannot be read or is too large");
    return undefined;
  }
  try {
    const checkpoint = parseCheckpoint(text);
    if (BigInt(checkpoint.seq) !== seq) {
      add("checkpoint-malformed", `the checkpoint at position ${seq} names position ${checkpoint.seq}`);
      return undefined;
    }
    return checkpoint;
  } catch (error) {
    if (!(error instanceof CheckpointFormatError)) throw error;
    add("checkpoint-malformed", error.message);
    return undefined;
  }
}

function checkSignature(checkpoint: Checkpoint, options: CheckpointVerifyOptions, add: Add): void {
  if (!options.publicKey)
    add("checkpoint-signature-invalid", "no audit public key is available to check the checkpoint");
  else if (checkpoint.keyId !== options.publicKey.keyId)
    add(
      "checkpoint-signature-invalid",
      `the checkpoint names another audit key (${checkpoint.keyId.slice(0, 16)}…)`,
    );
  else if (!checkpointSignatureValid(checkpoint, options.publicKey))
    add(
      "checkpoint-signature-invalid",
      "the checkpoint's signature does not verify with the audit public key",
    );
}

async function checkTimeStamp(
  checkpoint: Checkpoint,
  options: CheckpointVerifyOptions,
  add: Add,
): Promise<void> {
  const token = new Uint8Array(Buffer.from(checkpoint.timeStampToken, "base64"));
  const imprint = imprintOf(Buffer.from(checkpoint.signature, "base64"));
  const check = await checkTimeStampToken(token, imprint, options.tsaAnchors);
  if (!check.valid) return add("checkpoint-time-stamp-invalid", check.message);
  // A checkpoint back-dated by someone holding the audit key is stamped now, not at its sealedAt.
  const lag = check.genTime.getTime() - Date.parse(checkpoint.sealedAt);
  if (lag < -CLOCK_SKEW_MS || lag > (options.maxStampDelayMs ?? 10 * 60 * 1000))
    add(
      "checkpoint-time-stamp-invalid",
      `the TSA stamped the checkpoint at ${check.genTime.toISOString()}, not when it says it was sealed (${checkpoint.sealedAt})`,
    );
}

function checkChainPosition(checkpoint: Checkpoint, input: PositionInput, add: Add): void {
  const seq = BigInt(checkpoint.seq);
  if (input.recordHash === undefined) {
    if (seq > input.chainEnd)
      add("chain-truncated", `the log ends at record ${input.chainEnd}, but record ${seq} was sealed`);
    else add("chain-truncated", `record ${seq}, sealed by this checkpoint, is missing`);
  } else if (input.recordHash !== checkpoint.headHash) {
    add(
      "chain-rewritten",
      `record ${seq} does not have the hash sealed at ${checkpoint.sealedAt}: the log up to it was rewritten`,
    );
  }
}

async function lastRecordSeq(db: Kysely<Database>): Promise<bigint> {
  const last = await db
    .selectFrom("audit_log")
    .select("seq")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return last ? BigInt(last.seq) : 0n;
}

/** Checkpoint files by position; a missing folder holds none. */
function checkpointFiles(dir: string): Map<bigint, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  const files = new Map<bigint, string>();
  for (const name of names) {
    const match = CHECKPOINT_FILE_PATTERN.exec(name);
    if (match) files.set(BigInt(match[1]!), name);
  }
  return files;
}

/** The file's text, or null when it is not a regular file of checkpoint size. */
function readCheckpointFile(dir: string, name: string): string | null {
  const path = join(dir, name);
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_CHECKPOINT_BYTES) return null;
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
