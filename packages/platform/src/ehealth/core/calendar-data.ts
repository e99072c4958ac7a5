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
 * Cabinet orders bind institutions financed from the state budget (Labour Law art. 133(4)); others
 * are advised to follow them. The operator is a state agency, so its deadlines follow them.
 *
 * STATE OF THE DATA (likumi.lv was not reachable when this was written; each entry says where it
 * comes from and how sure it is — check them against the orders' texts and note the order numbers):
 * - 2024: from the draft order "Par darba dienu pārcelšanu 2024. gadā" as reported before its
 *   adoption (delfi.lv, June 2023). Adoption not confirmed here.
 * - 2025: 17 November from Cabinet order No. 332 of 30 April 2024, point 1 (quoted by la.lv);
 *   2 May as reported by nasha.la.lv (not found in the quoted point 1: may be another point or an
 *   amendment — to check).
 * - 2026: Cabinet order "Par darba dienu pārcelšanu 2026. gadā", adopted 10 June 2025 (la.lv,
 *   1188.lv; jauns.lv reported the 17 January working Saturday on the day).
 * - 2027: NOT ENTERED — the order (due by 1 July 2026) was not at hand. TO DO.
 * - Song and Dance Festival closing day: the general Latvian festival is held every five years
 *   (2023, next expected 2028); none falls in 2024–2027 as far as known, so none is entered.
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

const DELFI_2024_DRAFT =
  "draft order 'Par darba dienu pārcelšanu 2024. gadā', reported by delfi.lv 2023-06 (adoption to confirm)";
const ORDER_2025 =
  "Cabinet order No. 332 of 2024-04-30 'Par darba dienu pārcelšanu 2025. gadā', point 1 (la.lv)";
const REPORT_2025_MAY = "reported by nasha.la.lv for 2025 (to confirm against the 2025 order)";
const ORDER_2026 =
  "Cabinet order 'Par darba dienu pārcelšanu 2026. gadā', adopted 2025-06-10 (la.lv, 1188.lv, jauns.lv)";

/** The data in force (see the state of each year above). */
export const LATVIAN_CALENDAR_DATA: CalendarData = Object.freeze({
  extraDaysOff: Object.freeze([]),
  movedWorkingDays: Object.freeze([
    { dayOff: "2024-12-23", workingOn: "2024-12-14", source: DELFI_2024_DRAFT },
    { dayOff: "2024-12-30", workingOn: "2024-12-28", source: DELFI_2024_DRAFT },
    { dayOff: "2025-05-02", workingOn: "2025-05-10", source: REPORT_2025_MAY },
    { dayOff: "2025-11-17", workingOn: "2025-11-08", source: ORDER_2025 },
    { dayOff: "2026-01-02", workingOn: "2026-01-17", source: ORDER_2026 },
    { dayOff: "2026-06-22", workingOn: "2026-06-27", source: ORDER_2026 },
  ]),
});
