/**
 * Appending to the audit log (CON-9: every access to a person's data is recorded with its user,
 * institution, purpose and legal ground). A record is written inside the same transaction as the
 * action it records, so either both happen or neither does.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { recordHash } from "./record-hash.ts";

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

const MAX_FIELD_LENGTH = 2000;

/**
 * Appends one record. Pass the transaction of the action being recorded; given a plain database
 * handle, the record gets a transaction of its own. Appends are serialised by a row lock on the
 * chain head, which also makes positions gapless.
 */
export async function appendAuditRecord(
  db: Kysely<Database>,
  entry: AuditEntry,
  now: Date = new Date(),
): Promise<AppendedRecord> {
  checkEntry(entry);
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditRecord(trx, entry, now));
  const trx = db as Transaction<Database>;
  const head = await trx
    .selectFrom("audit_head")
    .select(["last_seq", "last_hash"])
    .where("id", "=", 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const seq = BigInt(head.last_seq) + 1n;
  // Timestamps keep millisecond precision, which both databases return unchanged.
  const recordedAt = new Date(now.getTime());
  const fields = {
    seq,
    recordedAt,
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
  const hash = recordHash(head.last_hash, fields);
  await trx
    .insertInto("audit_log")
    .values({
      seq: seq.toString(),
      recorded_at: recordedAt,
      actor: fields.actor,
      acting_for: fields.actingFor,
      subject_person: fields.subjectPerson,
      action: fields.action,
      object: fields.object,
      purpose: fields.purpose,
      legal_ground: fields.legalGround,
      outcome: fields.outcome,
      client_address: fields.clientAddress,
      correlation_id: fields.correlationId,
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await trx
    .updateTable("audit_head")
    .set({ last_seq: seq.toString(), last_hash: hash })
    .where("id", "=", 1)
    .execute();
  return { seq, hash };
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
  }
}
