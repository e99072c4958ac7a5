/**
 * CON-5: planned technical work happens outside working hours — on working days before 07:30 and
 * from 20:00, and on weekends — and a foreseeable interruption is announced by e-mail at least 3
 * days ahead. Public holidays and moved days off are days off like weekends (the contract's
 * "weekends" read as "days off"; a moved working Saturday is a working day).
 */
import { type CalendarDate, rigaDateOf } from "./calendar-date.ts";
import type { WorkingDayCalendar } from "./working-days.ts";

const WORK_STARTS_MINUTE = 7 * 60 + 30; // 07:30
const WORK_ENDS_MINUTE = 20 * 60; // 20:00
/** CON-5: "at least 3 days ahead" — taken as 72 hours before the work starts. */
export const ANNOUNCEMENT_LEAD_MS = 3 * 24 * 60 * 60 * 1000;

const RIGA_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Riga",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Minutes since midnight in Riga at an instant. */
function rigaMinuteOfDay(instant: Date): number {
  const parts = RIGA_TIME.formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  const minute = Number(parts.find((p) => p.type === "minute")?.value);
  return hour * 60 + minute;
}

/**
 * True when planned technical work may run at this instant (CON-5). `calendar`: the one loaded
 * from the operator's entries (moved working days count), never a law-only default.
 */
export function isMaintenanceWindow(instant: Date, calendar: WorkingDayCalendar): boolean {
  const date: CalendarDate = rigaDateOf(instant);
  if (!calendar.isWorkingDay(date)) return true;
  const minute = rigaMinuteOfDay(instant);
  return minute < WORK_STARTS_MINUTE || minute >= WORK_ENDS_MINUTE;
}

/** Longer planned work always meets working hours; it is refused without walking it. */
const MAX_INTERVAL_MS = 31 * 24 * 60 * 60 * 1000;

/** True when a whole planned interval [start, end) lies outside working hours (CON-5). */
export function isWithinMaintenanceWindow(start: Date, end: Date, calendar: WorkingDayCalendar): boolean {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from) || to - from > MAX_INTERVAL_MS) return false;
  if (!isMaintenanceWindow(start, calendar)) return false;
  // The state changes only at 07:30, 20:00 and midnight Riga time. Riga's offset from UTC is a
  // whole number of hours, so these are UTC half-hour boundaries: checking each one suffices.
  const step = 30 * 60 * 1000;
  for (let t = Math.ceil(from / step) * step; t < to; t += step) {
    if (!isMaintenanceWindow(new Date(t), calendar)) return false;
  }
  return true;
}

/** The latest instant at which a planned interruption starting at `start` may be announced. */
export function latestAnnouncement(start: Date): Date {
  return new Date(start.getTime() - ANNOUNCEMENT_LEAD_MS);
}
