/**
 * The operator's workplace over HTTP, signed in through the real broker and eParaksts stand-in
 * (issue 6 item 3; CON-5, CON-6, ANX1-1..4): the queue with overdue marks, institutions,
 * suspending an institution / a user / an administrator with a required reason, the notice in
 * the outbox, refusals naming the missing right, CSRF and PRG.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedHandle } from "../../core/module/index.ts";
import { enqueueMail } from "../../core/outbox/index.ts";
import { testDatabaseKinds } from "../../db/testing.ts";
import type { Browserless, TestPlatform } from "../../identity/testing/test-platform.ts";
import type { EhealthTransaction } from "../database.ts";
import { csrfTokenOf, signInToEhealth } from "../testing/sign-in.ts";
import { startEhealthTestPlatform } from "../testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../testing/workplace-fixture.ts";

describe.each(testDatabaseKinds())("operator's workplace ($name)", (kind) => {
  let platform: TestPlatform;
  let world: WorkplaceWorld;
  let operator: Browserless;

  beforeAll(async () => {
    platform = await startEhealthTestPlatform(kind, { ehealth: { seedDemo: false } });
    world = await buildWorkplaceWorld(platform.database.db);
    ({ browser: operator } = await signInToEhealth(platform, world.operator, "professional"));
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
  });

  const page = async (browser: Browserless, path: string) => {
    const response = await browser.request(path);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get("location"),
    };
  };
  const institutionPath = () => `/ehealth/operator/institutions/${world.hospital.registrationNumber}`;

  it("CON-5: shows a notice that missed its day, in Latvian and English", async () => {
    const before = await page(operator, "/ehealth/operator/");
    expect(before.html).not.toContain("Nokavēti paziņojumi");
    await platform.database.db.transaction().execute((trx: EhealthTransaction) =>
      enqueueMail(
        sharedHandle(trx),
        {
          kind: "institution.suspended",
          to: "late-notice@example.test",
          subject: "Piekļuve apturēta (nokavēts)",
          body: "Pamatojums: pārbaude",
          registrationNumber: world.hospital.registrationNumber,
          sendBy: "2020-01-02",
        },
        new Date("2020-01-01T08:00:00Z"),
      ),
    );
    const lv = await page(operator, "/ehealth/operator/");
    expect(lv.html).toMatch(/Nokavēti paziņojumi iestādēm[\s\S]*02.01.2020[\s\S]*late-notice@example.test/);
    const en = await page(operator, "/ehealth/operator/?lang=en");
    expect(en.html).toContain("Notices to institutions past their deadline (CON-5)");
    await page(operator, "/ehealth/operator/?lang=lv"); // the language choice is a cookie: back to Latvian
  });

  it("ANX1-1..4: lists the applications queue with due dates and an overdue mark, and the institutions", async () => {
    const home = await page(operator, "/ehealth/operator/");
    expect(home.status).toBe(200);
    expect(home.html).toContain("Operatora darba vieta");
    expect(home.html).toContain(world.hospital.name);
    expect(home.html).toContain(world.practice.name);
    expect(home.html).toContain("New department users");
    expect(home.html).toMatch(/class="overdue"[\s\S]*?Nokavēts/);
    // The small practice has no administrator: the operator handles its users' rights (ANX1-3).
    expect(home.html).toContain("nav (operators)");
    // The testbed is on: the mail page is linked.
    expect(home.html).toContain('href="/testbed/mail/"');
    expect(home.html).toContain('href="/ehealth/reports/operator"');
    const en = await page(operator, "/ehealth/operator/?lang=en");
    expect(en.html).toContain("Applications queue (annex 1)");
    expect(en.html).toContain("Overdue");
    await page(operator, "/ehealth/operator/?lang=lv");
  });

  it("refuses the workplace to a person without the operator's right, naming it", async () => {
    const { browser } = await signInToEhealth(platform, world.doctor, "professional");
    const refused = await page(browser, "/ehealth/operator/");
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Šī darba vieta jums nav pieejama");
    expect(refused.html).toContain("operatora darba vieta");
    // The refusal page can sign out (another person may be at this computer).
    expect(refused.html).toContain('action="/ehealth/signout/professional"');
    const audit = await platform.database.db
      .selectFrom("audit_log")
      .select(["action", "object", "outcome"])
      .where("actor", "=", `PNOLV-${world.doctor.personalCode}`)
      .where("outcome", "=", "denied")
      .execute();
    expect(audit).toContainEqual({
      action: "ehealth.workplace.refused",
      object: "workplace:operator",
      outcome: "denied",
    });
  }, 120_000);

  it("CON-6: a status change needs a reason (message next to the field) and the session's CSRF token", async () => {
    const form = await page(operator, institutionPath());
    const csrf = csrfTokenOf(form.html);
    const noReason = await operator.request(`${institutionPath()}/status`, {
      form: { _csrf: csrf, event: "suspend", reason: "  " },
    });
    expect(noReason.status).toBe(400);
    const html = await noReason.text();
    expect(html).toMatch(/id="institution-reason-error"[^>]*>Norādiet iemeslu\./);
    expect(html).toMatch(
      /aria-invalid="true"[^>]*aria-describedby="institution-reason-hint institution-reason-error"/,
    );
    const noCsrf = await operator.request(`${institutionPath()}/status`, {
      form: { event: "suspend", reason: "Contract breach" },
    });
    expect(noCsrf.status).toBe(403);
    const institution = await platform.database.db
      .selectFrom("ehealth_institution")
      .select("status")
      .where("registration_number", "=", world.hospital.registrationNumber)
      .executeTakeFirstOrThrow();
    expect(institution.status).toBe("active");
  });

  it("CON-6 + CON-5: suspending an institution redirects (PRG), records history and audit, and queues the notice", async () => {
    const form = await page(operator, institutionPath());
    const done = await operator.request(`${institutionPath()}/status`, {
      form: { _csrf: csrfTokenOf(form.html), event: "suspend", reason: "Unpaid invoices since March" },
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${institutionPath()}?done=suspend&notice=1`);
    const after = await page(operator, done.headers.get("location")!);
    expect(after.html).toContain("Piekļuve apturēta.");
    expect(after.html).toContain("Paziņojums iestādei ievietots nosūtāmo vēstuļu rindā");
    expect(after.html).toContain("Unpaid invoices since March");
    const db = platform.database.db;
    const outbox = await db
      .selectFrom("mail_outbox")
      .select(["to_address", "kind", "status"])
      .where("registration_number", "=", world.hospital.registrationNumber)
      .execute();
    expect(outbox).toContainEqual(
      expect.objectContaining({ to_address: world.hospital.contactEmail, kind: "institution.suspended" }),
    );
    const audit = await db
      .selectFrom("audit_log")
      .select(["actor", "outcome", "object"])
      .where("action", "=", "ehealth.institution.suspended")
      .execute();
    expect(audit).toEqual([
      {
        actor: `PNOLV-${world.operator.personalCode}`,
        outcome: "success",
        object: `institution:${world.hospital.registrationNumber}`,
      },
    ]);
    // Suspended: only restore and annul are offered now; restoring works the same way.
    expect(after.html).not.toContain('value="suspend"');
    const restored = await operator.request(`${institutionPath()}/status`, {
      form: { _csrf: csrfTokenOf(after.html), event: "restore", reason: "Invoices paid" },
    });
    expect(restored.status).toBe(303);
  });

  it("CON-6: suspends a user's and an administrator's access with a reason; the institution is told", async () => {
    const userPath = `${institutionPath()}/users/${world.nurseUser.id}`;
    const userPage = await page(operator, userPath);
    expect(userPage.status).toBe(200);
    const suspended = await operator.request(`${userPath}/status`, {
      form: { _csrf: csrfTokenOf(userPage.html), event: "suspend", reason: "Left on leave" },
    });
    expect(suspended.status).toBe(303);
    const adminPath = `${institutionPath()}/administrators/${world.hospitalAdministrator.id}`;
    const adminPage = await page(operator, adminPath);
    const adminSuspended = await operator.request(`${adminPath}/status`, {
      form: { _csrf: csrfTokenOf(adminPage.html), event: "suspend", reason: "Investigation" },
    });
    expect(adminSuspended.status).toBe(303);
    const adminAfter = await page(operator, adminSuspended.headers.get("location")!);
    expect(adminAfter.html).toContain("apturēts");
    const kinds = await platform.database.db
      .selectFrom("mail_outbox")
      .select("kind")
      .where("registration_number", "=", world.hospital.registrationNumber)
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["user.suspended"]));
    // Restore the administrator for the tests that follow.
    await operator.request(`${adminPath}/status`, {
      form: { _csrf: csrfTokenOf(adminAfter.html), event: "restore", reason: "Cleared" },
    });
  });

  it("ANX1-3: grants a right at the small practice without an administrator, but not at the hospital (ANX1-5)", async () => {
    const practiceRights = `/ehealth/operator/institutions/${world.practice.registrationNumber}/rights/`;
    const overview = await page(operator, practiceRights);
    expect(overview.status).toBe(200);
    expect(overview.html).toContain("Jūs rīkojaties kā operators");
    const granted = await operator.request(`${practiceRights}grant`, {
      form: {
        _csrf: csrfTokenOf(overview.html),
        user: world.smallUserUser.id,
        role: "doctor",
        ground: "Annex 1 small-institution form",
        evidence: "APP-2026-17",
      },
    });
    expect(granted.status).toBe(303);
    const after = await page(operator, granted.headers.get("location")!);
    expect(after.html).toContain("Tiesības piešķirtas.");
    expect(after.html).toContain("APP-2026-17");

    const hospitalRights = `${institutionPath()}/rights/`;
    const hospitalOverview = await page(operator, hospitalRights);
    const refused = await operator.request(`${hospitalRights}grant`, {
      form: {
        _csrf: csrfTokenOf(hospitalOverview.html),
        user: world.doctorUser.id,
        role: "doctor",
        ground: "Try",
        evidence: "X-1",
      },
    });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("rights.grant@40003000001");
    // The refusal page can sign out and says what to do next, in Latvian only (no policy English).
    expect(html).toContain('action="/ehealth/signout/professional"');
    expect(html).toContain("Ko darīt tālāk");
    expect(html).not.toMatch(/no right to|nobody may/);
  });

  it("ANX1-3: processes an application from the queue (outcome required); it leaves the queue", async () => {
    const home = await page(operator, "/ehealth/operator/");
    const link = /href="(\/ehealth\/operator\/applications\/[^"]+)"/.exec(home.html)?.[1];
    expect(link).toBeDefined();
    const form = await page(operator, link!);
    expect(form.status).toBe(200);
    const noOutcome = await operator.request(link!, { form: { _csrf: csrfTokenOf(form.html), note: "x" } });
    expect(noOutcome.status).toBe(400);
    expect(await noOutcome.text()).toContain("Izvēlieties rezultātu.");
    const done = await operator.request(link!, {
      form: { _csrf: csrfTokenOf(form.html), outcome: "processed", note: "Users created" },
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/ehealth/operator/?done=processed");
    const after = await page(operator, done.headers.get("location")!);
    expect(after.html).toContain("Pieteikums apstrādāts.");
    expect(after.html).not.toContain(link!);
    const row = await platform.database.db
      .selectFrom("ehealth_application")
      .select(["status", "processing_note", "processed_by"])
      .where("id", "=", link!.split("/").pop()!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: "processed",
      processing_note: "Users created",
      processed_by: `PNOLV-${world.operator.personalCode}`,
    });
  });

  it("unknown institutions and foreign ids are not found", async () => {
    const unknown = await page(operator, "/ehealth/operator/institutions/40003999999");
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('action="/ehealth/signout/professional"');
    const foreign = `/ehealth/operator/institutions/${world.practice.registrationNumber}/users/${world.nurseUser.id}`;
    expect((await page(operator, foreign)).status).toBe(404);
  });
});
