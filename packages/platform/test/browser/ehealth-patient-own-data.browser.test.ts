/**
 * A patient's own data (Usability), in Debian's Chromium: the patient signs in as a citizen, opens
 * their own document, restricts it (ticking the confirmation), a nurse of another institution opens
 * it in an emergency, and the patient sees that on the document and in their access report.
 * axe-core (WCAG 2.1 A/AA) checks each page in Latvian and in English. The nurse's read goes
 * through the portal's document action directly (the portal's own pages are covered elsewhere).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { createCdaSchemaValidator } from "../../src/ehealth/core/cda-schema.ts";
import { listDocuments, readDocument, seedDemoDocuments } from "../../src/ehealth/documents/index.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../src/ehealth/testing/workplace-fixture.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

let platform: TestPlatform;
let browser: Browser;
let world: WorkplaceWorld;

/** axe on the page in Latvian, then in English, then back to Latvian. */
async function expectAccessibleInBothLanguages(page: Page): Promise<void> {
  expect(await page.getAttribute("html", "lang")).toBe("lv");
  await expectAccessible(page);
  const url = new URL(page.url());
  for (const lang of ["en", "lv"]) {
    url.searchParams.set("lang", lang);
    await page.goto(url.toString());
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    if (lang === "en") await expectAccessible(page);
  }
}

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  const db = platform.database.db;
  world = await buildWorkplaceWorld(db);
  const person = (p: WorkplaceWorld["outsider"]) => ({
    personalCode: p.personalCode,
    givenName: p.givenName,
    familyName: p.familyName,
  });
  // Written at the practice; the nurse works at the hospital.
  await seedDemoDocuments(db, {
    patients: [person(world.outsider)],
    author: person(world.smallUser),
    institution: world.practice,
    ports: { schema: await createCdaSchemaValidator(), trust: { anchors: () => [] } },
    now: new Date(),
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

it("a patient opens their own document, restricts it, and sees a nurse's emergency access to it in their report", async () => {
  const context = await browser.newContext({ locale: "lv-LV" });
  const page = await context.newPage();
  const patient = world.outsider;
  await page.goto(
    `${platform.base}/ehealth/signin/citizen?return=${encodeURIComponent("/ehealth/my-data/")}`,
  );
  await page.waitForURL(/\/signin\//);
  await page.getByRole("button", { name: "eParaksts", exact: true }).click();
  await page.waitForURL(/testbed\/eparaksts/);
  await page.getByLabel("Lietotāja numurs (personas kods)").fill(patient.personalCode);
  await page.getByLabel("PIN1").fill("1234");
  await page.getByRole("button", { name: "Apstiprināt" }).click();
  await page.waitForURL((url) => url.pathname === "/ehealth/my-data/");
  expect(await page.textContent("h1")).toBe("Mani veselības dati");
  await expectAccessibleInBothLanguages(page);

  const [document] = await listDocuments(platform.database.db, patient.personalCode);
  await page.getByRole("link", { name: document!.title! }).click();
  await page.waitForURL(/\/ehealth\/my-data\/[0-9a-f-]{36}$/);
  expect(await page.locator(".cda-document").textContent()).not.toBe("");
  await expectAccessibleInBothLanguages(page);

  await page.getByLabel("Apstiprinu, ka dokumentu drīkst redzēt tikai iestāde, kas to izveidoja").check();
  await page.getByRole("button", { name: "Ierobežot piekļuvi" }).click();
  await page.waitForURL(/done=restricted/);
  expect(await page.getByRole("status").textContent()).toBe("Piekļuve dokumentam ierobežota.");
  await expectAccessibleInBothLanguages(page);

  await readDocument(
    platform.database.db,
    {
      personCode: world.nurse.personalCode,
      level: "high",
      institution: world.hospital.registrationNumber,
      purpose: "emergency",
      now: new Date(),
    },
    patient.personalCode,
    document!.id,
  );
  await page.reload();
  expect(await page.locator("main").textContent()).toContain(
    `Neatliekamā situācijā atvēra ${world.nurse.givenName} ${world.nurse.familyName}, ${world.hospital.name}`,
  );
  await page.goto(`${platform.base}/ehealth/my-report/`);
  expect(await page.locator("main").textContent()).toContain(
    "Jūsu ierobežoto dokumentu atvēra neatliekamā situācijā",
  );
  await expectAccessibleInBothLanguages(page);
  await context.close();
}, 240_000);
