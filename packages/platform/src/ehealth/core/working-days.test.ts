import { describe, expect, it } from "vitest";
import { SEED_CALENDAR_DATA } from "../calendar/seed-2024-2026.ts";
import { EhealthError } from "../errors.ts";
import { rigaDateOf, weekdayOf } from "./calendar-date.ts";
import { easterSunday, statutoryHolidays } from "./latvian-holidays.ts";
import { latvianCalendar } from "./working-days.ts";

// The calendar as a freshly migrated database holds it: the law's rules and the 2024–2026 moved
// working days (seed rows of the calendar migration).
const { addWorkingDays, isWorkingDay, workingDaysBetween } = latvianCalendar(SEED_CALENDAR_DATA);

describe("Easter (anonymous Gregorian algorithm)", () => {
  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2000, "2000-04-23"],
    [2019, "2019-04-21"],
    [2038, "2038-04-25"], // the latest possible date
    [1818, "1818-03-22"], // the earliest possible date
  ])("%i → %s, a Sunday", (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(weekdayOf(date)).toBe(0);
  });
});

describe("public holidays 2024–2027", () => {
  // Every holiday the law names, per year; the weekday ones must be days off.
  const table: Record<number, Record<string, string>> = {
    2024: {
      "new-year": "2024-01-01",
      "good-friday": "2024-03-29",
      "easter-sunday": "2024-03-31",
      "easter-monday": "2024-04-01",
      "labour-day": "2024-05-01",
      "restoration-of-independence": "2024-05-04",
      "restoration-of-independence-moved": "2024-05-06",
      "mothers-day": "2024-05-12",
      whitsunday: "2024-05-19",
      ligo: "2024-06-23",
      jani: "2024-06-24",
      "proclamation-day": "2024-11-18",
      "christmas-eve": "2024-12-24",
      "christmas-day": "2024-12-25",
      "second-christmas-day": "2024-12-26",
      "new-years-eve": "2024-12-31",
    },
    2025: {
      "new-year": "2025-01-01",
      "good-friday": "2025-04-18",
      "easter-sunday": "2025-04-20",
      "easter-monday": "2025-04-21",
      "labour-day": "2025-05-01",
      "restoration-of-independence": "2025-05-04",
      "restoration-of-independence-moved": "2025-05-05",
      "mothers-day": "2025-05-11",
      whitsunday: "2025-06-08",
      ligo: "2025-06-23",
      jani: "2025-06-24",
      "proclamation-day": "2025-11-18",
      "christmas-eve": "2025-12-24",
      "christmas-day": "2025-12-25",
      "second-christmas-day": "2025-12-26",
      "new-years-eve": "2025-12-31",
    },
    2026: {
      "new-year": "2026-01-01",
      "good-friday": "2026-04-03",
      "easter-sunday": "2026-04-05",
      "easter-monday": "2026-04-06",
      "labour-day": "2026-05-01",
      "restoration-of-independence": "2026-05-04",
      "mothers-day": "2026-05-10",
      whitsunday: "2026-05-24",
      ligo: "2026-06-23",
      jani: "2026-06-24",
      "proclamation-day": "2026-11-18",
      "christmas-eve": "2026-12-24",
      "christmas-day": "2026-12-25",
      "second-christmas-day": "2026-12-26",
      "new-years-eve": "2026-12-31",
    },
    2027: {
      "new-year": "2027-01-01",
      "good-friday": "2027-03-26",
      "easter-sunday": "2027-03-28",
      "easter-monday": "2027-03-29",
      "labour-day": "2027-05-01",
      "restoration-of-independence": "2027-05-04",
      "mothers-day": "2027-05-09",
      whitsunday: "2027-05-16",
      ligo: "2027-06-23",
      jani: "2027-06-24",
      "proclamation-day": "2027-11-18",
      "christmas-eve": "2027-12-24",
      "christmas-day": "2027-12-25",
      "second-christmas-day": "2027-12-26",
      "new-years-eve": "2027-12-31",
    },
  };
  it.each(Object.entries(table))("%s: exactly the law's holidays, all days off", (year, expected) => {
    const got = Object.fromEntries(statutoryHolidays(Number(year)).map((h) => [h.name, h.date]));
    expect(got).toEqual(expected);
    for (const date of Object.values(expected)) expect(isWorkingDay(date), date).toBe(false);
  });

  it.each([
    ["2024-05-06", false, "4 May 2024 is a Saturday: Monday 6 May is off"],
    ["2024-11-18", false, "18 Nov 2024 is a Monday: off, no shift"],
    ["2024-11-19", true, "no shift when 18 Nov is a weekday"],
    ["2025-05-05", false, "4 May 2025 is a Sunday: Monday 5 May is off"],
    ["2025-05-06", true, "only one day moves"],
    ["2026-05-04", false, "4 May 2026 is a Monday"],
    ["2026-05-05", true, "no shift when 4 May is a weekday"],
    ["2027-05-04", false, "4 May 2027 is a Tuesday"],
    ["2027-05-03", true, "the Monday before stays a working day"],
    ["2023-11-20", false, "18 Nov 2023 is a Saturday: Monday 20 Nov is off"],
    ["2029-11-19", false, "18 Nov 2029 is a Sunday: Monday 19 Nov is off"],
    ["2028-05-05", true, "4 May 2028 is a Thursday: no shift"],
    ["2026-06-25", true, "no shift for Līgo/Jāņi by law"],
    ["2027-06-25", true, "no shift for Līgo/Jāņi on a weekday"],
    ["2027-12-27", true, "no shift for Christmas on a weekend"],
    ["2025-06-09", true, "Whit Monday is not a holiday in Latvia"],
    ["2025-11-10", true, "an ordinary Monday"],
    ["2025-11-22", false, "a Saturday"],
    ["2025-11-23", false, "a Sunday"],
  ])("%s working=%s (%s)", (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });
});

