/**
 * Calendar dates in Latvia. A deadline in law or contract is a date in Latvia, not an instant:
 * `rigaDateOf` is the one place an instant becomes a `YYYY-MM-DD` date, asking the Europe/Riga
 * time zone (with its summer time). In the core because every module that keeps a deadline
 * (e-health's notices, the mail outbox's send-by day) needs the same answer.
 */

/** A calendar date in the form `YYYY-MM-DD` (proleptic Gregorian). */
export type CalendarDate = string;

const RIGA_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Riga",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Latvia at an instant. */
export function rigaDateOf(instant: Date): CalendarDate {
  const parts = RIGA_DATE.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
