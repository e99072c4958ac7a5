/**
 * Appending to the audit log (CON-9: every access to a person's data is recorded with its user,
 * institution, purpose and legal ground). A record is written inside the same transaction as the
 * action it records, so either both happen or neither does.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendOnItsOwn } from "./append-batcher.ts";
import { insertAuditRecords, type RecordFields } from "./insert-records.ts";

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
  /** The record's position; its hash is linked by the chain linker (chain-linker.ts) shortly after. */
  seq: bigint;
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
 * handle, the record is written on its own, committed together with the other records appended
 * on their own at the same moment (append-batcher.ts: group commit), and the promise resolves
 * once it is committed.
 *
 * The record is inserted at the next position of a sequence with its hashes still NULL, in one
 * statement and without any lock (insert-records.ts): concurrent appends no longer wait for each
 * other's commits. The chain linker (chain-linker.ts) links the hashes in position order within
 * about a second; until then the record is guarded by the append-only trigger, and
 * `verifyAuditChain` reports it as unlinked. Once committed the record is durable like any other
 * row (DESIGN: acknowledged means durable).
 */
export async function appendAuditRecord(
  db: Kysely<Database>,
  entry: AuditEntry,
  now: Date = new Date(),
): Promise<AppendedRecord> {
  checkEntry(entry);
  if (Number.isNaN(now.getTime())) throw new AuditEntryError("audit record time is not a valid date");
  const fields: RecordFields = {
    recorded_at: now.toISOString(),
    actor: entry.actor,
    acting_for: entry.actingFor ?? null,
    subject_person: entry.subjectPerson ?? null,
    action: entry.action,
    object: entry.object ?? null,
    purpose: entry.purpose ?? null,
    legal_ground: entry.legalGround ?? null,
    outcome: entry.outcome,
    client_address: entry.clientAddress ?? null,
    correlation_id: entry.correlationId ?? null,
  };
  if (db.isTransaction) {
    const [seq] = await insertAuditRecords(db, [fields]);
    return { seq: seq! };
  }
  return { seq: await appendOnItsOwn(db, fields) };
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
