/**
 * Yearly calendar data that no rule computes: days off the law names for one year (the
 * Song and Dance Festival's closing day, a one-off holiday) and the Cabinet's moved working days
 * (a Cabinet order "Par darbdienas pārcelšanu" moves a working day next to a holiday to a
 * Saturday: the weekday becomes a day off, the Saturday a working day).
 *
 * HOW TO UPDATE: add an entry for the year, with the order or law amendment it comes from
 * (likumi.lv link or the Cabinet order's number and date) in a comment on the entry. Only
 * dates checked against the published order belong here: a wrong entry moves every deadline
 * computed across it.
 *
 * STATE OF THE DATA (written without access to likumi.lv):
 * - 2024–2027 moved working days: NOT ENTERED. The Cabinet's orders for these years were not
 *   at hand when this table was written, and dates recalled from memory are not reliable enough
 *   for deadlines. Until they are entered, a moved day counts as an ordinary weekday/Saturday,
 *   so a deadline across one may come out one working day off. TO DO: enter them from the orders.
 * - Song and Dance Festival closing day: the general Latvian festival is held every five years
 *   (2023, next expected 2028); no closing day falls in 2024–2027 as far as known. A school
 *   youth festival closing day is not a public holiday unless the law is amended to name it.
 */
import type { CalendarDate } from "./calendar-date.ts";

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

/** The data in force. Empty for 2024–2027 until checked entries are added (see above). */
export const LATVIAN_CALENDAR_DATA: CalendarData = Object.freeze({
  extraDaysOff: Object.freeze([]),
  movedWorkingDays: Object.freeze([]),
});
