import { describe, expect, it } from "vitest";
import { SEED_CALENDAR_DATA } from "../calendar/seed-2024-2026.ts";
import { DEADLINE_RULES, type DeadlineKind, deadlineFor } from "./deadlines.ts";
import { latvianCalendar } from "./working-days.ts";

// The calendar as a freshly migrated database holds it (the 2024–2026 moved working days).
const seeded = latvianCalendar(SEED_CALENDAR_DATA);

describe("due dates of the contract's deadlines", () => {
  it.each<[DeadlineKind, string, string, string]>([
    ["portalApplication", "2025-12-01", "2025-12-31", "ANX1-1: 30 calendar days, holidays counted"],
    ["portalApplication", "2026-01-30", "2026-03-01", "ANX1-1: across February"],
    ["changeNotice", "2025-12-19", "2026-01-05", "ANX1-2: over Christmas, New Year and the moved 2 January"],
    ["smallInstitutionRightsProcessing", "2025-04-16", "2025-04-25", "ANX1-3: over Easter"],
    ["administratorAccessProcessing", "2024-05-01", "2024-05-09", "ANX1-4: over 4 May moved to Monday 6 May"],
    ["suspensionNotice", "2025-11-17", "2025-11-19", "CON-5: over 18 November"],
    ["suspensionNotice", "2026-12-18", "2026-12-21", "CON-5: Friday → Monday"],
    ["suspensionNotice", "2026-12-23", "2026-12-28", "CON-5: over Christmas"],
    [
      "answerToRequest",
      "2026-06-15",
      "2026-07-01",
      "CON-2: over Līgo, Jāņi, the moved 22 June and its working Saturday",
    ],
    ["processingReport", "2026-06-15", "2026-07-01", "CON-9: same term as CON-2"],
    ["stopWorkNotice", "2027-01-04", "2026-12-22", "CON-11: 5 working days BEFORE, back over the holidays"],
    ["systemAccessProcessing", "2027-11-15", "2027-11-23", "ANX2-4: over 18 November"],
    ["securityIncidentNotice", "2027-03-25", "2027-03-30", "ANX2-18: over Good Friday and Easter Monday"],
  ])("%s from %s is due %s (%s)", (kind, event, due) => {
    const d = deadlineFor(kind, event, seeded);
    expect(d.due).toBe(due);
    expect(d.rule).toBe(DEADLINE_RULES[kind]);
  });

  it("every rule cites a requirement and has a positive whole count", () => {
    for (const rule of Object.values(DEADLINE_RULES)) {
      expect(rule.requirement).toMatch(/^(CON|ANX1|ANX2)-\d+$/);
      expect(Number.isInteger(rule.count) && rule.count > 0).toBe(true);
    }
  });

  it("uses the calendar it is given (moved working days)", () => {
    const calendar = latvianCalendar({
      extraDaysOff: [],
      movedWorkingDays: [{ dayOff: "2030-05-03", workingOn: "2030-05-11", source: "test (hypothetical)" }],
    });
    expect(deadlineFor("suspensionNotice", "2030-05-02", calendar).due).toBe("2030-05-07");
    expect(deadlineFor("suspensionNotice", "2030-05-02", seeded).due).toBe("2030-05-03");
  });
});

describe("overdue", () => {
  const notice = deadlineFor("suspensionNotice", "2025-11-17", seeded); // due 2025-11-19
  it.each<[string, string | undefined, boolean, string]>([
    ["2025-11-18T10:00:00Z", undefined, false, "before the due date"],
    ["2025-11-19T21:59:59Z", undefined, false, "23:59:59 on the due date in Riga"],
    ["2025-11-19T22:00:00Z", undefined, true, "midnight in Riga, still the due date in UTC"],
    ["2026-02-01T00:00:00Z", "2025-11-19", false, "done on the due date"],
    ["2026-02-01T00:00:00Z", "2025-11-18", false, "done early"],
    ["2025-11-19T10:00:00Z", "2025-11-20", true, "done late (a record, whatever now is)"],
  ])("at %s, done %s → %s (%s)", (now, doneOn, expected) => {
    expect(notice.overdue(new Date(now), doneOn)).toBe(expected);
  });
  it("a summer due date turns overdue at 21:00 UTC (UTC+3)", () => {
    const d = deadlineFor("changeNotice", "2026-07-01", seeded); // due 2026-07-08
    expect(d.due).toBe("2026-07-08");
    expect(d.overdue(new Date("2026-07-08T20:59:59Z"))).toBe(false);
    expect(d.overdue(new Date("2026-07-08T21:00:00Z"))).toBe(true);
  });
});
