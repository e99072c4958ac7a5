/**
 * Access reports from the audit log (issue 6 item 5, CON-9): who accessed a patient's data,
 * what a user did, what was done for an institution — newest first, with Riga-date filters and
 * keyset paging on (recorded_at, seq), so page 1000 costs what page 1 costs. Reads only the audit
 * module's table, through the indexes it keeps on (subject_person | actor | acting_for,
 * recorded_at). Names of users and institutions are added by the caller (`NameDirectory`).
 */
import type { Kysely } from "kysely";
import { findAuditRecords } from "../../audit/index.ts";
import { sharedHandle } from "../../core/module/index.ts";
import { AccessLogError } from "../access-log/errors.ts";
import { ACCESS_ACTIONS, type AccessAction, splitRecordedPurpose } from "../access-log/index.ts";
import { personIdentifier } from "../access-log/record-access.ts";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { ReportError } from "./errors.ts";
import { type InstantRange, rigaDateRange } from "./riga-time.ts";

export type ReportSubject =
  | { kind: "patient"; patient: string }
  | { kind: "user"; user: string }
  | { kind: "institution"; institution: string };

export interface ReportCursor {
  /** recorded_at of the last row shown, in ms since the epoch (the log keeps ms precision). */
  at: number;
  seq: bigint;
}

export interface ReportQuery {
  subject: ReportSubject;
  /** Only accesses made for this institution (an administrator sees their institution's part). */
  onlyInstitution?: string;
  from?: CalendarDate;
  to?: CalendarDate;
  /** Continue after this row (from the previous page's `next`). */
  after?: ReportCursor;
  /** Rows per page: DEFAULT_PAGE_SIZE unless given; at most MAX_PAGE_SIZE. */
  limit?: number;
}

export interface AccessReportRow {
  seq: bigint;
  recordedAt: Date;
  /** `PNOLV-…` of the person who acted. */
  user: string;
  institution: string | null;
  patient: string | null;
  action: AccessAction;
  purpose: string | null;
  /** Why a denied attempt was refused. */
  refusal: string | null;
  legalGround: string | null;
  outcome: string;
  object: string | null;
}

export interface ReportPage {
  rows: AccessReportRow[];
  /** The cursor for the next page, or null on the last page. */
  next: ReportCursor | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** An institution's registration number, or `operator` (the operator's staff act for it). */
const ACTING_FOR = /^(?:\d{11}|operator)$/;

/** One page of a report. Throws ReportError on bad filters, before any query. */
export async function accessReportPage(db: Kysely<Database>, query: ReportQuery): Promise<ReportPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new ReportError("bad-limit", `page size must be 1–${MAX_PAGE_SIZE}`);
  const [column, value] = subjectColumn(query.subject);
  const range = dateRange(query.from, query.to);
  if (query.onlyInstitution !== undefined && !ACTING_FOR.test(query.onlyInstitution))
    throw new ReportError("bad-subject", "the institution must be an 11-digit registration number");
  // The audit module's query port: the log is the audit module's table, not e-health's.
  const found = await findAuditRecords(sharedHandle(db), {
    party: { column, value },
    actions: ACCESS_ACTIONS,
    ...(query.onlyInstitution !== undefined ? { actingFor: query.onlyInstitution } : {}),
    ...(range.from ? { from: range.from } : {}),
    ...(range.until ? { until: range.until } : {}),
    ...(query.after ? { after: { at: new Date(query.after.at), seq: query.after.seq.toString() } } : {}),
    limit: limit + 1,
  });
  const rows = found.slice(0, limit).map((r): AccessReportRow => {
    const { purpose, refusal } = splitRecordedPurpose(r.purpose);
    return {
      seq: BigInt(r.seq),
      recordedAt: new Date(r.recorded_at),
      user: r.actor,
      institution: r.acting_for,
      patient: r.subject_person,
      action: r.action as AccessAction,
      purpose,
      refusal,
      legalGround: r.legal_ground,
      outcome: r.outcome,
      object: r.object,
    };
  });
  const last = rows.at(-1);
  const next = found.length > limit && last ? { at: last.recordedAt.getTime(), seq: last.seq } : null;
  return { rows, next };
}

/** Every row of a report, page by page (for the CSV export: memory stays one page). */
export async function* accessReportBatches(
  db: Kysely<Database>,
  query: Omit<ReportQuery, "after" | "limit">,
  batchSize = 500,
): AsyncGenerator<AccessReportRow[]> {
  let after: ReportCursor | undefined;
  do {
    const page = await accessReportPage(db, { ...query, limit: batchSize, ...(after ? { after } : {}) });
    yield page.rows;
    after = page.next ?? undefined;
  } while (after);
}

function subjectColumn(subject: ReportSubject): ["subject_person" | "actor" | "acting_for", string] {
  try {
    switch (subject.kind) {
      case "patient":
        return ["subject_person", personIdentifier(subject.patient, "patient")];
      case "user":
        return ["actor", personIdentifier(subject.user, "user")];
      case "institution":
        if (!ACTING_FOR.test(subject.institution))
          throw new ReportError("bad-subject", "the institution must be an 11-digit registration number");
        return ["acting_for", subject.institution];
    }
  } catch (error) {
    if (error instanceof AccessLogError) throw new ReportError("bad-subject", error.message);
    throw error;
  }
}

const EARLIEST = "2000-01-01";
const LATEST = "2100-12-31";

function dateRange(from?: CalendarDate, to?: CalendarDate): InstantRange {
  for (const d of [from, to]) {
    if (d !== undefined && (d < EARLIEST || d > LATEST) && /^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new ReportError("bad-range", `dates must lie between ${EARLIEST} and ${LATEST}`);
  }
  if (from && to && from > to) throw new ReportError("bad-range", "the start date is after the end date");
  try {
    return rigaDateRange(from || undefined, to || undefined);
  } catch (error) {
    if (error instanceof EhealthError && error.code === "bad-date")
      throw new ReportError("bad-date", error.message);
    throw error;
  }
}

/** `<ms>.<seq>` — short, and parsed strictly. */
export function formatCursor(cursor: ReportCursor): string {
  return `${cursor.at}.${cursor.seq}`;
}

/** The audit log's positions are PostgreSQL bigints. */
const MAX_SEQ = 2n ** 63n - 1n;

export function parseCursor(text: string): ReportCursor {
  const m = /^(\d{1,15})\.(\d{1,19})$/.exec(text);
  if (!m) throw new ReportError("bad-cursor", "the paging cursor is malformed");
  const seq = BigInt(m[2]!);
  // A position past the bigint range would reach the database as an error (500), not a refusal.
  if (seq > MAX_SEQ) throw new ReportError("bad-cursor", "the paging cursor is malformed");
  return { at: Number(m[1]), seq };
}
