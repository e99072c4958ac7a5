/**
 * The one INSERT every append goes through: records at the next positions of `audit_log_seq`,
 * hashes NULL until the chain linker (chain-linker.ts) links them.
 *
 * The statement takes the transaction's ID (`pg_current_xact_id()`, a materialised CTE scanned
 * before the positions are drawn) BEFORE drawing any position. The linker relies on that to tell
 * a rolled-back position from one still in flight: every transaction that drew a position below
 * a committed record's already had its ID when that record committed.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";

/** A checked entry as stored (audit-log.ts checks it). */
export interface RecordFields {
  recorded_at: string;
  actor: string;
  acting_for: string | null;
  subject_person: string | null;
  action: string;
  object: string | null;
  purpose: string | null;
  legal_ground: string | null;
  outcome: string;
  client_address: string | null;
  correlation_id: string | null;
}

/** Inserts the records in one statement; resolves to their positions, in the order given. */
export async function insertAuditRecords(db: Kysely<Database>, records: RecordFields[]): Promise<bigint[]> {
  const result = await sql<{ seq: string | bigint }>`
    with tx as materialized (select pg_current_xact_id() as xid),
    positioned as materialized (
      select nextval('audit_log_seq') as seq, r.*
      from tx cross join json_to_recordset(${JSON.stringify(records.map((r, ord) => ({ ...r, ord })))}::json) as r(
        recorded_at timestamptz, actor text, acting_for text, subject_person text, action text, object text,
        purpose text, legal_ground text, outcome text, client_address text, correlation_id text, ord bigint)
    ),
    inserted as (
      insert into audit_log (seq, recorded_at, actor, acting_for, subject_person, action, object, purpose,
        legal_ground, outcome, client_address, correlation_id)
      select seq, recorded_at, actor, acting_for, subject_person, action, object, purpose, legal_ground,
        outcome, client_address, correlation_id
      from positioned
    )
    select seq from positioned order by ord`.execute(db);
  return result.rows.map((row) => BigInt(row.seq));
}
