/**
 * The calendar entries in the database, and the working-day calendar built from those in force.
 * Every deadline is computed with `loadWorkingDayCalendar` read in the same transaction as the
 * write it belongs to: one small indexed read (a few rows a year) per use, so there is no cache
 * to invalidate when the operator — in this process or another — enters a change.
 */
import type { Kysely, Selectable } from "kysely";
import type { CalendarChange, CalendarData } from "../core/calendar-data.ts";
import type { CalendarDate } from "../core/calendar-date.ts";
import { latvianCalendar, type WorkingDayCalendar } from "../core/working-days.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type { CalendarEntryKind, CalendarEntryTable } from "./tables.ts";

export interface CalendarEntry {
  id: string;
  kind: CalendarEntryKind;
  dayOff: CalendarDate;
  /** For a moved working day: the rest day worked instead; else null. */
  worksOn: CalendarDate | null;
  source: string;
  enteredBy: string;
  enteredAt: Date;
  withdrawn: { at: Date; by: string; reason: string } | null;
}

const toEntry = (row: Selectable<CalendarEntryTable>): CalendarEntry => ({
  id: String(row.id),
  kind: row.kind,
  dayOff: row.day_off,
  worksOn: row.works_on,
  source: row.source,
  enteredBy: row.entered_by,
  enteredAt: new Date(row.entered_at),
  withdrawn:
    row.withdrawn_at === null
      ? null
      : { at: new Date(row.withdrawn_at), by: row.withdrawn_by ?? "", reason: row.withdrawal_reason ?? "" },
});

/** Entries by day, withdrawn ones included (the history); `year` keeps those touching that year. */
export async function listCalendarEntries(
  db: Kysely<Database>,
  filter: { year?: number; inForceOnly?: boolean } = {},
): Promise<CalendarEntry[]> {
  let query = db.selectFrom("ehealth_calendar_entry").selectAll();
  if (filter.inForceOnly) query = query.where("withdrawn_at", "is", null);
  if (filter.year !== undefined) {
    const prefix = `${String(filter.year).padStart(4, "0")}-%`;
    query = query.where((eb) => eb.or([eb("day_off", "like", prefix), eb("works_on", "like", prefix)]));
  }
  const rows = await query.orderBy("day_off").orderBy("id").execute();
  return rows.map(toEntry);
}

/** The entries in force as the pure calendar's data. */
export function calendarDataOf(entries: readonly CalendarEntry[]): CalendarData {
  const inForce = entries.filter((e) => e.withdrawn === null);
  return {
    movedWorkingDays: inForce
      .filter((e) => e.kind === "moved-working-day" && e.worksOn !== null)
      .map((e) => ({ dayOff: e.dayOff, workingOn: e.worksOn as CalendarDate, source: e.source })),
    extraDaysOff: inForce
      .filter((e) => e.kind === "extra-holiday")
      .map((e) => ({ date: e.dayOff, reason: "other-by-law" as const, source: e.source })),
  };
}

export async function loadCalendarData(db: Kysely<Database>): Promise<CalendarData> {
  return calendarDataOf(await listCalendarEntries(db, { inForceOnly: true }));
}

/** The working-day calendar in force: the law's rules and the operator's entries. */
export async function loadWorkingDayCalendar(db: Kysely<Database>): Promise<WorkingDayCalendar> {
  return latvianCalendar(await loadCalendarData(db));
}

export async function insertCalendarEntry(
  db: Kysely<Database>,
  change: CalendarChange,
  entry: { source: string; enteredBy: string; now: Date },
): Promise<CalendarEntry> {
  const row = await db
    .insertInto("ehealth_calendar_entry")
    .values({
      kind: change.kind,
      day_off: change.dayOff,
      works_on: change.kind === "moved-working-day" ? change.worksOn : null,
      source: entry.source,
      entered_by: entry.enteredBy,
      entered_at: entry.now,
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawal_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      // The unique indexes (one entry in force per day) catch what the check before the insert
      // cannot: another change for the same day committed meanwhile (SQLSTATE 23505).
      const failure = error as { code?: unknown; constraint?: unknown };
      if (failure.code === "23505") {
        const worksOn = failure.constraint === "ehealth_calendar_entry_works_on_in_force";
        throw new EhealthError("bad-input", "another entry in force changes this day", {
          field: worksOn ? "worksOn" : "dayOff",
          reason: worksOn ? "works-on-already-changed" : "day-off-already-changed",
        });
      }
      throw error;
    });
  return toEntry(row);
}

export async function getCalendarEntry(db: Kysely<Database>, id: string): Promise<CalendarEntry> {
  if (!/^[1-9]\d{0,17}$/.test(id)) throw new EhealthError("not-found", "no such calendar entry");
  const row = await db
    .selectFrom("ehealth_calendar_entry")
    .selectAll()
    .where("id", "=", id as never)
    .executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such calendar entry");
  return toEntry(row);
}

/** Withdraws an entry in force (refuses one already withdrawn: `conflict`). */
export async function markCalendarEntryWithdrawn(
  db: Kysely<Database>,
  id: string,
  withdrawal: { by: string; reason: string; now: Date },
): Promise<CalendarEntry> {
  await getCalendarEntry(db, id);
  const row = await db
    .updateTable("ehealth_calendar_entry")
    .set({ withdrawn_at: withdrawal.now, withdrawn_by: withdrawal.by, withdrawal_reason: withdrawal.reason })
    .where("id", "=", id as never)
    .where("withdrawn_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new EhealthError("conflict", "the calendar entry is already withdrawn");
  return toEntry(row);
}
