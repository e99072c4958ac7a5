/**
 * Entering and withdrawing calendar changes (moved working days, extra holidays). One pipeline
 * for both ways in — the operator's workplace (as the signed-in staff member, under the rights
 * policy through `authorized`) and `tilts calendar` (as `cli`, the server's administrator) — and
 * in ONE transaction: check the change against the law's calendar and the entries in force,
 * write it, recompute the due dates of pending applications on the new calendar, and append the
 * audit record. A refused change writes nothing.
 *
 * Deadlines: every due date computed after the change uses it (each computation reads the
 * calendar in force). Pending annex-1 applications' due dates are recomputed at once, so the
 * operator's queue and its overdue marks follow the published order; closed applications keep
 * the dates they were judged by. Queued CON-5 e-mails keep their send-by day (already due within
 * one working day; the sender sends at once anyway).
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import { recomputeOpenDueDates } from "../adapters/application-store.ts";
import { assertCalendarChange, type CalendarChange } from "../core/calendar-data.ts";
import { latvianCalendar } from "../core/working-days.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import { authorized, type Caller, type ServiceDeps } from "../services/authorize.ts";
import {
  type CalendarEntry,
  getCalendarEntry,
  insertCalendarEntry,
  listCalendarEntries,
  loadCalendarData,
  markCalendarEntryWithdrawn,
} from "./calendar-store.ts";

/** The source names the Cabinet order (number and date) or the law; the reason says why. */
export const SOURCE_MAX = 500;
export const WITHDRAWAL_REASON_MAX = 1000;

/** The rule the change serves: the working-day terms of the contract. */
const LEGAL_GROUND = "CON-2; CON-5; ANX1-2..4";

export interface CalendarChangeInput {
  change: CalendarChange;
  source: string;
}

export interface CalendarChangeResult {
  entry: CalendarEntry;
  /** Pending applications whose due dates changed. */
  recomputed: number;
}

function checkText(value: string, max: number, field: string): string {
  const text = value.trim();
  if (!text) throw new EhealthError("bad-input", `${field} is required`, { field });
  if (text.length > max) throw new EhealthError("bad-input", `${field} is longer than ${max}`, { field });
  return text;
}

// --- the steps, each run inside the caller's transaction ------------------------------------

async function enterChange(
  trx: Kysely<Database>,
  input: CalendarChangeInput,
  enteredBy: string,
  now: Date,
): Promise<CalendarChangeResult> {
  const source = checkText(input.source, SOURCE_MAX, "source");
  const inForce = await loadCalendarData(trx);
  assertCalendarChange(input.change, inForce);
  const entry = await insertCalendarEntry(trx, input.change, { source, enteredBy, now });
  const recomputed = await recomputeOpenDueDates(trx, latvianCalendar(await loadCalendarData(trx)));
  return { entry, recomputed };
}

async function withdrawChange(
  trx: Kysely<Database>,
  id: string,
  reason: string,
  by: string,
  now: Date,
): Promise<CalendarChangeResult> {
  const why = checkText(reason, WITHDRAWAL_REASON_MAX, "reason");
  const entry = await markCalendarEntryWithdrawn(trx, id, { by, reason: why, now });
  const recomputed = await recomputeOpenDueDates(trx, latvianCalendar(await loadCalendarData(trx)));
  return { entry, recomputed };
}

const objectOf = (r: CalendarChangeResult) => `calendar-entry:${r.entry.id}`;
const purposeOf = (r: CalendarChangeResult) => `recomputed-applications=${r.recomputed}`;

// --- the operator's workplace ---------------------------------------------------------------

/** The entries touching `year` (withdrawn ones included), for the operator's page. */
export async function calendarForOperator(
  deps: ServiceDeps,
  caller: Caller,
  year: number,
): Promise<CalendarEntry[]> {
  return authorized(deps, caller, {
    policy: "calendar.manage",
    audit: { action: "ehealth.calendar.list-viewed", object: `calendar:${year}`, legalGround: LEGAL_GROUND },
    auditSuccess: false,
    work: ({ trx }) => listCalendarEntries(trx, { year }),
  });
}

export async function addCalendarChange(
  deps: ServiceDeps,
  caller: Caller,
  input: CalendarChangeInput,
): Promise<CalendarChangeResult> {
  return authorized(deps, caller, {
    policy: "calendar.manage",
    audit: {
      action: "ehealth.calendar.entry-added",
      object: "calendar-entry:new",
      legalGround: LEGAL_GROUND,
    },
    work: ({ trx, now, actorId }) => enterChange(trx, input, actorId, now),
    objectOf,
  });
}

export async function withdrawCalendarChange(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<CalendarChangeResult> {
  return authorized(deps, caller, {
    policy: "calendar.manage",
    audit: {
      action: "ehealth.calendar.entry-withdrawn",
      object: `calendar-entry:${id}`,
      legalGround: LEGAL_GROUND,
    },
    work: ({ trx, now, actorId }) => withdrawChange(trx, id, reason, actorId, now),
  });
}

/** One entry, for the withdrawal form. */
export async function calendarEntryForOperator(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
): Promise<CalendarEntry> {
  return authorized(deps, caller, {
    policy: "calendar.manage",
    audit: {
      action: "ehealth.calendar.list-viewed",
      object: `calendar-entry:${id}`,
      legalGround: LEGAL_GROUND,
    },
    auditSuccess: false,
    work: ({ trx }) => getCalendarEntry(trx, id),
  });
}

// --- the CLI (the server's administrator; no signed-in person) -------------------------------

export async function addCalendarChangeFromCli(
  db: Kysely<Database>,
  input: CalendarChangeInput,
  now: Date,
): Promise<CalendarChangeResult> {
  return db.transaction().execute(async (trx) => {
    const result = await enterChange(trx, input, "cli", now);
    await appendAuditRecord(
      trx,
      {
        actor: "cli",
        actingFor: "operator",
        action: "ehealth.calendar.entry-added",
        object: objectOf(result),
        purpose: purposeOf(result),
        legalGround: LEGAL_GROUND,
        outcome: "success",
      },
      now,
    );
    return result;
  });
}

export async function withdrawCalendarChangeFromCli(
  db: Kysely<Database>,
  id: string,
  reason: string,
  now: Date,
): Promise<CalendarChangeResult> {
  return db.transaction().execute(async (trx) => {
    const result = await withdrawChange(trx, id, reason, "cli", now);
    await appendAuditRecord(
      trx,
      {
        actor: "cli",
        actingFor: "operator",
        action: "ehealth.calendar.entry-withdrawn",
        object: objectOf(result),
        purpose: purposeOf(result),
        legalGround: LEGAL_GROUND,
        outcome: "success",
      },
      now,
    );
    return result;
  });
}
