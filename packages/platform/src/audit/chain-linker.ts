/**
 * The chain linker: appends insert records unlinked (audit-log.ts); this links their hashes, in
 * position order and in batches, and moves the head (CON-9: the chain shows any later change).
 * One linking pass at a time across processes: a pass holds the head row's lock for its few
 * statements, which no append waits for.
 *
 * A position whose transaction rolled back has no record. The linker fills it with an
 * `audit.position.unused` record, so the chain stays gapless and a missing record still means a
 * removed one — but only once the position is SETTLED, i.e. its transaction has certainly ended:
 *
 *   An observation is (top = the highest position visible, xmax = the snapshot's first unassigned
 *   transaction ID), taken in one statement. An append takes its transaction ID before it draws
 *   its position, so every position below `top` belongs to a transaction whose ID is below
 *   `xmax`. Once a later snapshot's xmin (the oldest transaction still running) reaches that
 *   `xmax`, all of them have ended: a position up to `top` that still has no row was rolled back.
 *
 * The linker keeps the observations of its recent passes, so under constant load (always some
 * transaction running) a gap settles one pass later; a pass with no transaction running settles
 * its own observation at once, and a one-off pass (`linkPendingRecords`: `tilts audit seal`, a
 * restart after a crash) looks again for a moment while records stay unlinked.
 */
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { AuditChainError } from "./audit-log.ts";
import { type HashedFields, recordHash } from "./record-hash.ts";
import type { AuditLogTable } from "./tables.ts";
import { hashedFieldsOf } from "./verify-chain.ts";

/** Records linked per transaction: bounded memory and a short head lock. */
const BATCH = 5000;
/** Observations kept for settling gaps (a pass every ~100 ms keeps several seconds). */
const OBSERVATIONS_KEPT = 64;

export const UNUSED_POSITION_ACTION = "audit.position.unused";

interface Observation {
  top: bigint;
  xmin: bigint;
  xmax: bigint;
}

export interface ChainLinker {
  /**
   * Links the records that can be linked now; resolves to how many (unused positions included).
   * Throws AuditChainError when the head was written by hand; nothing is linked then.
   */
  linkPending(): Promise<number>;
}

export function createChainLinker(db: Kysely<Database>, now: () => Date = () => new Date()): ChainLinker {
  const observations: Observation[] = [];
  return {
    async linkPending() {
      // Observed before the head lock: the lock gives this transaction an ID of its own.
      const seen = await observe(db);
      observations.push(seen);
      if (observations.length > OBSERVATIONS_KEPT) observations.shift();
      // Positions up to `settled` belong to transactions that have all ended.
      let settled = 0n;
      for (const o of observations) if (o.xmax <= seen.xmin && o.top > settled) settled = o.top;
      let linked = 0;
      for (;;) {
        const n = await db.transaction().execute((trx) => linkBatch(trx, settled, now));
        linked += n;
        if (n < BATCH) return linked;
      }
    },
  };
}

/** How long a one-off linking waits for the transactions running at its first look to end. */
const ONE_OFF_SETTLE_MS = 2000;

/**
 * Links what can be linked now with a fresh linker (`tilts audit seal`, a checkpoint, tests). A
 * fresh linker has one observation, which settles a gap only when no transaction at all runs on
 * the server at that instant — rare on a PostgreSQL server with other work (other databases
 * count: transaction IDs are the server's). So while records stay unlinked it looks again for a
 * short while: a gap settles as soon as the transactions running at its first look have ended.
 */
export async function linkPendingRecords(
  db: Kysely<Database>,
  settleMs: number = ONE_OFF_SETTLE_MS,
): Promise<number> {
  const linker = createChainLinker(db);
  let linked = await linker.linkPending();
  const until = Date.now() + settleMs;
  while ((await hasUnlinked(db)) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    linked += await linker.linkPending();
  }
  return linked;
}

async function hasUnlinked(db: Kysely<Database>): Promise<boolean> {
  const result = await sql<{ pending: boolean }>`
    select exists (
      select 1 from audit_log, audit_head
      where audit_head.id = 1 and audit_log.seq > audit_head.last_seq
    ) as pending`.execute(db);
  return result.rows[0]?.pending === true;
}

