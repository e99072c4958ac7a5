/**
 * The audit log's query port: other modules read the log only through it (their database
 * handles are typed to their own tables). One page of records about one party — the person who
 * acted, the person concerned, or the institution acted for — newest first, keyset-paged on
 * (recorded_at, seq) so a late page costs what the first costs, served by the indexes the audit
 * module keeps on (actor | subject_person | acting_for, recorded_at).
 */
import type { Kysely } from "kysely";
import type { AuditTables } from "./tables.ts";

export interface AuditRecordQuery {
  /** Whose records: the column naming the party and its value (`PNOLV-…` or a registration number). */
  party: { column: "actor" | "subject_person" | "acting_for"; value: string };
  /** Only these actions. */
  actions: readonly string[];
  /** Only records made for this institution (or `operator`). */
  actingFor?: string;
  /** recorded_at ≥ from. */
  from?: Date;
  /** recorded_at < until. */
  until?: Date;
  /** Continue after this record (the last one of the previous page). */
  after?: { at: Date; seq: string };
  limit: number;
}

export interface AuditRecordRow {
  seq: string;
  recorded_at: Date;
  actor: string;
  acting_for: string | null;
  subject_person: string | null;
  action: string;
  purpose: string | null;
  legal_ground: string | null;
  outcome: string;
  object: string | null;
}

export async function findAuditRecords(
  db: Kysely<AuditTables>,
  query: AuditRecordQuery,
): Promise<AuditRecordRow[]> {
  let q = db
    .selectFrom("audit_log")
    .select([
      "seq",
      "recorded_at",
      "actor",
      "acting_for",
      "subject_person",
      "action",
      "purpose",
      "legal_ground",
      "outcome",
      "object",
    ])
    .where(query.party.column, "=", query.party.value)
    .where("action", "in", query.actions);
  if (query.actingFor !== undefined) q = q.where("acting_for", "=", query.actingFor);
  if (query.from) q = q.where("recorded_at", ">=", query.from);
  if (query.until) q = q.where("recorded_at", "<", query.until);
  if (query.after) {
    const { at, seq } = query.after;
    // The plain `<=` bounds the index range scan; the OR picks up rows at the same instant.
    q = q
      .where("recorded_at", "<=", at)
      .where((eb) =>
        eb.or([eb("recorded_at", "<", at), eb.and([eb("recorded_at", "=", at), eb("seq", "<", seq)])]),
      );
  }
  return q.orderBy("recorded_at", "desc").orderBy("seq", "desc").limit(query.limit).execute();
}
