/**
 * "When did it happen": a date and a time as people type them (`7.12.2026`, `14:05`), in Riga
 * time, to an instant. Riga is UTC+2 in winter and UTC+3 in summer; the instant is the one whose
 * Riga wall clock shows what was typed.
 */
import type { CalendarDate } from "../core/calendar-date.ts";
import { readTypedDate, showDate, showRigaTime } from "../core/people-dates.ts";
import { rigaStartOfDay } from "../reports/riga-time.ts";

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** The typed time as minutes after midnight, or undefined when it is not `h:mm` / `hh.mm`. */
export function readTypedTime(typed: string): number | undefined {
  const m = TIME.exec(typed.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The instant of `date` at `minutes` after midnight on Riga's wall clock. */
export function rigaInstant(date: CalendarDate, minutes: number): Date {
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  const wanted = `${showDate(date)} ${hh}:${mm}`;
  const base = rigaStartOfDay(date).getTime() + minutes * 60_000;
  // On the day clocks change the offset from midnight differs by an hour after 03:00/04:00.
  for (const shift of [0, -3_600_000, 3_600_000]) {
    const candidate = new Date(base + shift);
    if (showRigaTime(candidate) === wanted) return candidate;
  }
  // The hour skipped in spring (03:00–03:59) does not exist on the clock: take the instant after.
  return new Date(base);
}

/** Both fields read, or which one is wrong. */
export function readOccurredAt(
  dateText: string,
  timeText: string,
): { at: Date } | { field: "occurredDate" | "occurredTime" } {
  const date = readTypedDate(dateText);
  if (!date) return { field: "occurredDate" };
  const minutes = readTypedTime(timeText);
  if (minutes === undefined) return { field: "occurredTime" };
  return { at: rigaInstant(date, minutes) };
}
