/**
 * Appending to the audit log (CON-9: every access to a person's data is recorded with its user,
 * institution, purpose and legal ground). A record is written inside the same transaction as the
 * action it records, so either both happen or neither does.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { HashedFields } from "./record-hash.ts";

export type AuditOutcome = "success" | "denied" | "failure";

export interface AuditEntry {
  /** Who acted: a person identifier (`PNOLV-…`), a client system id, or `system`. */
  actor: string;
  /** The organisation the actor acted for (institution registration number, operator…). */
  actingFor?: string | null;
  /** The person whose data was touched, if any. */
  subjectPerson?: string | null;
  /** A dotted event name from the audit-event catalogue, e.g. `ehealth.document.read`. */
  action: string;
  /** What was acted on, e.g. `document:123`. */
  object?: string | null;
  purpose?: string | null;
  legalGround?: string | null;
  outcome: AuditOutcome;
  clientAddress?: string | null;
  correlationId?: string | null;
}

export interface AppendedRecord {
  seq: bigint;
  hash: string;
}

export class AuditEntryError extends Error {
  override name = "AuditEntryError";
}

/** The chain head cannot be appended to (missing or written by hand); nothing was written. */
export class AuditChainError extends Error {
  override name = "AuditChainError";
}

const MAX_FIELD_LENGTH = 2000;

/**
 * Appends one record. Pass the transaction of the action being recorded; given a plain database
 * handle, the record is written on its own (one statement, which is its own transaction). Appends
 * are serialised by a row lock on the chain head, held until the transaction commits, which also
 * makes positions gapless.
 *
 * The whole append is ONE statement, one round trip (issue 6: recording an access must add
 * little to a request): lock and read the head, hash, insert the record, move the head. The
 * hash is computed by the database over exactly the bytes record-hash.ts hashes — see
 * {@link canonicalTail} — so verify-chain.ts checks these records unchanged.
 */
export async function appendAuditRecord(
  db: Kysely<Database>,
  entry: AuditEntry,
  now: Date = new Date(),
): Promise<AppendedRecord> {
  checkEntry(entry);
  if (Number.isNaN(now.getTime())) throw new AuditEntryError("audit record time is not a valid date");
  const f = {
    recordedAt: now.toISOString(),
    actor: entry.actor,
    actingFor: entry.actingFor ?? null,
    subjectPerson: entry.subjectPerson ?? null,
    action: entry.action,
    object: entry.object ?? null,
    purpose: entry.purpose ?? null,
    legalGround: entry.legalGround ?? null,
    outcome: entry.outcome,
    clientAddress: entry.clientAddress ?? null,
    correlationId: entry.correlationId ?? null,
  };
  const tail = canonicalTail(f);
  // READ COMMITTED: `for update` waits for a concurrent append to commit and then reads the head
  // as that append left it; the final UPDATE re-reads the same (now locked) row version. The
  // head's hash must be 64 lower-case hex digits to be spliced into the JSON unescaped — it
  // always is unless someone wrote the head by hand; then nothing is written and we throw.
  const result = await sql<{ seq: string | bigint; hash: string }>`
    with head as (
      select last_seq + 1 as seq, last_hash as prev_hash
      from audit_head
      where id = 1 and last_hash ~ '^[0-9a-f]{64}$'
      for update
    ),
    hashed as (
      select seq, prev_hash,
        encode(sha256(convert_to('["' || prev_hash || '","' || seq::text || '",' || ${tail}::text, 'UTF8')), 'hex') as hash
      from head
    ),
    inserted as (
      insert into audit_log (seq, recorded_at, actor, acting_for, subject_person, action, object, purpose,
        legal_ground, outcome, client_address, correlation_id, prev_hash, hash)
      select seq, ${f.recordedAt}::timestamptz, ${f.actor}::text, ${f.actingFor}::text, ${f.subjectPerson}::text,
        ${f.action}::text, ${f.object}::text, ${f.purpose}::text, ${f.legalGround}::text, ${f.outcome}::text,
        ${f.clientAddress}::text, ${f.correlationId}::text, prev_hash, hash
      from hashed
      returning seq, hash
    )
    update audit_head set last_seq = inserted.seq, last_hash = inserted.hash
    from inserted
    where audit_head.id = 1
    returning inserted.seq, inserted.hash`.execute(db);
  const row = result.rows[0];
  if (!row) {
    throw new AuditChainError(
      "the audit chain head (audit_head) is missing or does not hold a hex SHA-256: nothing was appended; run `tilts audit verify`",
    );
  }
  return { seq: BigInt(row.seq), hash: row.hash };
}

/**
 * record-hash.ts hashes `JSON.stringify([prevHash, seq, recordedAt, actor, …, correlationId])`.
 * This is that JSON without its first two elements — the part the application knows before the
 * head is read: `"2026-…Z","PNOLV-…",…,null]`. The database prepends `["<prev hash>","<seq>",`;
 * both are hex digits and decimal digits, which JSON.stringify writes unescaped, so the text is
 * identical, and `convert_to(…, 'UTF8')` makes the hashed bytes the UTF-8 that Node hashes.
 */
export function canonicalTail(f: Omit<HashedFields, "seq" | "recordedAt"> & { recordedAt: string }): string {
  return JSON.stringify([
    f.recordedAt,
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
  ]).slice(1);
}

function checkEntry(entry: AuditEntry): void {
  if (!entry.actor) throw new AuditEntryError("audit entry needs an actor");
  if (!/^[a-z][a-z0-9_.-]*$/.test(entry.action)) {
    throw new AuditEntryError(
      `audit action must be a dotted lower-case name, got ${JSON.stringify(entry.action)}`,
    );
  }
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value === "string" && value.length > MAX_FIELD_LENGTH) {
      throw new AuditEntryError(`audit field ${key} is longer than ${MAX_FIELD_LENGTH} characters`);
    }
    // PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate would be stored as U+FFFD while
    // the hash covers its JSON escape: the record would never verify. Refuse both up front.
    if (typeof value === "string" && (value.includes("\0") || /\p{Cs}/u.test(value))) {
      throw new AuditEntryError(`audit field ${key} holds a NUL or an unpaired surrogate character`);
    }
  }
}
