/**
 * The Latvian working-day calendar: Monday–Friday, less public holidays (latvian-holidays.ts)
 * and the year's extra days off, plus the Cabinet's moved working days (calendar-data.ts).
 * Deadlines in the contract count working days (CON-2, CON-5, CON-11, ANX1-2..4), so every
 * function takes and returns `YYYY-MM-DD` calendar dates in Latvia — never instants.
 *
 * Pure: the yearly data is a value the caller passes (calendar/calendar-store.ts loads what the
 * operator entered). The free functions at the end know the law's rules ONLY — no moved working
 * days — and suit rough relative dates (demo data, fixtures), never a deadline.
 */
import { EhealthError } from "../errors.ts";
import { type CalendarData, NO_CALENDAR_DATA } from "./calendar-data.ts";
import { type CalendarDate, dateOfDayNumber, dayNumber, weekdayOf, yearOf } from "./calendar-date.ts";
import { statutoryHolidays } from "./latvian-holidays.ts";

/** A search for working days never walks further than this (about 27 years). */
const MAX_DAYS_WALKED = 10_000;

export interface WorkingDayCalendar {
  isWorkingDay(date: CalendarDate): boolean;
  /**
   * The date `n` working days after `date` (before it when `n` is negative); `date` itself is
   * not counted, so `addWorkingDays(friday, 1)` is the next working day. `n = 0` gives `date`.
   */
  addWorkingDays(date: CalendarDate, n: number): CalendarDate;
  /**
   * Working days `d` with `a < d ≤ b` (when `b < a`: minus those with `b ≤ d < a`), so that
   * `addWorkingDays(a, workingDaysBetween(a, b))` is `b` whenever `b` is a working day.
   */
  workingDaysBetween(a: CalendarDate, b: CalendarDate): number;
}

/** A moved working day swaps a weekday for a weekend day; anything else is a data-entry slip. */
function checkData(data: CalendarData): void {
  for (const m of data.movedWorkingDays) {
    const off = weekdayOf(m.dayOff);
    const on = weekdayOf(m.workingOn);
    if (off === 0 || off === 6 || (on !== 0 && on !== 6)) {
      throw new EhealthError(
        "bad-date",
        `moved working day ${m.dayOff} → ${m.workingOn} must move a weekday to a Saturday or Sunday`,
      );
    }
  }
}

/** The calendar of the law's rules plus `data` (none: the law's rules alone). */
export function latvianCalendar(data: CalendarData = NO_CALENDAR_DATA): WorkingDayCalendar {
  checkData(data);
  const daysOffByYear = new Map<number, Set<number>>();
  const movedWorking = new Set(data.movedWorkingDays.map((m) => dayNumber(m.workingOn)));
  const movedOff = new Set(data.movedWorkingDays.map((m) => dayNumber(m.dayOff)));
  const extraOff = new Set(data.extraDaysOff.map((d) => dayNumber(d.date)));

  function holidaysOf(year: number): Set<number> {
    let set = daysOffByYear.get(year);
    if (!set) {
      set = new Set(statutoryHolidays(year).map((h) => dayNumber(h.date)));
      daysOffByYear.set(year, set);
    }
    return set;
  }

  function isWorkingDayNumber(n: number): boolean {
    // A holiday stays a day off even if data were to name it a moved working day.
    const date = dateOfDayNumber(n);
    if (holidaysOf(yearOf(date)).has(n) || extraOff.has(n) || movedOff.has(n)) return false;
    if (movedWorking.has(n)) return true;
    const wd = weekdayOf(date);
    return wd !== 0 && wd !== 6;
  }

  function checkCount(n: number): void {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_DAYS_WALKED) {
      throw new EhealthError("calendar-out-of-range", `working-day count ${n} is not a supported integer`);
    }
  }

  return {
    isWorkingDay: (date) => isWorkingDayNumber(dayNumber(date)),
    addWorkingDays(date, n) {
      checkCount(n);
      let day = dayNumber(date);
      const step = n < 0 ? -1 : 1;
      let left = Math.abs(n);
      let walked = 0;
      while (left > 0) {
        day += step;
        if (++walked > MAX_DAYS_WALKED * 2) {
          throw new EhealthError("calendar-out-of-range", "working-day search ran past its limit");
        }
        if (isWorkingDayNumber(day)) left--;
      }
      return dateOfDayNumber(day);
    },
    workingDaysBetween(a, b) {
      const from = dayNumber(a);
      const to = dayNumber(b);
      if (Math.abs(to - from) > MAX_DAYS_WALKED * 2) {
        throw new EhealthError("calendar-out-of-range", `${a}..${b} spans too many days`);
      }
      // Forward: (a, b]. Backward: [b, a), so that walking back from a lands on b.
      const [lo, hi] = to >= from ? [from + 1, to] : [to, from - 1];
      let count = 0;
      for (let d = lo; d <= hi; d++) if (isWorkingDayNumber(d)) count++;
      return to >= from ? count : -count;
    },
  };
}

/** The law's rules alone (no Cabinet orders, no extra days off). */
export const LAW_ONLY_CALENDAR: WorkingDayCalendar = latvianCalendar();
const DEFAULT_CALENDAR = LAW_ONLY_CALENDAR;

export const isWorkingDay = (date: CalendarDate): boolean => DEFAULT_CALENDAR.isWorkingDay(date);
export const addWorkingDays = (date: CalendarDate, n: number): CalendarDate =>
  DEFAULT_CALENDAR.addWorkingDays(date, n);
export const workingDaysBetween = (a: CalendarDate, b: CalendarDate): number =>
  DEFAULT_CALENDAR.workingDaysBetween(a, b);
