/**
 * The calendar as data on both databases: the migration's 2024–2026 seed, entering a moved
 * working day and an extra holiday (due dates computed afterwards and pending applications'
 * due dates follow), withdrawal (kept in history), refusals that write nothing, the audit
 * record of each change, and the database's own guard against rewriting history.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { getApplication, insertApplication } from "../adapters/application-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import { deadlineFor } from "../core/deadlines.ts";
import { EhealthError } from "../errors.ts";
import { addCalendarChangeFromCli, withdrawCalendarChangeFromCli } from "./calendar-service.ts";
import { insertCalendarEntry, listCalendarEntries, loadWorkingDayCalendar } from "./calendar-store.ts";
import { SEED_MOVED_WORKING_DAYS } from "./seed-2024-2026.ts";

const NOW = new Date("2026-12-07T10:00:00Z");
const MOVE_2027 = { kind: "moved-working-day", dayOff: "2027-05-03", worksOn: "2027-05-08" } as const;
const SOURCE = "test order (hypothetical, not the 2027 Cabinet order)";

describe.each(testDatabaseKinds())("calendar entries ($name)", (kind) => {
  let database: TestDatabase;
  const db = () => database.db;

  beforeAll(async () => {
    database = await kind.open();
    await insertInstitution(
      db(),
      {
        registrationNumber: "40003000077",
        name: "Kalendāra testa slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "kalendars@example.test",
      },
      "test",
      NOW,
    );
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  const audit = (action: string) =>
    db()
      .selectFrom("audit_log")
      .select(["actor", "object", "purpose", "outcome"])
      .where("action", "=", action)
      .execute();

  it("the migration seeds the 2024–2026 moved working days, so those years compute as before", async () => {
    const entries = await listCalendarEntries(db());
    expect(entries.map((e) => [e.dayOff, e.worksOn, e.enteredBy])).toEqual(
      SEED_MOVED_WORKING_DAYS.map((m) => [m.dayOff, m.worksOn, "migration"]),
    );
    const calendar = await loadWorkingDayCalendar(db());
    expect(calendar.isWorkingDay("2025-11-17")).toBe(false);
    expect(calendar.isWorkingDay("2025-11-08")).toBe(true);
    expect(deadlineFor("changeNotice", "2025-12-19", calendar).due).toBe("2026-01-05");
    expect(await listCalendarEntries(db(), { year: 2027 })).toEqual([]);
  });

  it("a moved working day changes due dates computed afterwards and pending applications' due dates", async () => {
    // In effect and received Thursday 29 April 2027: 5 working days → Friday 7 May without the entry.
    const application = await insertApplication(
      db(),
      {
        registrationNumber: "40003000077",
        kind: "change",
        summary: "contact person changed",
        effectiveOn: "2027-04-29",
        receivedOn: "2027-04-29",
      },
      NOW,
    );
    expect([application.submissionDue, application.processingDue]).toEqual(["2027-05-07", "2027-05-07"]);
    const before = await loadWorkingDayCalendar(db());
    expect(deadlineFor("suspensionNotice", "2027-04-30", before).due).toBe("2027-05-03");

    const result = await addCalendarChangeFromCli(db(), { change: MOVE_2027, source: SOURCE }, NOW);
    expect(result.entry).toMatchObject({ dayOff: "2027-05-03", worksOn: "2027-05-08", enteredBy: "cli" });
    expect(result.recomputed).toBe(1);

    const after = await loadWorkingDayCalendar(db());
    expect(deadlineFor("suspensionNotice", "2027-04-30", after).due).toBe("2027-05-05");
    const recomputed = await getApplication(db(), application.id);
    // Working days after 29 April: Fri 30, Wed 5, Thu 6, Fri 7, Sat 8 (worked).
    expect([recomputed.submissionDue, recomputed.processingDue]).toEqual(["2027-05-08", "2027-05-08"]);
    expect(await audit("ehealth.calendar.entry-added")).toEqual([
      {
        actor: "cli",
        object: `calendar-entry:${result.entry.id}`,
        purpose: "recomputed-applications=1",
        outcome: "success",
      },
    ]);
  });

  it("refuses a change that clashes with one in force or with the law's calendar, writing nothing", async () => {
    const count = async () => (await listCalendarEntries(db())).length;
    const n = await count();
    await expect(
      addCalendarChangeFromCli(
        db(),
        { change: { ...MOVE_2027, worksOn: "2027-05-15" }, source: SOURCE },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "bad-input", field: "dayOff", reason: "day-off-already-changed" });
    await expect(
      addCalendarChangeFromCli(
        db(),
        { change: { kind: "extra-holiday", dayOff: "2027-06-26" }, source: SOURCE },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "bad-input", reason: "day-off-not-weekday" });
    await expect(
      addCalendarChangeFromCli(
        db(),
        { change: { kind: "extra-holiday", dayOff: "2027-07-05" }, source: " " },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "bad-input", field: "source" });
    expect(await count()).toBe(n);
  });

  it("an extra holiday is a day off for deadlines computed afterwards", async () => {
    const result = await addCalendarChangeFromCli(
      db(),
      { change: { kind: "extra-holiday", dayOff: "2027-07-05" }, source: "test law (hypothetical)" },
      NOW,
    );
    expect(result.entry.kind).toBe("extra-holiday");
    const calendar = await loadWorkingDayCalendar(db());
    expect(deadlineFor("suspensionNotice", "2027-07-02", calendar).due).toBe("2027-07-06");
  });

  it("a withdrawal keeps the entry in history, restores the days, and recomputes; twice is a conflict", async () => {
    const [entry] = await listCalendarEntries(db(), { year: 2027, inForceOnly: true });
    expect(entry?.dayOff).toBe("2027-05-03");
    const result = await withdrawCalendarChangeFromCli(db(), entry!.id, "entered by mistake", NOW);
    expect(result.entry.withdrawn).toMatchObject({ by: "cli", reason: "entered by mistake" });
    expect(result.recomputed).toBe(1);
    const calendar = await loadWorkingDayCalendar(db());
    expect(calendar.isWorkingDay("2027-05-03")).toBe(true);
    expect((await listCalendarEntries(db(), { year: 2027 })).map((e) => e.dayOff)).toContain("2027-05-03");
    await expect(withdrawCalendarChangeFromCli(db(), entry!.id, "again", NOW)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(withdrawCalendarChangeFromCli(db(), "999999", "none", NOW)).rejects.toBeInstanceOf(
      EhealthError,
    );
    expect(await audit("ehealth.calendar.entry-withdrawn")).toHaveLength(1);
    // The same day may be entered again once the wrong entry is withdrawn.
    await addCalendarChangeFromCli(db(), { change: MOVE_2027, source: SOURCE }, NOW);
  });

  it("a change for a day already changed that slips past the check (a race) is refused by the index", async () => {
    const entry = { source: SOURCE, enteredBy: "test", now: NOW };
    await expect(
      insertCalendarEntry(db(), { kind: "extra-holiday", dayOff: "2025-11-17" }, entry),
    ).rejects.toMatchObject({ code: "bad-input", field: "dayOff", reason: "day-off-already-changed" });
    await expect(
      insertCalendarEntry(
        db(),
        { kind: "moved-working-day", dayOff: "2025-11-14", worksOn: "2025-11-08" },
        entry,
      ),
    ).rejects.toMatchObject({ code: "bad-input", field: "worksOn", reason: "works-on-already-changed" });
  });

  it("the database refuses deleting an entry or rewriting one", async () => {
    await expect(sql`delete from ehealth_calendar_entry`.execute(db())).rejects.toThrow(/never deleted/);
    await expect(
      sql`update ehealth_calendar_entry set source = 'rewritten' where day_off = '2025-11-17'`.execute(db()),
    ).rejects.toThrow(/only be withdrawn/);
    await expect(sql`truncate ehealth_calendar_entry`.execute(db())).rejects.toThrow();
  });
});
