/**
 * Sealing: read the chain head, sign it with the audit key, have a TSA stamp the signature, and
 * write the checkpoint twice — a file in the checkpoint folder (outside the database) and a row
 * in `audit_checkpoint`. A head already sealed is not sealed again.
 */
import { linkSync, mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AuditSigningKey } from "./audit-key.ts";
import { AuditChainError } from "./audit-log.ts";
import { linkPendingRecords } from "./chain-linker.ts";
import {
  type Checkpoint,
  checkpointFileName,
  imprintOf,
  serialiseCheckpoint,
  signCheckpoint,
} from "./checkpoint.ts";
import { requestTimeStamp, type TimeStampAuthority } from "./time-stamp.ts";

export interface SealOptions {
  key: AuditSigningKey;
  tsa: TimeStampAuthority;
  /** The checkpoint folder (AUDIT_CHECKPOINT_DIR). */
  dir: string;
  now?: () => Date;
}

export type SealResult =
  | { sealed: true; checkpoint: Checkpoint; file: string }
  | { sealed: false; reason: "empty-log" | "already-sealed" | "sealed-elsewhere" };

export async function sealAuditCheckpoint(db: Kysely<Database>, options: SealOptions): Promise<SealResult> {
  // A checkpoint seals the linked head: link what has been appended so far first.
  await linkPendingRecords(db);
  const head = await db
    .selectFrom("audit_head")
    .select(["last_seq", "last_hash"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const seq = BigInt(head.last_seq);
  if (seq === 0n) return { sealed: false, reason: "empty-log" };
  const last = await db
    .selectFrom("audit_checkpoint")
    .select(["seq", "head_hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (last) await checkLastCheckpointHolds(db, last);
  if (last && BigInt(last.seq) >= seq) return { sealed: false, reason: "already-sealed" };

  const sealedAt = options.now?.() ?? new Date();
  const { unstamped, signature } = signCheckpoint(options.key, { seq, headHash: head.last_hash, sealedAt });
  const token = await requestTimeStamp(options.tsa, imprintOf(signature));
  const checkpoint: Checkpoint = { ...unstamped, timeStampToken: Buffer.from(token).toString("base64") };
  const document = serialiseCheckpoint(checkpoint);
  const fileName = checkpointFileName(seq);
  const file = join(options.dir, fileName);
  if (!writeExclusively(options.dir, fileName, document))
    return { sealed: false, reason: "sealed-elsewhere" };
  try {
    await db
      .insertInto("audit_checkpoint")
      .values({
        seq: seq.toString(),
        head_hash: head.last_hash,
        sealed_at: sealedAt,
        key_id: checkpoint.keyId,
        file_name: fileName,
        document,
      })
      .execute();
  } catch (error) {
    // Not recorded in the database: take the file back, or the two places would disagree.
    unlinkSync(file);
    throw error;
  }
  return { sealed: true, checkpoint, file };
}

/**
 * A chain that no longer has the hash the last checkpoint sealed was rewritten (or cut) by hand:
 * sealing it would vouch for the rewrite. Nothing is sealed, and the sealer logs this error at
 * every interval until someone runs `tilts audit verify`.
 */
async function checkLastCheckpointHolds(
  db: Kysely<Database>,
  last: { seq: string | number | bigint; head_hash: string },
): Promise<void> {
  const record = await db
    .selectFrom("audit_log")
    .select("hash")
    .where("seq", "=", String(last.seq))
    .executeTakeFirst();
  if (record?.hash !== last.head_hash)
    throw new AuditChainError(
      `record ${last.seq} no longer has the hash its checkpoint sealed: the log was rewritten or cut; nothing was sealed — run \`tilts audit verify\``,
    );
}

/**
 * Writes the file under a temporary name and links it to its final name, which fails when the
 * name exists: a complete file or none, and of two processes sealing the same head one wins.
 */
function writeExclusively(dir: string, name: string, text: string): boolean {
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(temporary, text, { mode: 0o644, flush: true });
  try {
    linkSync(temporary, join(dir, name));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