describe("adding and counting working days", () => {
  it.each([
    ["2025-12-23", 1, "2025-12-29", "over 24–26 Dec and the weekend"],
    ["2025-12-29", 2, "2026-01-05", "over 31 Dec, 1 Jan and 2 Jan (moved)"],
    ["2025-12-29", 1, "2025-12-30", "the day before New Year's Eve"],
    ["2026-12-23", 1, "2026-12-28", "Thu 24, Fri 25 off, then the weekend"],
    ["2026-12-23", 4, "2027-01-04", "over New Year's Eve and Day on Thu/Fri"],
    ["2024-12-20", 5, "2025-01-06", "across Christmas and New Year 2024/25, with the moved 23 and 30 Dec"],
    ["2025-04-17", 1, "2025-04-22", "over the Easter days"],
    ["2025-11-14", 5, "2025-11-25", "over 17 Nov (moved) and 18 November"],
    ["2027-11-17", 1, "2027-11-19", "over 18 November 2027 (Thursday)"],
    ["2025-11-21", 0, "2025-11-21", "zero days"],
    ["2025-11-22", 1, "2025-11-24", "from a Saturday"],
    ["2025-01-03", -5, "2024-12-19", "backwards across New Year, the working Saturday 28 Dec counted"],
    ["2025-05-06", -1, "2025-04-30", "backwards over the moved 4 May and the moved 2 May"],
  ])("%s + %i = %s (%s)", (from, n, to) => {
    expect(addWorkingDays(from, n)).toBe(to);
  });

  it.each([
    ["2024-12-20", "2025-01-06", 5],
    ["2024-12-20", "2025-01-03", 4],
    ["2025-12-23", "2025-12-29", 1],
    ["2025-12-23", "2025-12-23", 0],
    ["2025-12-24", "2025-12-26", 0],
    ["2025-01-03", "2024-12-19", -5],
    ["2025-01-01", "2025-12-31", 249], // 261 weekdays less 12 weekday holidays
  ])("between %s and %s: %i", (a, b, n) => {
    expect(workingDaysBetween(a, b)).toBe(n);
    if (isWorkingDay(b)) expect(addWorkingDays(a, n)).toBe(b);
  });

  it("refuses dates that are not real calendar dates, with a code", () => {
    for (const bad of ["2025-02-29", "2025-13-01", "25-01-01", "2025-1-1", "2025-01-01T00:00:00Z", ""]) {
      expect(() => isWorkingDay(bad), bad).toThrow(EhealthError);
    }
    expect(() => addWorkingDays("2025-01-01", 1.5)).toThrow(/not a supported integer/);
    expect(() => addWorkingDays("2025-01-01", 1e9)).toThrow(EhealthError);
  });
});

