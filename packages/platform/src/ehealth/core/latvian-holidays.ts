/**
 * Latvia's public holidays, from the Law "On Public Holidays, Commemorative Days and Days of
 * Celebration" (Par svētku, atceres un atzīmējamām dienām), art. 1 and 2, as the rules stand:
 * fixed dates, the Easter days, Whitsunday, the 4 May / 18 November weekend shift, and the
 * one-off days (the Song and Dance Festival's closing day when the law names one) and the
 * Cabinet's moved working days, which the operator enters as data (see `calendar-data.ts`).
 */
import { addDays, type CalendarDate, makeDate, weekdayOf } from "./calendar-date.ts";

/**
 * Gregorian Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), written
 * from its published arithmetic. Valid for any Gregorian year.
 */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19; // place in the 19-year Metonic cycle
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30; // epact-related: days from 21 March to the full moon
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7; // days from the full moon to the next Sunday
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const monthDay = h + l - 7 * m + 114;
  return makeDate(year, Math.floor(monthDay / 31), (monthDay % 31) + 1);
}

/** Why a date is not a working day (or, for a moved working day, why it is one). */
export type HolidayName =
  | "new-year"
  | "good-friday"
  | "easter-sunday"
  | "easter-monday"
  | "labour-day"
  | "restoration-of-independence"
  | "restoration-of-independence-moved"
  | "mothers-day"
  | "whitsunday"
  | "ligo"
  | "jani"
  | "proclamation-day"
  | "proclamation-day-moved"
  | "christmas-eve"
  | "christmas-day"
  | "second-christmas-day"
  | "new-years-eve"
  | "song-festival-closing"
  | "other-by-law";

export interface Holiday {
  readonly date: CalendarDate;
  readonly name: HolidayName;
}

/** The Monday after a date that falls on a Saturday or Sunday; undefined on a weekday. */
function nextMondayIfWeekend(date: CalendarDate): CalendarDate | undefined {
  const wd = weekdayOf(date);
  if (wd === 6) return addDays(date, 2);
  if (wd === 0) return addDays(date, 1);
  return undefined;
}

/** The second Sunday of May (Mother's Day). */
function secondSundayOfMay(year: number): CalendarDate {
  const first = makeDate(year, 5, 1);
  const toSunday = (7 - weekdayOf(first)) % 7;
  return addDays(first, toSunday + 7);
}

/**
 * The public holidays the law fixes by rule for a year (not the yearly data). Sundays the law
 * names (Easter Sunday, Mother's Day, Whitsunday) are listed too: they are days off anyway, and
 * listing them keeps the table a faithful copy of art. 1.
 */
export function statutoryHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: makeDate(year, 1, 1), name: "new-year" },
    { date: addDays(easter, -2), name: "good-friday" },
    { date: easter, name: "easter-sunday" },
    { date: addDays(easter, 1), name: "easter-monday" },
    { date: makeDate(year, 5, 1), name: "labour-day" },
    { date: makeDate(year, 5, 4), name: "restoration-of-independence" },
    { date: secondSundayOfMay(year), name: "mothers-day" },
    { date: addDays(easter, 49), name: "whitsunday" },
    { date: makeDate(year, 6, 23), name: "ligo" },
    { date: makeDate(year, 6, 24), name: "jani" },
    { date: makeDate(year, 11, 18), name: "proclamation-day" },
    { date: makeDate(year, 12, 24), name: "christmas-eve" },
    { date: makeDate(year, 12, 25), name: "christmas-day" },
    { date: makeDate(year, 12, 26), name: "second-christmas-day" },
    { date: makeDate(year, 12, 31), name: "new-years-eve" },
  ];
  // Law art. 1: when 4 May or 18 November falls on a Saturday or Sunday, the next working day
  // (the Monday) is a holiday. No such rule applies to the other holidays.
  const may4Moved = nextMondayIfWeekend(makeDate(year, 5, 4));
  if (may4Moved) list.push({ date: may4Moved, name: "restoration-of-independence-moved" });
  const nov18Moved = nextMondayIfWeekend(makeDate(year, 11, 18));
  if (nov18Moved) list.push({ date: nov18Moved, name: "proclamation-day-moved" });
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
