/**
 * A checkpoint seals the audit chain at a position (CON-9: the log must show any later change):
 *
 *   { "format": "tilts-audit-checkpoint/1", "seq": "<position>", "headHash": "<hex SHA-256>",
 *     "sealedAt": "<ISO 8601 UTC>", "keyId": "<hex SHA-256 of the audit key's SPKI>",
 *     "signature": "<base64>", "timeStampToken": "<base64 DER RFC 3161 TimeStampToken>" }
 *
 * `signature` is the audit key's signature over the UTF-8 of
 * `JSON.stringify(["tilts-audit-checkpoint/1", seq, headHash, sealedAt, keyId])` (Ed25519 as is;
 * ECDSA/RSA with SHA-256, P-384 with SHA-384; ECDSA in DER). The time-stamp token's message
 * imprint is SHA-256 over the signature bytes: it proves the signed checkpoint existed at the
 * TSA's genTime. One JSON file per checkpoint, kept byte for byte in the database too.
 */
import { createHash, type KeyObject, verify } from "node:crypto";
import { type AuditPublicKey, type AuditSigningKey, digestFor } from "./audit-key.ts";

export const CHECKPOINT_FORMAT = "tilts-audit-checkpoint/1";
/** A checkpoint file larger than this is not one (a token with a TSA chain is a few kilobytes). */
export const MAX_CHECKPOINT_BYTES = 64 * 1024;

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  seq: string;
  headHash: string;
  sealedAt: string;
  keyId: string;
  signature: string;
  timeStampToken: string;
}

export class CheckpointFormatError extends Error {
  override name = "CheckpointFormatError";
}

/** `checkpoint-00000000000000000042.json`: names sort in chain order. */
export function checkpointFileName(seq: bigint): string {
  return `checkpoint-${seq.toString().padStart(20, "0")}.json`;
}

export const CHECKPOINT_FILE_PATTERN = /^checkpoint-(\d{20})\.json$/;

function signedBytes(c: Pick<Checkpoint, "seq" | "headHash" | "sealedAt" | "keyId">): Buffer {
  return Buffer.from(JSON.stringify([CHECKPOINT_FORMAT, c.seq, c.headHash, c.sealedAt, c.keyId]), "utf8");
}

export function signCheckpoint(
  key: AuditSigningKey,
  fields: { seq: bigint; headHash: string; sealedAt: Date },
): { unstamped: Omit<Checkpoint, "timeStampToken">; signature: Buffer } {
  const body = {
    seq: fields.seq.toString(),
    headHash: fields.headHash,
    sealedAt: fields.sealedAt.toISOString(),
    keyId: key.keyId,
  };
  const signature = key.signer.sign(signedBytes(body));
  return {
    unstamped: { format: CHECKPOINT_FORMAT, ...body, signature: signature.toString("base64") },
    signature,
  };
}

/** What the time-stamp token must stamp: SHA-256 over the signature bytes. */
export function imprintOf(signature: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(signature).digest());
}

export function serialiseCheckpoint(c: Checkpoint): string {
  const ordered: Checkpoint = {
    format: c.format,
    seq: c.seq,
    headHash: c.headHash,
    sealedAt: c.sealedAt,
    keyId: c.keyId,
    signature: c.signature,
    timeStampToken: c.timeStampToken,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const FIELDS: Record<keyof Checkpoint, RegExp> = {
  format: /^tilts-audit-checkpoint\/1$/,
  seq: /^[1-9]\d{0,18}$/,
  headHash: /^[0-9a-f]{64}$/,
  sealedAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  keyId: /^[0-9a-f]{64}$/,
  signature: BASE64,
  timeStampToken: BASE64,
};

/** Parses a checkpoint file's text: exactly the fields above, each in its exact form. */
export function parseCheckpoint(text: string): Checkpoint {
  if (text.length > MAX_CHECKPOINT_BYTES) throw new CheckpointFormatError("the checkpoint is too large");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointFormatError("the checkpoint is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new CheckpointFormatError("the checkpoint is not a JSON object");
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join() !== Object.keys(FIELDS).sort().join())
    throw new CheckpointFormatError(`the checkpoint has the fields ${keys.join(", ")}`);
  for (const [name, pattern] of Object.entries(FIELDS)) {
    const field = record[name];
    if (typeof field !== "string" || !pattern.test(field))
      throw new CheckpointFormatError(`the checkpoint's ${name} is not in its form`);
  }
  if (Number.isNaN(Date.parse(record.sealedAt as string)))
    throw new CheckpointFormatError("the checkpoint's sealedAt is not a time");
  return record as unknown as Checkpoint;
}

/** The checkpoint was signed by this key, over exactly its fields. */
export function checkpointSignatureValid(c: Checkpoint, key: AuditPublicKey): boolean {
  if (c.keyId !== key.keyId) return false;
  const publicKey: KeyObject = key.publicKey;
  try {
    return verify(digestFor(publicKey), signedBytes(c), publicKey, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}
