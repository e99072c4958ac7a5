/**
 * Walks the audit chain from the first record and reports the first record that was changed,
 * removed or moved. Reads in pages by position, so a log of millions of records is checked in
 * bounded memory.
 *
 * Records not yet linked by the chain linker (chain-linker.ts; hashes NULL) form the tail after
 * the head: they are counted and checked to be a tail — after the head, no linked record after
 * them. Positions missing among them are not reported: a rolled-back append leaves one until the
 * linker records it as unused. The append-only trigger guards them meanwhile.
 */
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.ts";
import { GENESIS_HASH, type HashedFields, recordHash } from "./record-hash.ts";
import type { AuditLogTable } from "./tables.ts";

export type ChainProblemKind = "changed" | "removed" | "reordered";

export type ChainVerdict =
  | {
      intact: true;
      /** Records checked, the unlinked tail included. */
      records: number;
      /** The hash of the last linked record. */
      lastHash: string;
      /** Records after the last linked one, waiting for the linker (about a second). */
      unlinked: number;
    }
  | { intact: false; records: number; problem: { kind: ChainProblemKind; seq: string; message: string } };

const PAGE = 5000;
/** How far from its place a moved record is looked for. */
const NEARBY = 1000n;

type Row = Selectable<AuditLogTable>;

/** A stored row's fields as record-hash.ts hashes them, at position `seq`. */
export function hashedFieldsOf(row: Row, seq: bigint): HashedFields {
  return {
    seq,
    recordedAt: new Date(row.recorded_at),
    actor: row.actor,
    actingFor: row.acting_for,
    subjectPerson: row.subject_person,
    action: row.action,
    object: row.object,
    purpose: row.purpose,
    legalGround: row.legal_ground,
    outcome: row.outcome,
    clientAddress: row.client_address,
    correlationId: row.correlation_id,
  };
}

function hashOf(row: Row, seq: bigint): string | undefined {
  return row.prev_hash === null ? undefined : recordHash(row.prev_hash, hashedFieldsOf(row, seq));
}

export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerdict> {
  let expectedSeq = 1n;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  let lastLinked = 0n;
  const fail = (kind: ChainProblemKind, seq: bigint, message: string): ChainVerdict => ({
    intact: false,
    records: checked,
    problem: { kind, seq: seq.toString(), message },
  });

  let unlinked = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq.toString())
      .orderBy("seq")
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (row.hash === null) {
        unlinked++;
        checked++;
        expectedSeq = seq + 1n;
        continue;
      }
      if (unlinked > 0) {
        return fail(
          "changed",
          seq,
          `record ${seq} is linked after records not yet linked: the chain is broken`,
        );
      }
      if (seq !== expectedSeq) {
        const missing = seq - expectedSeq === 1n ? `${expectedSeq}` : `${expectedSeq}–${seq - 1n}`;
        return fail("removed", expectedSeq, `record ${missing} is missing (the chain jumps to ${seq})`);
      }
      if (hashOf(row, seq) !== row.hash) {
        const belongsAt = await positionOf(db, row, seq);
        if (belongsAt !== undefined && belongsAt !== seq) {
          return fail(
            "reordered",
            seq,
            `record at position ${seq} was moved here from position ${belongsAt}`,
          );
        }
        return fail("changed", seq, `record ${seq} does not match its hash: its content was changed`);
      }
      if (row.prev_hash !== previousHash) {
        return fail("changed", seq, `record ${seq} does not follow record ${seq - 1n}: the chain is broken`);
      }
      previousHash = row.hash;
      expectedSeq = seq + 1n;
      lastLinked = seq;
      checked++;
    }
    if (rows.length < PAGE) break;
  }

  const head = await db.selectFrom("audit_head").select(["last_seq", "last_hash"]).executeTakeFirst();
  if (head && BigInt(head.last_seq) > lastLinked) {
    return fail(
      "removed",
      lastLinked + 1n,
      `records ${lastLinked + 1n}–${head.last_seq} at the end of the linked chain are missing`,
    );
  }
  if (head && (BigInt(head.last_seq) !== lastLinked || head.last_hash !== previousHash)) {
    return fail("changed", lastLinked, "the chain head does not match the last linked record");
  }
  return { intact: true, records: checked, lastHash: previousHash, unlinked };
}

/**
 * Where a moved record really belongs. Its hash covers its original position, so the position
 * that makes the hash match is the original one: try one past its predecessor (found by the
 * hash it names), then the positions nearby (a reorder by hand is local).
 */
async function positionOf(db: Kysely<Database>, row: Row, at: bigint): Promise<bigint | undefined> {
  const candidates: bigint[] = [];
  const predecessor = await db
    .selectFrom("audit_log")
    .select("seq")
    .where("hash", "=", row.prev_hash)
    .executeTakeFirst();
  if (predecessor) candidates.push(BigInt(predecessor.seq) + 1n);
  for (let d = 1n; d <= NEARBY; d++) candidates.push(at - d, at + d);
  return candidates.find((candidate) => candidate > 0n && hashOf(row, candidate) === row.hash);
}
