import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The fields of a record that its hash covers, in a fixed order. */
export interface HashedFields {
  seq: bigint;
  recordedAt: Date;
  actor: string;
  actingFor: string | null;
  subjectPerson: string | null;
  action: string;
  object: string | null;
  purpose: string | null;
  legalGround: string | null;
  outcome: string;
  clientAddress: string | null;
  correlationId: string | null;
}

/**
 * SHA-256 over the previous hash and the record's fields, encoded as a JSON array (fixed order,
 * unambiguous separators and nulls). The position is covered, so swapping two records' contents
 * or moving one breaks the chain at the first one touched.
 */
export function recordHash(prevHash: string, f: HashedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    f.seq.toString(),
    f.recordedAt.toISOString(),
    f.actor,
    f.actingFor,
    f.subjectPerson,
    f.action,
    f.object,
    f.purpose,
    f.legalGround,
    f.outcome,
    f.clientAddress,
    f.correlationId,
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
