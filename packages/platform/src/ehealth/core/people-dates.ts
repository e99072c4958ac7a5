/**
 * Dates as people in Latvia write and read them: `7.12.2026`, `07.12.2026` or `2026-12-07` typed
 * into a form, and `07.12.2026` (with `14:05` for an instant, in Riga time) shown on a page, in both
 * languages. The stored form stays `YYYY-MM-DD` (calendar-date.ts); this file only translates at
 * the edge.
 */
import { type CalendarDate, dayNumber, makeDate, rigaDateOf } from "./calendar-date.ts";

const DAY_MONTH_YEAR = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date as typed: `d.m.gggg` with or without leading zeros (and the trailing dot Latvian
 * usage allows), or `gggg-mm-dd` (what a date picker sends). Undefined when it is neither or
 * names no real day (31.02.2026).
 */
export function readTypedDate(typed: string): CalendarDate | undefined {
  const text = typed.trim();
  let date: CalendarDate | undefined;
  if (ISO_DATE.test(text)) date = text;
  else {
    const m = DAY_MONTH_YEAR.exec(text);
    if (!m) return undefined;
    const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    date = `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    // makeDate rolls 31.02 over into March: a rolled date is not what was typed.
    if (makeDate(year, month, day) !== date) return undefined;
  }
  try {
    dayNumber(date);
    return date;
  } catch {
    return undefined;
  }
}

/** `2026-12-07` → `07.12.2026`. */
export function showDate(date: CalendarDate): string {
  const [year, month, day] = date.split("-");
  return `${day}.${month}.${year}`;
}

const RIGA_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Riga",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function rigaClock(instant: Date): { hour: string; minute: string; second: string } {
  const parts = Object.fromEntries(RIGA_CLOCK.formatToParts(instant).map((p) => [p.type, p.value]));
  return { hour: parts.hour ?? "00", minute: parts.minute ?? "00", second: parts.second ?? "00" };
}

/** An instant as `07.12.2026 14:05` in Riga time (summer time included). */
export function showRigaTime(instant: Date): string {
  const { hour, minute } = rigaClock(instant);
  return `${showDate(rigaDateOf(instant))} ${hour}:${minute}`;
}

/** An instant as `07.12.2026 14:05:09` in Riga time, where seconds matter (access reports). */
export function showRigaTimeWithSeconds(instant: Date): string {
  const { hour, minute, second } = rigaClock(instant);
  return `${showDate(rigaDateOf(instant))} ${hour}:${minute}:${second}`;
}

const HL7_TIME = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-])?(\d{2})?(\d{2})?$/;

/**
 * An HL7 TS (`20261125223000+0000`) as people read it: with a zone, the instant in Riga time
 * (`26.11.2026 00:30`); without one, the local time as written; a bare date or month as such.
 * Anything else is shown as written, so nothing in a document is hidden.
 */
export function showHl7Time(value: string | null): string | null {
  if (!value) return null;
  const m = HL7_TIME.exec(value);
  if (!m) return value;
  const [, year, month, day, hour, minute, second, sign, zoneHours, zoneMinutes] = m;
  if (!month) return year as string;
  if (!day) return `${month}.${year}`;
  const date = readTypedDate(`${year}-${month}-${day}`);
  if (!date) return value;
  if (!hour) return showDate(date);
  if (!sign) return `${showDate(date)} ${hour}:${minute ?? "00"}`;
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(zoneHours ?? 0) * 60 + Number(zoneMinutes ?? 0));
  const utc =
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute ?? 0),
      Number(second ?? 0),
    ) -
    offsetMinutes * 60_000;
  return showRigaTime(new Date(utc));
}
