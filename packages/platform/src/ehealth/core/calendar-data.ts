/**
 * The calendar's yearly data: what no rule of law computes and the operator enters as it is
 * published (calendar/ keeps it in the database, with its source and who entered it).
 *
 * - A MOVED WORKING DAY: the Cabinet's yearly order "Par darba dienu pārcelšanu <gads>. gadā"
 *   moves a working day next to a holiday to a Saturday — the weekday becomes a day off, the
 *   Saturday a working day. Such orders bind institutions financed from the state budget (Labour
 *   Law art. 133(4)); others are advised to follow them. The operator is a state agency, so the
 *   contract's deadlines follow them.
 * - AN EXTRA DAY OFF: a one-off holiday a law names for one year (the Song and Dance Festival's
 *   closing day, a day of national mourning).
 *
 * This file holds only the shapes and the pure checks; no dates. The 2024–2026 orders that were
 * once written here are seed rows of the calendar migration (calendar/seed-2024-2026.ts); later
 * years are entered by the operator (`tilts calendar add`, or the operator's workplace), so a new
 * order needs no release.
 */
import { EhealthError } from "../errors.ts";
import { type CalendarDate, dayNumber, weekdayOf, yearOf } from "./calendar-date.ts";
import { statutoryHolidays } from "./latvian-holidays.ts";

export interface ExtraDayOff {
  readonly date: CalendarDate;
  readonly reason: "song-festival-closing" | "other-by-law";
  /** Where the day comes from (law amendment, Cabinet order). */
  readonly source: string;
}

export interface MovedWorkingDay {
  /** The weekday that becomes a day off. */
  readonly dayOff: CalendarDate;
  /** The Saturday (or other rest day) that becomes a working day in its place. */
  readonly workingOn: CalendarDate;
  readonly source: string;
}

export interface CalendarData {
  readonly extraDaysOff: readonly ExtraDayOff[];
  readonly movedWorkingDays: readonly MovedWorkingDay[];
}

/** No yearly data: the law's rules alone. */
export const NO_CALENDAR_DATA: CalendarData = Object.freeze({
  extraDaysOff: Object.freeze([]),
  movedWorkingDays: Object.freeze([]),
});

/** One change as the operator enters it (before it is stored). */
export type CalendarChange =
  | { readonly kind: "moved-working-day"; readonly dayOff: CalendarDate; readonly worksOn: CalendarDate }
  | { readonly kind: "extra-holiday"; readonly dayOff: CalendarDate };

/** Why a change cannot be entered; each names the field it is about. */
export type CalendarChangeProblem =
  | "day-off-not-weekday"
  | "day-off-is-holiday"
  | "works-on-not-weekend"
  | "works-on-is-holiday"
  | "day-off-already-changed"
  | "works-on-already-changed";

const isStatutoryHoliday = (date: CalendarDate): boolean =>
  statutoryHolidays(yearOf(date)).some((h) => h.date === date);
const isWeekend = (date: CalendarDate): boolean => {
  const wd = weekdayOf(date);
  return wd === 0 || wd === 6;
};

/**
 * Checks a change against the law's calendar and the changes already in force, before it is
 * stored: a slip here moves every deadline computed across the day. Throws `bad-date` for a
 * malformed date; returns the problems found (empty: the change may be entered).
 */
export function checkCalendarChange(
  change: CalendarChange,
  inForce: CalendarData,
): { field: "dayOff" | "worksOn"; problem: CalendarChangeProblem }[] {
  dayNumber(change.dayOff);
  if (change.kind === "moved-working-day") dayNumber(change.worksOn);
  const problems: { field: "dayOff" | "worksOn"; problem: CalendarChangeProblem }[] = [];
  // The day off must be a day that is otherwise worked: a weekday that is no holiday.
  if (isWeekend(change.dayOff)) problems.push({ field: "dayOff", problem: "day-off-not-weekday" });
  else if (isStatutoryHoliday(change.dayOff))
    problems.push({ field: "dayOff", problem: "day-off-is-holiday" });
  const used = new Set<string>([
    ...inForce.movedWorkingDays.flatMap((m) => [m.dayOff, m.workingOn]),
    ...inForce.extraDaysOff.map((d) => d.date),
  ]);
  if (used.has(change.dayOff)) problems.push({ field: "dayOff", problem: "day-off-already-changed" });
  if (change.kind === "moved-working-day") {
    if (!isWeekend(change.worksOn)) problems.push({ field: "worksOn", problem: "works-on-not-weekend" });
    else if (isStatutoryHoliday(change.worksOn))
      problems.push({ field: "worksOn", problem: "works-on-is-holiday" });
    if (used.has(change.worksOn)) problems.push({ field: "worksOn", problem: "works-on-already-changed" });
  }
  return problems;
}

/** As `checkCalendarChange`, throwing the first problem as a coded `bad-input` error. */
export function assertCalendarChange(change: CalendarChange, inForce: CalendarData): void {
  const [first] = checkCalendarChange(change, inForce);
  if (first) {
    throw new EhealthError("bad-input", `calendar change refused: ${first.problem}`, {
      field: first.field,
      reason: first.problem,
    });
  }
}
