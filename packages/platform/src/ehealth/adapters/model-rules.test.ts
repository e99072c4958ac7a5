/** The pure rules of the model: due dates (ANX1-1..4), retention (CON-7, ANX1-5), overdue marks. */
import { describe, expect, it } from "vitest";
import { SEED_CALENDAR_DATA } from "../calendar/seed-2024-2026.ts";
import { latvianCalendar } from "../core/working-days.ts";
import { type Application, applicationDueDates, isApplicationOverdue } from "./application-store.ts";
import { addYears, attestationRetainUntil } from "./people-store.ts";

describe("annex-1 application due dates", () => {
  // The calendar as a freshly migrated database holds it (the 2024–2026 moved working days).
  const seeded = latvianCalendar(SEED_CALENDAR_DATA);
  it.each([
    // ANX1-1: 30 calendar days after the contract; ANX1-3: processing 5 working days after receipt.
    ["small", "2026-02-02", undefined, "2026-02-20", "2026-03-04", "2026-02-27"],
    // Processing across Easter 2026 (Good Friday 3 April, Easter Monday 6 April).
    ["large", "2026-03-01", undefined, "2026-03-31", "2026-03-31", "2026-04-09"],
    // ANX1-2: a change is due 5 working days after it took effect (across the 1 May and 4 May holidays).
    ["change", undefined, "2026-04-29", "2026-05-05", "2026-05-08", "2026-05-12"],
  ] as const)(
    "%s application: contract %s, effective %s, received %s → due %s, processing by %s",
    (kind, contract, effective, received, submissionDue, processingDue) => {
      expect(
        applicationDueDates(
          {
            registrationNumber: "90000000001",
            kind,
            summary: "x",
            contractConcludedOn: contract,
            effectiveOn: effective,
            receivedOn: received,
          },
          seeded,
        ),
      ).toEqual({ submissionDue, processingDue });
    },
  );

  it("refuses a change without the day it took effect, and a first application without its contract", () => {
    expect(() =>
      applicationDueDates(
        {
          registrationNumber: "1",
          kind: "change",
          summary: "x",
          receivedOn: "2026-01-05",
        },
        seeded,
      ),
    ).toThrow(expect.objectContaining({ code: "bad-input", field: "effectiveOn" }));
    expect(() =>
      applicationDueDates(
        { registrationNumber: "1", kind: "large", summary: "x", receivedOn: "2026-01-05" },
        seeded,
      ),
    ).toThrow(expect.objectContaining({ code: "bad-input", field: "contractConcludedOn" }));
  });

  it("overdue from midnight Riga time after the processing due date, or when processed late", () => {
    const app = { processingDue: "2026-02-27", processedOn: null } as Application;
    expect(isApplicationOverdue(app, new Date("2026-02-27T21:59:59Z"))).toBe(false); // 23:59:59 in Riga
    expect(isApplicationOverdue(app, new Date("2026-02-27T22:00:00Z"))).toBe(true); // 00:00 on the 28th
    expect(
      isApplicationOverdue({ ...app, processedOn: "2026-02-27" }, new Date("2026-06-01T00:00:00Z")),
    ).toBe(false);
    expect(
      isApplicationOverdue({ ...app, processedOn: "2026-03-02" }, new Date("2026-03-02T00:00:00Z")),
    ).toBe(true);
  });
});

describe("retention (CON-7: attestation 10 years after employment ends; ANX1-5: history 10 years)", () => {
  it("adds whole years; 29 February becomes 28 February in a common year", () => {
    expect(attestationRetainUntil("2026-03-01")).toBe("2036-03-01");
    expect(addYears("2028-02-29", 10)).toBe("2038-02-28");
    expect(addYears("2028-02-29", 4)).toBe("2032-02-29");
    expect(addYears("2026-12-31", 10)).toBe("2036-12-31");
  });
});
