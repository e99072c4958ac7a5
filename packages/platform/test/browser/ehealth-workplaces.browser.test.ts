/**
 * The e-health workplaces in Debian's Chromium (issue 6 items 2 and 3): the institution
 * administrator signs in with eParaksts Mobile through our broker and grants a doctor a right
 * (ANX1-5: ground and evidence; the empty form shows its errors), and the operator suspends an
 * institution with a reason (CON-6) and sees that the notice was queued (CON-5). axe-core
 * checks every page, in Latvian and in English.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/core/outbox/index.ts";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { listContracts } from "../../src/ehealth/adapters/contract-store.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../src/ehealth/testing/workplace-fixture.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { launchChromium } from "./browser.ts";

let platform: TestPlatform;
let world: WorkplaceWorld;
let browser: Browser;

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  world = await buildWorkplaceWorld(platform.database.db);
  browser = await launchChromium();
}, 300_000); // a database and a browser on a busy two-core machine

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`),
  ).toEqual([]);
}

/** From a page that sent us to sign in: eParaksts → the stand-in's phone page → back. */
async function signInWithEparaksts(page: Page, personalCode: string): Promise<void> {
  await page.waitForURL(/\/signin\//);
  await expectAccessible(page);
  await page.getByRole("button", { name: "eParaksts" }).click();
  await page.waitForURL(/testbed\/eparaksts/);
  await page.getByLabel(/Lietotāja numurs|User number/).fill(personalCode);
  await page.getByLabel("PIN1").fill("1234");
  await page.getByRole("button", { name: /Apstiprināt|Approve/ }).click();
}

describe("e-health workplaces in the browser", () => {
  it("ANX1-5: the administrator grants a doctor a right (lv, then en), accessible throughout", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      // A form sent back with its errors answers 400, which Chromium reports as a failed load.
      if (m.type() === "error" && !m.text().includes("status of 400")) consoleErrors.push(m.text());
    });

    await page.goto(`${platform.base}/ehealth/administrator/`);
    await signInWithEparaksts(page, world.administrator.personalCode);
    await page.waitForURL(new RegExp(`/ehealth/administrator/${world.hospital.registrationNumber}/`));
    expect(await page.textContent("h1")).toBe("Lietotāji un tiesības");
    await expectAccessible(page);

    // The empty form: errors at the top and next to each field.
    await page.getByRole("button", { name: "Piešķirt" }).click();
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    expect(await page.locator("#grant-ground-error").textContent()).toBe("Norādiet pamatojumu.");
    await expectAccessible(page);

    await page
      .getByLabel("Lietotājs")
      .selectOption({ label: `${world.doctor.givenName} ${world.doctor.familyName} (doctor)` });
    await page.getByLabel("Loma", { exact: true }).selectOption("doctor");
    await page.getByLabel("Pamatojums").fill("Pieņemts darbā kardioloģijā");
    await page.getByLabel("Pierādījums").fill("Rīkojums 12/2026");
    await page.getByRole("button", { name: "Piešķirt" }).click();
    await page.waitForURL(/done=grant/);
    expect(await page.getByRole("status").textContent()).toContain("Tiesības piešķirtas.");
    expect(
      await page
        .locator("#history ~ div table, section[aria-labelledby=history] table")
        .first()
        .textContent(),
    ).toContain("Rīkojums 12/2026");
    await expectAccessible(page);

    const rights = await platform.database.db
      .selectFrom("ehealth_right")
      .select(["role", "status"])
      .where("person_code", "=", world.doctor.personalCode)
      .execute();
    expect(rights).toEqual([{ role: "doctor", status: "active" }]);

    // ANX2-3: the institution's connection applications, in both languages.
    await page.goto(
      `${platform.base}/ehealth/administrator/${world.hospital.registrationNumber}/connections`,
    );
    expect(await page.textContent("h1")).toBe("Sistēmu pieslēgumi");
    await expectAccessible(page);
    await page.goto(
      `${platform.base}/ehealth/administrator/${world.hospital.registrationNumber}/connections?lang=en`,
    );
    expect(await page.textContent("h1")).toBe("System connections");
    await expectAccessible(page);
    await page.goto(`${platform.base}/ehealth/administrator/${world.hospital.registrationNumber}/?lang=lv`);

    await page.getByRole("link", { name: "English" }).click();
    expect(await page.textContent("h1")).toBe("Users and rights");
    expect(await page.textContent("html")).toContain("Full history of rights");
    await expectAccessible(page);
    await page.getByRole("link", { name: /^Manage .*, doctor$/ }).click();
    expect(await page.textContent("h1")).toBe(`${world.doctor.givenName} ${world.doctor.familyName}: doctor`);
    await expectAccessible(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("CON-6 + CON-5: the operator suspends an institution with a reason; the notice is queued (en, then lv)", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${platform.base}/ehealth/operator/`);
    await signInWithEparaksts(page, world.operator.personalCode);
    await page.waitForURL(/\/ehealth\/operator\/$/);
    expect(await page.textContent("h1")).toBe("Operator's workplace");
    expect(await page.locator("tr.overdue").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    // An application of the queue, then back.
    await page.locator("tr.overdue a", { hasText: "Process" }).first().click();
    expect(await page.textContent("h1")).toMatch(/^Application: /);
    await expectAccessible(page);
    await page.goBack();

    await page.getByRole("link", { name: world.hospital.name }).first().click();
    expect(await page.textContent("h1")).toBe(world.hospital.name);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Save" }).click(); // nothing chosen: both errors shown
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel("Suspend", { exact: true }).check();
    await page.getByLabel("Reason", { exact: true }).fill("Security incident under investigation");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/done=suspend/);
    const status = await page.getByRole("status").textContent();
    expect(status).toContain("Access suspended.");
    expect(status).toContain("A notice to the institution was queued");
    expect(await page.textContent("html")).toContain("Security incident under investigation");
    await expectAccessible(page);

    const outbox = await platform.database.db
      .selectFrom("mail_outbox")
      .select(["to_address", "kind"])
      .where("registration_number", "=", world.hospital.registrationNumber)
      .execute();
    expect(outbox).toContainEqual({ to_address: world.hospital.contactEmail, kind: "institution.suspended" });

    await page.getByRole("link", { name: "Latviski" }).click();
    expect(await page.textContent("html")).toContain("Statusa vēsture");
    await expectAccessible(page);

    // A user's access page (CON-6), then sign-out through the broker (RP-initiated logout).
    await page.getByRole("link", { name: new RegExp(`Mainīt statusu ${world.doctor.givenName}`) }).click();
    expect(await page.textContent("h1")).toBe(
      `Lietotājs: ${world.doctor.givenName} ${world.doctor.familyName}`,
    );
    await expectAccessible(page);
    await page.getByRole("button", { name: "Iziet" }).click();
    await page.waitForURL(/\/oidc\/session\/end/);
    await page.getByRole("button", { name: /Jā, iziet|Yes, sign me out/ }).click();
    await page.waitForURL(/\/ehealth\/signed-out/);
    expect(await page.textContent("h1")).toBe("Jūs esat izgājis");
    await expectAccessible(page);
    await page.goto(`${platform.base}/ehealth/operator/`);
    await page.waitForURL(/\/signin\//); // the session is gone: sign in again
    await context.close();
  });

  it("the operator's other pages, each in Latvian and English: late notices, access reports, a small institution's rights, the registration forms", async () => {
    // A CON-5 notice that missed its day, so the operator's page shows that section too.
    await platform.database.db.transaction().execute((trx) =>
      enqueueMail(
        trx,
        {
          kind: "institution.suspended",
          to: world.practice.contactEmail,
          subject: "Piekļuve apturēta",
          body: "Pamatojums: pārbaude",
          registrationNumber: world.practice.registrationNumber,
          sendBy: "2020-01-02",
        },
        new Date("2020-01-01T08:00:00Z"),
      ),
    );
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    await page.goto(`${platform.base}/ehealth/operator/`);
    await signInWithEparaksts(page, world.operator.personalCode);
    await page.waitForURL(/\/ehealth\/operator\/$/);
    const [practiceContract] = await listContracts(platform.database.db, world.practice.registrationNumber);
    // A person's report through its form (posted): the address names the person by a reference.
    await page.goto(`${platform.base}/ehealth/reports/operator`);
    await page.getByLabel("Pārskata veids").selectOption("patient");
    await page.getByLabel("Personas kods vai reģistrācijas numurs").fill(world.doctor.personalCode);
    await page.getByRole("button", { name: "Rādīt" }).click();
    await page.waitForURL(/\/ehealth\/reports\/operator\?/);
    const personReport = new URL(page.url());
    expect(personReport.toString()).not.toContain(world.doctor.personalCode);
    const pages = [
      ["/ehealth/operator/", "Nokavēti paziņojumi iestādēm"],
      ["/ehealth/reports/operator", "Piekļuves"],
      [`${personReport.pathname}${personReport.search}`, "Piekļuves"],
      [`/ehealth/reports/operator?kind=institution&id=${world.hospital.registrationNumber}`, "Piekļuves"],
      [`/ehealth/operator/institutions/${world.practice.registrationNumber}/rights/`, world.practice.name],
      // CON-1, ANX1-3, ANX1-4: the registration forms.
      ["/ehealth/operator/register/institution", "Reģistrēt iestādi"],
      [
        `/ehealth/operator/institutions/${world.practice.registrationNumber}/register/contract`,
        "Pievienot līgumu",
      ],
      [
        `/ehealth/operator/institutions/${world.hospital.registrationNumber}/register/administrator`,
        "Iecelt administratoru",
      ],
      [
        `/ehealth/operator/institutions/${world.practice.registrationNumber}/register/user`,
        "Pievienot lietotāju",
      ],
      // ANX2-3, ANX2-4: the systems' connection applications and the approved versions.
      ["/ehealth/operator/connections", "Sistēmu pieslēguma pieteikumi"],
      // CON-14: ending a contract.
      [
        `/ehealth/operator/institutions/${world.practice.registrationNumber}/contracts/${practiceContract?.id}/terminate`,
        "Izbeigt līgumu",
      ],
    ] as const;
    for (const [path, text] of pages) {
      await page.goto(`${platform.base}${path}`);
      expect(await page.getAttribute("html", "lang"), path).toBe("lv");
      expect(await page.textContent("main"), path).toContain(text);
      await expectAccessible(page);
      const english = new URL(page.url());
      english.searchParams.set("lang", "en");
      await page.goto(english.toString());
      expect(await page.getAttribute("html", "lang"), path).toBe("en");
      await expectAccessible(page);
      english.searchParams.set("lang", "lv");
      await page.goto(english.toString());
    }
    // A registration form sent with bad fields: the summary and the messages at the fields.
    await page.goto(`${platform.base}/ehealth/operator/register/institution`);
    await page.getByLabel("Reģistrācijas numurs").fill("123");
    await page.getByRole("button", { name: "Saglabāt" }).click();
    await page.waitForSelector(".error-summary");
    expect(await page.textContent(".error-summary")).toContain("Reģistrācijas numurs ir 11 cipari.");
    await expectAccessible(page);
    await context.close();
  });
});
