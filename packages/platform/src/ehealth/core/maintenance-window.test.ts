import { describe, expect, it } from "vitest";
import { SEED_CALENDAR_DATA } from "../calendar/seed-2024-2026.ts";
import { isMaintenanceWindow, isWithinMaintenanceWindow, latestAnnouncement } from "./maintenance-window.ts";
import { latvianCalendar } from "./working-days.ts";

// The calendar as a freshly migrated database holds it (the 2024–2026 moved working days).
const calendar = latvianCalendar(SEED_CALENDAR_DATA);

describe("CON-5 maintenance window (Riga time)", () => {
  it.each([
    // Winter: Riga is UTC+2.
    ["2025-11-19T05:29:00Z", true, "Wed 07:29"],
    ["2025-11-19T05:30:00Z", false, "Wed 07:30, work begins"],
    ["2025-11-19T17:59:00Z", false, "Wed 19:59"],
    ["2025-11-19T18:00:00Z", true, "Wed 20:00, work has ended"],
    ["2025-11-22T12:00:00Z", true, "Saturday noon"],
    ["2025-11-18T10:00:00Z", true, "18 November, a public holiday"],
    ["2025-11-17T10:00:00Z", true, "17 November 2025, moved day off"],
    ["2025-11-08T10:00:00Z", false, "Saturday 8 November 2025, a moved working day"],
    // Summer: Riga is UTC+3.
    ["2026-07-01T04:29:00Z", true, "Wed 07:29 in summer"],
    ["2026-07-01T04:30:00Z", false, "Wed 07:30 in summer"],
    ["2026-07-01T17:00:00Z", true, "Wed 20:00 in summer"],
    ["2026-06-23T10:00:00Z", true, "Līgo"],
  ])("%s → %s (%s)", (instant, expected) => {
    expect(isMaintenanceWindow(new Date(instant), calendar)).toBe(expected);
  });

  it.each([
    ["2025-11-19T18:00:00Z", "2025-11-20T05:30:00Z", true, "Wed 20:00 to Thu 07:30"],
    ["2025-11-19T18:00:00Z", "2025-11-20T05:31:00Z", false, "one minute into Thursday's working hours"],
    ["2025-11-21T18:00:00Z", "2025-11-24T05:30:00Z", true, "Friday evening to Monday 07:30"],
    [
      "2025-11-14T18:00:00Z",
      "2025-11-19T05:30:00Z",
      true,
      "Fri evening over the weekend, 17 (moved) and 18 Nov",
    ],
    ["2025-11-07T18:00:00Z", "2025-11-10T05:30:00Z", false, "over the working Saturday 8 November"],
    ["2025-11-19T17:59:00Z", "2025-11-19T20:00:00Z", false, "starts a minute before 20:00"],
    ["2025-11-19T20:00:00Z", "2025-11-19T20:00:00Z", false, "an empty interval"],
    ["2025-12-01T00:00:00Z", "2026-02-01T00:00:00Z", false, "longer than a month"],
  ])("%s–%s → %s (%s)", (start, end, expected) => {
    expect(isWithinMaintenanceWindow(new Date(start), new Date(end), calendar)).toBe(expected);
  });

  it("an interruption is announced at least 3 days ahead", () => {
    expect(latestAnnouncement(new Date("2025-11-22T10:00:00Z")).toISOString()).toBe(
      "2025-11-19T10:00:00.000Z",
    );
  });
});
