/**
 * Annex 1 applications: form "large" or "small institution" (ANX1-1, due 30 days after the
 * contract) and changes (ANX1-2, due 5 working days after they take effect); the operator
 * processes them within 5 working days of receipt (ANX1-3, ANX1-4). Due dates are computed
 * when the application is recorded, on the working-day calendar in force (the law's rules and
 * the operator's entries, calendar/); when the operator enters or withdraws a calendar change,
 * the due dates of PENDING applications are recomputed in the same transaction
 * (`recomputeOpenDueDates`). Closed applications keep the dates they were judged by.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { loadWorkingDayCalendar } from "../calendar/calendar-store.ts";
import { type CalendarDate, rigaDateOf } from "../core/calendar-date.ts";
import { type DeadlineKind, deadlineFor } from "../core/deadlines.ts";
import type { WorkingDayCalendar } from "../core/working-days.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type { ApplicationKind, ApplicationStatus, ApplicationTable } from "../tables.ts";

export interface Application {
  id: string;
  registrationNumber: string;
  contractId: string | null;
  kind: ApplicationKind;
  summary: string;
  effectiveOn: CalendarDate | null;
  /** The last day the institution could send it in time (ANX1-1 / ANX1-2). */
  submissionDue: CalendarDate;
  receivedOn: CalendarDate;
  /** The last day the operator may process it in time (ANX1-3 / ANX1-4). */
  processingDue: CalendarDate;
  status: ApplicationStatus;
  processedOn: CalendarDate | null;
  processedBy: string | null;
  processingNote: string | null;
  createdAt: Date;
  /** Sent after its submission due date. */
  submittedLate: boolean;
}

export interface NewApplication {
  registrationNumber: string;
  contractId?: string | null;
  kind: ApplicationKind;
  summary: string;
  /** For "large"/"small": the day the contract was concluded (ANX1-1 counts from it). */
  contractConcludedOn?: CalendarDate;
  /** For "change": the day the change took effect (ANX1-2). */
  effectiveOn?: CalendarDate;
  receivedOn: CalendarDate;
}

/** ANX1-3 (small institutions' rights) and ANX1-4 (administrator access): 5 working days. */
const processingKindOf = (kind: ApplicationKind): DeadlineKind =>
  kind === "small" ? "smallInstitutionRightsProcessing" : "administratorAccessProcessing";

/** The due dates of an application (pure; exported for tests and pages). */
export function applicationDueDates(
  input: NewApplication,
  calendar: WorkingDayCalendar,
): {
  submissionDue: CalendarDate;
  processingDue: CalendarDate;
} {
  let submissionDue: CalendarDate;
  if (input.kind === "change") {
    if (!input.effectiveOn)
      throw new EhealthError("bad-input", "a change needs the day it took effect", { field: "effectiveOn" });
    submissionDue = deadlineFor("changeNotice", input.effectiveOn, calendar).due;
  } else {
    if (!input.contractConcludedOn)
      throw new EhealthError("bad-input", "the application needs its contract's date", {
        field: "contractConcludedOn",
      });
    submissionDue = deadlineFor("portalApplication", input.contractConcludedOn, calendar).due;
  }
  const processingDue = deadlineFor(processingKindOf(input.kind), input.receivedOn, calendar).due;
  return { submissionDue, processingDue };
}

const toApplication = (row: Selectable<ApplicationTable>): Application => ({
  id: row.id,
  registrationNumber: row.registration_number,
  contractId: row.contract_id,
  kind: row.kind,
  summary: row.summary,
  effectiveOn: row.effective_on as CalendarDate | null,
  submissionDue: row.submission_due as CalendarDate,
  receivedOn: row.received_on as CalendarDate,
  processingDue: row.processing_due as CalendarDate,
  status: row.status,
  processedOn: row.processed_on as CalendarDate | null,
  processedBy: row.processed_by,
  processingNote: row.processing_note,
  createdAt: row.created_at,
  submittedLate: row.received_on > row.submission_due,
});

/** Is the operator late with it? Pending past its processing due date (Riga time), or processed late. */
export function isApplicationOverdue(application: Application, now: Date): boolean {
  if (application.processedOn !== null) return application.processedOn > application.processingDue;
  return rigaDateOf(now) > application.processingDue;
}

export async function insertApplication(
  db: Kysely<Database>,
  input: NewApplication,
  now: Date,
): Promise<Application> {
  const due = applicationDueDates(input, await loadWorkingDayCalendar(db));
  const row = {
    id: randomUUID(),
    registration_number: input.registrationNumber,
    contract_id: input.contractId ?? null,
    kind: input.kind,
    summary: input.summary,
    effective_on: input.effectiveOn ?? null,
    submission_due: due.submissionDue,
    received_on: input.receivedOn,
    processing_due: due.processingDue,
    status: "pending" as const,
    processed_on: null,
    processed_by: null,
    processing_note: null,
    created_at: now,
  };
  await db.insertInto("ehealth_application").values(row).execute();
  return toApplication(row);
}

export async function listApplications(
  db: Kysely<Database>,
  filter: { status?: ApplicationStatus; registrationNumber?: string } = {},
): Promise<Application[]> {
  let query = db.selectFrom("ehealth_application").selectAll();
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  const rows = await query.orderBy("processing_due").orderBy("created_at").execute();
  return rows.map(toApplication);
}

export async function getApplication(db: Kysely<Database>, id: string): Promise<Application> {
  const row = await db.selectFrom("ehealth_application").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such application");
  return toApplication(row);
}

/** Marks a pending application processed or rejected (refuses one already closed). */
export async function closeApplication(
  db: Kysely<Database>,
  id: string,
  outcome: "processed" | "rejected",
  by: string,
  on: CalendarDate,
  note: string | null,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_application")
    .set({ status: outcome, processed_on: on, processed_by: by, processing_note: note })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    await getApplication(db, id); // not-found if missing
    throw new EhealthError("conflict", "the application has already been processed");
  }
}

/**
 * Recomputes the due dates of pending applications on `calendar` (after a calendar change, in its
 * transaction). ANX1-1's 30 calendar days do not depend on the calendar, so a first application's
 * submission date stays; a change's (ANX1-2) and every processing date (ANX1-3/4) are recomputed.
 * Returns how many applications' dates changed.
 */
export async function recomputeOpenDueDates(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
): Promise<number> {
  const open = await db
    .selectFrom("ehealth_application")
    .select(["id", "kind", "effective_on", "received_on", "submission_due", "processing_due"])
    .where("status", "=", "pending")
    .execute();
  let changed = 0;
  for (const row of open) {
    const processingDue = deadlineFor(processingKindOf(row.kind), row.received_on, calendar).due;
    const submissionDue =
      row.kind === "change" && row.effective_on !== null
        ? deadlineFor("changeNotice", row.effective_on, calendar).due
        : row.submission_due;
    if (processingDue === row.processing_due && submissionDue === row.submission_due) continue;
    await db
      .updateTable("ehealth_application")
      .set({ processing_due: processingDue, submission_due: submissionDue })
      .where("id", "=", row.id)
      .where("status", "=", "pending")
      .execute();
    changed++;
  }
  return changed;
}
