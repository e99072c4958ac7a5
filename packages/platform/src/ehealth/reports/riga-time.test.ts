import { describe, expect, it } from "vitest";
import { EhealthError } from "../errors.ts";
import { rigaDateRange, rigaDateTime, rigaStartOfDay } from "./riga-time.ts";

describe("Riga dates → instants (report date filters)", () => {
  it.each([
    ["2026-01-15", "2026-01-14T22:00:00.000Z"], // winter, UTC+2
    ["2026-07-15", "2026-07-14T21:00:00.000Z"], // summer, UTC+3
    ["2026-03-29", "2026-03-28T22:00:00.000Z"], // clocks go forward at 03:00 that day
    ["2026-03-30", "2026-03-29T21:00:00.000Z"],
    ["2026-10-25", "2026-10-24T21:00:00.000Z"], // clocks go back at 04:00 that day
    ["2026-10-26", "2026-10-25T22:00:00.000Z"],
  ])("%s begins at %s", (date, instant) => {
    expect(rigaStartOfDay(date).toISOString()).toBe(instant);
  });

  it("includes the whole last day: [from midnight, midnight after to)", () => {
    const range = rigaDateRange("2026-03-01", "2026-03-31");
    expect(range.from?.toISOString()).toBe("2026-02-28T22:00:00.000Z");
    expect(range.until?.toISOString()).toBe("2026-03-31T21:00:00.000Z");
    expect(rigaDateRange()).toEqual({});
    expect(rigaDateRange(undefined, "2026-12-31")).toEqual({ until: new Date("2026-12-31T22:00:00.000Z") });
  });

  it("refuses a date that does not exist", () => {
    expect(() => rigaStartOfDay("2026-02-30")).toThrow(EhealthError);
  });

  it("shows instants in Riga time", () => {
    expect(rigaDateTime(new Date("2026-07-14T21:30:05Z"))).toBe("2026-07-15 00:30:05");
    expect(rigaDateTime(new Date("2026-01-14T21:30:05Z"))).toBe("2026-01-14 23:30:05");
  });
});
