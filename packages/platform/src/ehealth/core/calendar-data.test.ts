import { describe, expect, it } from "vitest";
import { SEED_CALENDAR_DATA } from "../calendar/seed-2024-2026.ts";
import { EhealthError } from "../errors.ts";
import { type CalendarData, checkCalendarChange, NO_CALENDAR_DATA } from "./calendar-data.ts";
import { deadlineFor } from "./deadlines.ts";
import { addWorkingDays, isWorkingDay, LAW_ONLY_CALENDAR, latvianCalendar } from "./working-days.ts";

// A HYPOTHETICAL 2027 entry to exercise the mechanism: 2027's order is entered by the operator
// when it is published, never invented in code. Monday 3 May 2027 (before Tuesday 4 May) moved
// to Saturday 8 May is the shape such an order usually has.
const with2027: CalendarData = {
  extraDaysOff: [],
  movedWorkingDays: [
    ...SEED_CALENDAR_DATA.movedWorkingDays,
    { dayOff: "2027-05-03", workingOn: "2027-05-08", source: "test (hypothetical)" },
  ],
};

describe("a year without moved working days (2027 as shipped) and with one", () => {
  const seeded = latvianCalendar(SEED_CALENDAR_DATA);
  const entered = latvianCalendar(with2027);

  it("without an entry, 3 May 2027 is worked and Saturday 8 May is not", () => {
    expect(seeded.isWorkingDay("2027-05-03")).toBe(true);
    expect(seeded.isWorkingDay("2027-05-08")).toBe(false);
    // 2027 has 261 weekdays; 10 holidays fall on weekdays (1 Jan, 26 Mar, 29 Mar, 4 May,
    // 23 and 24 Jun, 18 Nov, 24 and 31 Dec — and 1 May, 25 and 26 Dec fall on weekends).
    expect(seeded.workingDaysBetween("2026-12-31", "2027-12-31")).toBe(261 - 9);
  });

  it("with the entry, Monday 3 May is off, Saturday 8 May is worked, the year's total unchanged", () => {
    expect(entered.isWorkingDay("2027-05-03")).toBe(false);
    expect(entered.isWorkingDay("2027-05-08")).toBe(true);
    expect(entered.workingDaysBetween("2026-12-31", "2027-12-31")).toBe(
      seeded.workingDaysBetween("2026-12-31", "2027-12-31"),
    );
  });

  it("CON-5 and ANX1-2 due dates computed with the entry reflect it", () => {
    // Friday 30 April 2027: 1 working day → Monday 3 May without, Wednesday 5 May with the entry.
    expect(deadlineFor("suspensionNotice", "2027-04-30", seeded).due).toBe("2027-05-03");
    expect(deadlineFor("suspensionNotice", "2027-04-30", entered).due).toBe("2027-05-05");
    // ANX1-2, 5 working days from Thursday 29 April: Fri 30, Wed 5, Thu 6, Fri 7 and then the
    // working Saturday 8 May is the fifth (without the entry Monday 3 May was the second).
    expect(deadlineFor("changeNotice", "2027-04-29", seeded).due).toBe("2027-05-07");
    expect(deadlineFor("changeNotice", "2027-04-29", entered).due).toBe("2027-05-08");
    expect(deadlineFor("changeNotice", "2027-05-05", seeded).due).toBe("2027-05-12");
    expect(deadlineFor("changeNotice", "2027-05-05", entered).due).toBe("2027-05-11");
    // Calendar-day terms (ANX1-1) do not move.
    expect(deadlineFor("portalApplication", "2027-04-20", entered).due).toBe("2027-05-20");
  });

  it("the law-only calendar and free functions know no Cabinet order", () => {
    expect(LAW_ONLY_CALENDAR.isWorkingDay("2025-11-17")).toBe(true);
    expect(isWorkingDay("2024-12-23")).toBe(true);
    expect(addWorkingDays("2024-12-20", 1)).toBe("2024-12-23");
    expect(latvianCalendar(NO_CALENDAR_DATA).isWorkingDay("2026-01-02")).toBe(true);
  });
});

describe("checks before a change is entered", () => {
  const moved = (dayOff: string, worksOn: string) =>
    checkCalendarChange({ kind: "moved-working-day", dayOff, worksOn }, SEED_CALENDAR_DATA).map(
      (p) => `${p.field}:${p.problem}`,
    );
  const holiday = (dayOff: string) =>
    checkCalendarChange({ kind: "extra-holiday", dayOff }, SEED_CALENDAR_DATA).map(
      (p) => `${p.field}:${p.problem}`,
    );

  it("accepts a weekday moved to a Saturday, and a one-off weekday holiday", () => {
    expect(moved("2027-05-03", "2027-05-08")).toEqual([]);
    expect(holiday("2027-07-05")).toEqual([]);
  });
  it.each([
    ["2027-05-01", "2027-05-08", ["dayOff:day-off-not-weekday"], "the day off is a Saturday"],
    ["2027-05-04", "2027-05-08", ["dayOff:day-off-is-holiday"], "the day off is already a holiday"],
    ["2027-05-03", "2027-05-07", ["worksOn:works-on-not-weekend"], "the working day is a Friday"],
    ["2027-12-27", "2027-12-26", ["worksOn:works-on-is-holiday"], "working on Second Christmas Day"],
    ["2025-11-17", "2025-11-15", ["dayOff:day-off-already-changed"], "2025's order moved it already"],
    ["2025-11-14", "2025-11-08", ["worksOn:works-on-already-changed"], "its Saturday is taken"],
  ])("%s → %s refused: %j (%s)", (dayOff, worksOn, problems) => {
    expect(moved(dayOff, worksOn)).toEqual(problems);
  });
  it("refuses an extra holiday on a day off or on a day already changed", () => {
    expect(holiday("2027-06-26")).toEqual(["dayOff:day-off-not-weekday"]);
    expect(holiday("2027-06-23")).toEqual(["dayOff:day-off-is-holiday"]);
    expect(holiday("2026-06-22")).toEqual(["dayOff:day-off-already-changed"]);
  });
  it("a malformed date is a coded error", () => {
    expect(() => holiday("2027-02-29")).toThrow(EhealthError);
  });
});
