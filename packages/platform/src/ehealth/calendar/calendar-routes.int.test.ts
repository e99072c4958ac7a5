/**
 * The operator's working-day calendar page on both databases: a signed-in operator sees a year's
 * entries (dates dd.mm.gggg, Latvian and English), adds a moved working day through the form
 * (CSRF, server-side checks with messages at the fields, PRG 303, audit record), after which due
 * dates computed use it and a pending application's due dates follow; others are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { TestPlatform } from "../../identity/testing/test-platform.ts";
import { getApplication, insertApplication } from "../adapters/application-store.ts";
import { deadlineFor } from "../core/deadlines.ts";
import { createTestSession, type TestSession } from "../testing/session.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";
import { loadWorkingDayCalendar } from "./calendar-store.ts";

const PATH = "/ehealth/operator/calendar";

describe.each(testDatabaseKinds())("operator's working-day calendar page ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let operator: TestSession;
  let doctor: TestSession;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    operator = await createTestSession(platform.database.db, world.operator, "professional");
    doctor = await createTestSession(platform.database.db, world.doctor, "professional");
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const get = (session: TestSession, url: string) =>
    platform.app.inject({ method: "GET", url, headers: { accept: "text/html", cookie: session.cookie } });
  const post = (session: TestSession, form: Record<string, string>, csrf = session.csrf) =>
    platform.app.inject({
      method: "POST",
      url: `${PATH}?year=2027`,
      headers: {
        accept: "text/html",
        cookie: session.cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  const move2027 = {
    kind: "moved-working-day",
    dayOff: "03.05.2027",
    worksOn: "08.05.2027",
    source: "Testa rīkojums (hipotētisks, nevis 2027. gada rīkojums)",
  };

  it("shows a year's entries with dates as dd.mm.gggg, in Latvian and English, with the form", async () => {
    const home = await get(operator, "/ehealth/operator/");
    expect(home.body).toContain(`href="${PATH}"`);
    const lv = await get(operator, `${PATH}?year=2025`);
    expect(lv.statusCode).toBe(200);
    expect(lv.body).toContain("<h1>Darba dienu kalendārs</h1>");
    expect(lv.body).toContain("<td>17.11.2025</td><td>Pārcelta darba diena</td><td>08.11.2025</td>");
    expect(lv.body).toContain("sākotnējie dati");
    expect(lv.body).not.toContain("2025-11-17");
    expect(lv.body).toContain(`name="_csrf" value="${operator.csrf}"`);
    expect(lv.body).toMatch(/<label for="calendar-dayOff">Diena, kas kļūst par brīvdienu<\/label>/);
    const en = await get(operator, `${PATH}?year=2027&lang=en`);
    expect(en.body).toContain("<h1>Working-day calendar</h1>");
    expect(en.body).toContain("No entries for this year.");
    await get(operator, `${PATH}?lang=lv`);
  });

  it("bad fields come back with messages next to them (400), nothing saved", async () => {
    const bad = await post(operator, {
      kind: "moved-working-day",
      dayOff: "31.02.2027",
      worksOn: "",
      source: "",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toMatch(/id="calendar-dayOff-error"[^>]*>Norādiet esošu datumu formā dd\.mm\.gggg\./);
    expect(bad.body).toMatch(/id="calendar-worksOn-error"[^>]*>Pārceltai darba dienai norādiet sestdienu/);
    expect(bad.body).toMatch(/id="calendar-source-error"[^>]*>Norādiet avotu/);
    // The calendar's own checks: a Friday is not a rest day to work on.
    const friday = await post(operator, { ...move2027, worksOn: "07.05.2027" });
    expect(friday.statusCode).toBe(400);
    expect(friday.body).toMatch(
      /id="calendar-worksOn-error"[^>]*>Darba dienai tās vietā jābūt sestdienai vai svētdienai\./,
    );
    expect(friday.body).toContain('value="07.05.2027"');
    const calendar = await loadWorkingDayCalendar(platform.database.db);
    expect(calendar.isWorkingDay("2027-05-03")).toBe(true);
  });

  it("without the session's CSRF token the form is refused", async () => {
    const response = await post(operator, move2027, "not-the-token");
    expect(response.statusCode).toBe(403);
  });

  it("a professional without the operator's right is refused by the workplace", async () => {
    expect((await get(doctor, PATH)).statusCode).toBe(403);
    expect((await post(doctor, move2027)).statusCode).toBe(403);
  });

  it("adding a moved working day redirects (PRG), is audited, and due dates computed afterwards use it", async () => {
    const db = platform.database.db;
    const pending = await insertApplication(
      db,
      {
        registrationNumber: world.hospital.registrationNumber,
        kind: "change",
        summary: "contact person changed",
        effectiveOn: "2027-04-29",
        receivedOn: "2027-04-29",
      },
      new Date(),
    );
    expect(pending.processingDue).toBe("2027-05-07");
    const done = await post(operator, move2027);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${PATH}?year=2027&done=added`);
    const after = await get(operator, String(done.headers.location));
    expect(after.body).toContain("Ieraksts pievienots.");
    expect(after.body).toContain("<td>03.05.2027</td><td>Pārcelta darba diena</td><td>08.05.2027</td>");
    expect(after.body).toContain(world.operator.personalCode);

    const calendar = await loadWorkingDayCalendar(db);
    expect(deadlineFor("suspensionNotice", "2027-04-30", calendar).due).toBe("2027-05-05");
    expect((await getApplication(db, pending.id)).processingDue).toBe("2027-05-08");
    const audit = await db
      .selectFrom("audit_log")
      .select(["actor", "acting_for", "object", "outcome"])
      .where("action", "=", "ehealth.calendar.entry-added")
      .execute();
    expect(audit).toEqual([
      {
        actor: `PNOLV-${world.operator.personalCode}`,
        acting_for: "operator",
        object: expect.stringMatching(/^calendar-entry:\d+$/),
        outcome: "success",
      },
    ]);

    // The same day again: a message at the field, nothing saved.
    const again = await post(operator, { ...move2027, worksOn: "15.05.2027" });
    expect(again.statusCode).toBe(400);
    expect(again.body).toMatch(/id="calendar-dayOff-error"[^>]*>Šo dienu jau maina spēkā esošs ieraksts\./);
  });

  it("withdrawing an entry asks the reason, keeps it in history, redirects and recomputes", async () => {
    const db = platform.database.db;
    const [entry] = (await loadEntries2027()).filter((e) => e.withdrawn_at === null);
    const path = `${PATH}/${entry!.id}/withdraw`;
    expect((await get(operator, `${PATH}?year=2027`)).body).toContain(`href="${path}"`);
    const form = await get(operator, path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<h1>Atsaukt ierakstu</h1>");
    expect(form.body).toContain("<dd>03.05.2027</dd>");
    const post = (reason: string) =>
      platform.app.inject({
        method: "POST",
        url: path,
        headers: { cookie: operator.cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ _csrf: operator.csrf, reason }).toString(),
      });
    const empty = await post("");
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/id="withdraw-reason-error"[^>]*>Norādiet atsaukšanas iemeslu\./);
    const done = await post("rīkojums grozīts");
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${PATH}?year=2027&done=withdrawn`);
    const after = await get(operator, String(done.headers.location));
    expect(after.body).toContain("Ieraksts atsaukts.");
    expect(after.body).toMatch(/Atsaukts \d{2}\.\d{2}\.\d{4}: rīkojums grozīts/);
    expect((await loadWorkingDayCalendar(db)).isWorkingDay("2027-05-03")).toBe(true);
    const again = await post("vēlreiz");
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Šis ieraksts jau ir atsaukts.");
    expect(
      await db
        .selectFrom("audit_log")
        .select("object")
        .where("action", "=", "ehealth.calendar.entry-withdrawn")
        .where("outcome", "=", "success")
        .execute(),
    ).toEqual([{ object: `calendar-entry:${entry!.id}` }]);
    expect((await get(operator, `${PATH}/999999/withdraw`)).statusCode).toBe(404);
  });

  const loadEntries2027 = () =>
    platform.database.db
      .selectFrom("ehealth_calendar_entry")
      .select(["id", "withdrawn_at"])
      .where("day_off", "like", "2027-%")
      .execute();
});
