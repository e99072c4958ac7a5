/**
 * Date filters of the reports are Latvian calendar dates ("from 1 March to 31 March"), while
 * the audit log stores instants. A date becomes the instant of midnight in Riga (EET/EEST, UTC+2
 * or +3), and a range [from, to] becomes [midnight of `from`, midnight of the day after `to`),
 * so the last day is included whole, summer time or not.
 */
import { addDays, type CalendarDate, dayNumber, rigaDateOf } from "../core/calendar-date.ts";

const RIGA_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Riga",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The instant at which `date` begins in Riga. Throws EhealthError `bad-date` for a bad date. */
export function rigaStartOfDay(date: CalendarDate): Date {
  const utcMidnight = dayNumber(date) * 86_400_000;
  // Riga is UTC+2 in winter and UTC+3 in summer; clocks change at 03:00/04:00 local time, so
  // midnight always exists exactly once.
  for (const offsetHours of [2, 3]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    if (rigaDateOf(candidate) === date && RIGA_CLOCK.format(candidate) === "00:00") return candidate;
  }
  /* c8 ignore next */
  throw new Error(`no Riga midnight found for ${date}`);
}

export interface InstantRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  until?: Date;
}

/** [midnight of `from`, midnight after `to`) in Riga; either end may be open. */
export function rigaDateRange(from?: CalendarDate, to?: CalendarDate): InstantRange {
  const range: InstantRange = {};
  if (from) range.from = rigaStartOfDay(from);
  if (to) range.until = rigaStartOfDay(addDays(to, 1));
  return range;
}

const RIGA_DATE_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Riga",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** `YYYY-MM-DD HH:MM:SS` in Riga time, for pages and CSV (people read local time). */
export function rigaDateTime(instant: Date): string {
  return RIGA_DATE_TIME.format(instant);
}