describe("Cabinet orders' moved working days in the default data", () => {
  it.each([
    ["2024-12-23", false],
    ["2024-12-14", true],
    ["2024-12-30", false],
    ["2024-12-28", true],
    ["2025-05-02", false],
    ["2025-05-10", true],
    ["2025-11-17", false],
    ["2025-11-08", true],
    ["2026-01-02", false],
    ["2026-01-17", true],
    ["2026-06-22", false],
    ["2026-06-27", true],
  ])("%s working=%s", (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });
  it("a year's total of working days is unchanged by moves (2025: 261 weekdays less 12 holidays)", () => {
    expect(workingDaysBetween("2024-12-31", "2025-12-31")).toBe(249);
  });
  it("refuses data that does not swap a weekday for a weekend day", () => {
    const bad = (dayOff: string, workingOn: string) =>
      latvianCalendar({ extraDaysOff: [], movedWorkingDays: [{ dayOff, workingOn, source: "test" }] });
    expect(() => bad("2030-05-04", "2030-05-11")).toThrow(/weekday to a Saturday/); // a Saturday made "off"
    expect(() => bad("2030-05-03", "2030-05-10")).toThrow(EhealthError); // a Friday made "working"
  });
});

describe("yearly data: moved working days and extra days off", () => {
  // Hypothetical entries to exercise the mechanism (not real Cabinet orders).
  const calendar = latvianCalendar({
    movedWorkingDays: [{ dayOff: "2030-05-03", workingOn: "2030-05-11", source: "test" }],
    extraDaysOff: [{ date: "2030-07-08", reason: "song-festival-closing", source: "test" }],
  });
  it("a moved weekday is off and its Saturday is a working day", () => {
    expect(calendar.isWorkingDay("2030-05-03")).toBe(false);
    expect(calendar.isWorkingDay("2030-05-11")).toBe(true);
    expect(isWorkingDay("2030-05-03")).toBe(true); // the default data holds no such order
    expect(calendar.addWorkingDays("2030-05-02", 1)).toBe("2030-05-07"); // Fri 3 off, Mon 6 is 4 May moved
    expect(calendar.addWorkingDays("2030-05-10", 1)).toBe("2030-05-11");
  });
  it("an extra day off by law is not a working day", () => {
    expect(calendar.isWorkingDay("2030-07-08")).toBe(false);
    expect(calendar.workingDaysBetween("2030-07-05", "2030-07-09")).toBe(1);
  });
});

describe("the date in Riga", () => {
  it.each([
    ["2025-12-31T21:59:59Z", "2025-12-31"], // 23:59:59 in Riga (UTC+2)
    ["2025-12-31T22:00:00Z", "2026-01-01"], // midnight in Riga, still 31 Dec in UTC
    ["2025-06-30T20:59:59Z", "2025-06-30"], // summer time, UTC+3
    ["2025-06-30T21:00:00Z", "2025-07-01"],
  ])("%s → %s", (instant, date) => {
    expect(rigaDateOf(new Date(instant))).toBe(date);
  });
});
