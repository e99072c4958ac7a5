/**
 * The Cabinet's moved working days for 2024–2026, as the code held them before the operator
 * entered the calendar as data. The calendar migration inserts them as entries (entered by
 * `migration`), so deadlines in those years are computed as before.
 *
 * FROZEN: a migration's data never changes once shipped. A correction (e.g. once an order's text
 * is checked against likumi.lv) is a withdrawal and a new entry through `tilts calendar`, which
 * keeps the history.
 *
 * State of the sources when they were written (likumi.lv was not reachable then):
 * - 2024: the draft order "Par darba dienu pārcelšanu 2024. gadā" as reported before adoption
 *   (delfi.lv, June 2023); adoption not confirmed.
 * - 2025: 17 November from Cabinet order No. 332 of 30 April 2024, point 1 (quoted by la.lv);
 *   2 May as reported by nasha.la.lv (to check against the order).
 * - 2026: the order "Par darba dienu pārcelšanu 2026. gadā", adopted 10 June 2025 (la.lv,
 *   1188.lv, jauns.lv).
 * - 2027 is NOT here: the operator enters it from the published order.
 */

import type { CalendarData } from "../core/calendar-data.ts";
import type { CalendarDate } from "../core/calendar-date.ts";

export interface SeedMovedWorkingDay {
  readonly dayOff: CalendarDate;
  readonly worksOn: CalendarDate;
  readonly source: string;
}

const DELFI_2024_DRAFT =
  "draft order 'Par darba dienu pārcelšanu 2024. gadā', reported by delfi.lv 2023-06 (adoption to confirm)";
const ORDER_2025 =
  "Cabinet order No. 332 of 2024-04-30 'Par darba dienu pārcelšanu 2025. gadā', point 1 (la.lv)";
const REPORT_2025_MAY = "reported by nasha.la.lv for 2025 (to confirm against the 2025 order)";
const ORDER_2026 =
  "Cabinet order 'Par darba dienu pārcelšanu 2026. gadā', adopted 2025-06-10 (la.lv, 1188.lv, jauns.lv)";

export const SEED_MOVED_WORKING_DAYS: readonly SeedMovedWorkingDay[] = Object.freeze([
  { dayOff: "2024-12-23", worksOn: "2024-12-14", source: DELFI_2024_DRAFT },
  { dayOff: "2024-12-30", worksOn: "2024-12-28", source: DELFI_2024_DRAFT },
  { dayOff: "2025-05-02", worksOn: "2025-05-10", source: REPORT_2025_MAY },
  { dayOff: "2025-11-17", worksOn: "2025-11-08", source: ORDER_2025 },
  { dayOff: "2026-01-02", worksOn: "2026-01-17", source: ORDER_2026 },
  { dayOff: "2026-06-22", worksOn: "2026-06-27", source: ORDER_2026 },
]);

/** The seed as calendar data (what a freshly migrated database holds): for tests of 2024–2026. */
export const SEED_CALENDAR_DATA: CalendarData = Object.freeze({
  extraDaysOff: Object.freeze([]),
  movedWorkingDays: Object.freeze(
    SEED_MOVED_WORKING_DAYS.map((m) => ({ dayOff: m.dayOff, workingOn: m.worksOn, source: m.source })),
  ),
});
