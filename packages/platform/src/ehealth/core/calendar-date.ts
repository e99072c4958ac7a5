/**
 * Calendar dates as `YYYY-MM-DD` strings, with arithmetic on a day number. A deadline in the
 * contract is a date in Latvia, not an instant: working with plain dates keeps UTC/local-time
 * shifts (a date that becomes "yesterday" at 01:00 Riga time) out of the rules. The only place an
 * instant becomes a date is `rigaDateOf`, which asks the Europe/Riga time zone.
 */

import type { CalendarDate } from "../../core/riga-date/index.ts";
import { EhealthError } from "../errors.ts";

/** A calendar date in the form `YYYY-MM-DD` (proleptic Gregorian); the core's type. */
export type { CalendarDate };

const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` date; throws `bad-date` otherwise. */
export function dayNumber(date: CalendarDate): number {
  const m = DATE_FORM.exec(date);
  if (!m) throw new EhealthError("bad-date", `"${date}" is not a YYYY-MM-DD date`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over to March; a rolled date is not the date that was given.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new EhealthError("bad-date", `"${date}" is not a real calendar date`);
  }
  return ms / MS_PER_DAY;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(n: number): CalendarDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Builds a date from its parts (month 1–12). */
export function makeDate(year: number, month: number, day: number): CalendarDate {
  return dateOfDayNumber(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function addDays(date: CalendarDate, n: number): CalendarDate {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: CalendarDate): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** The calendar date in Latvia (Europe/Riga, with its summer time) at an instant: the core's. */
export { rigaDateOf } from "../../core/riga-date/index.ts";