async function observe(db: Kysely<Database>): Promise<Observation> {
  const result = await sql<{ top: string; xmin: string; xmax: string }>`
    select (select coalesce(max(seq), 0) from audit_log)::text as top,
      pg_snapshot_xmin(s)::text as xmin, pg_snapshot_xmax(s)::text as xmax
    from pg_current_snapshot() as s`.execute(db);
  const row = result.rows[0]!;
  return { top: BigInt(row.top), xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) };
}

type Row = Selectable<AuditLogTable>;

/** Links up to BATCH records after the head; stops at a gap that has not settled. */
async function linkBatch(trx: Transaction<Database>, settled: bigint, now: () => Date): Promise<number> {
  const head = await trx
    .selectFrom("audit_head")
    .select(["last_seq", "last_hash"])
    .where("id", "=", 1)
    .forUpdate()
    .executeTakeFirst();
  if (!head || !/^[0-9a-f]{64}$/.test(head.last_hash)) {
    throw new AuditChainError(
      "the audit chain head (audit_head) is missing or does not hold a hex SHA-256: nothing was linked; run `tilts audit verify`",
    );
  }
  const rows = await trx
    .selectFrom("audit_log")
    .selectAll()
    .where("seq", ">", String(head.last_seq))
    .orderBy("seq")
    .limit(BATCH)
    .execute();
  const links: { seq: string; prev_hash: string; hash: string }[] = [];
  const unused: { seq: bigint; prev: string; hash: string; fields: HashedFields }[] = [];
  let expected = BigInt(head.last_seq) + 1n;
  let prev = head.last_hash;
  for (const row of rows) {
    const seq = BigInt(row.seq);
    if (row.hash !== null) {
      throw new AuditChainError(
        `record ${seq} is linked but lies after the chain head (${head.last_seq}): the head was set back by hand; nothing was linked — run \`tilts audit verify\``,
      );
    }
    for (; expected < seq && expected <= settled; expected++) {
      const fields = unusedPosition(expected, now());
      const hash = recordHash(prev, fields);
      unused.push({ seq: expected, prev, hash, fields });
      prev = hash;
    }
    if (expected < seq) break; // a position still in flight: the next pass links on from here
    const hash = recordHash(prev, hashedFieldsOf(row as Row, seq));
    links.push({ seq: row.seq, prev_hash: prev, hash });
    prev = hash;
    expected = seq + 1n;
  }
  if (links.length === 0 && unused.length === 0) return 0;
  await insertUnused(trx, unused);
  if (links.length > 0) {
    // One statement for the whole batch; the trigger lets only NULL hashes become hex hashes.
    await sql`update audit_log set prev_hash = v.prev_hash, hash = v.hash
      from json_to_recordset(${JSON.stringify(links)}::json) as v(seq bigint, prev_hash text, hash text)
      where audit_log.seq = v.seq and audit_log.hash is null`.execute(trx);
  }
  await trx
    .updateTable("audit_head")
    .set({ last_seq: (expected - 1n).toString(), last_hash: prev })
    .where("id", "=", 1)
    .execute();
  return links.length + unused.length;
}

/** The record that takes a rolled-back position: the chain stays gapless and says why. */
function unusedPosition(seq: bigint, at: Date): HashedFields {
  return {
    seq,
    recordedAt: at,
    actor: "system",
    actingFor: null,
    subjectPerson: null,
    action: "audit.position.unused", // UNUSED_POSITION_ACTION, written out for the catalogue test
    object: `position:${seq}`,
    purpose: null,
    legalGround: null,
    outcome: "success",
    clientAddress: null,
    correlationId: null,
  };
}

async function insertUnused(
  trx: Transaction<Database>,
  unused: { seq: bigint; prev: string; hash: string; fields: HashedFields }[],
): Promise<void> {
  if (unused.length === 0) return;
  await trx
    .insertInto("audit_log")
    .values(
      unused.map(({ seq, prev, hash, fields }) => ({
        seq: seq.toString(),
        recorded_at: fields.recordedAt,
        actor: fields.actor,
        acting_for: null,
        subject_person: null,
        action: fields.action,
        object: fields.object,
        purpose: null,
        legal_ground: null,
        outcome: fields.outcome,
        client_address: null,
        correlation_id: null,
        prev_hash: prev,
        hash,
      })),
    )
    .execute();
}
