/**
 * CON-10 in the browser: the doctor opens the patient's page in the portal, submits the consent
 * form empty (errors next to the fields, summary linking to them), then records a consent and
 * its withdrawal; axe-core (WCAG 2.1 A/AA) checks the page with errors and with the consents
 * listed, in Latvian and in English.
 */
import AxeBuilder from "@axe-core/playwright";
import { defaultStandInPersons } from "@tilts/testbed";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { insertContract } from "../../src/ehealth/adapters/contract-store.ts";
import { insertInstitution } from "../../src/ehealth/adapters/institution-store.ts";
import { upsertPatient } from "../../src/ehealth/adapters/patient-store.ts";
import { insertAttestation, insertUser } from "../../src/ehealth/adapters/people-store.ts";
import { grantRight } from "../../src/ehealth/adapters/rights-store.ts";
import { rigaDateOf } from "../../src/ehealth/core/calendar-date.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { launchChromium } from "./browser.ts";

const persons = defaultStandInPersons();
const doctor = persons[2]!;
const patient = persons[5]!;
const HOSPITAL = "40003000031";
const HOSPITAL_NAME = "Piekrišanu slimnīca";

let platform: TestPlatform;
let browser: Browser;

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  const now = new Date();
  await platform.database.db.transaction().execute(async (trx) => {
    const why = { actor: "system", at: now, ground: "test set-up", evidence: "fixture" };
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: HOSPITAL_NAME,
        kind: "hospital",
        staffSize: "large",
        contactEmail: "p@example.test",
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-2026/31", scope: "portal", concludedOn: "2026-01-05" },
      now,
    );
    const user = await insertUser(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: doctor.personalCode,
        givenName: doctor.givenName,
        familyName: doctor.familyName,
        profession: "doctor",
        workplace: "Terapijas nodaļa",
      },
      now,
    );
    await insertAttestation(trx, {
      signer: { kind: "user", user },
      formVersion: "1",
      signedAt: now,
      evidence: "f",
    });
    await grantRight(
      trx,
      { personCode: doctor.personalCode, registrationNumber: HOSPITAL, role: "doctor" },
      why,
    );
    await upsertPatient(
      trx,
      {
        personCode: patient.personalCode,
        givenName: patient.givenName,
        familyName: patient.familyName,
        birthDate: patient.birthDate,
      },
      now,
    );
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

describe("CON-10: informed consents on the portal's patient page", () => {
  it("errors next to the fields, then a consent and its withdrawal recorded; accessible in lv and en", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const returnTo = "/ehealth/portal/";
    await page.goto(`${platform.base}/ehealth/signin/professional?return=${encodeURIComponent(returnTo)}`);
    await page.waitForURL(/\/signin\//);
    await page.getByRole("button", { name: "eParaksts", exact: true }).click();
    await page.waitForURL(/testbed\/eparaksts/);
    await page.getByLabel("Lietotāja numurs (personas kods)").fill(doctor.personalCode);
    await page.getByLabel("PIN1").fill("1234");
    await page.getByRole("button", { name: "Apstiprināt" }).click();
    await page.waitForURL((url) => url.pathname.startsWith(returnTo));

    await page.getByLabel("Iestāde").selectOption(HOSPITAL);
    await page.getByLabel("Pacienta personas kods").fill(patient.personalCode);
    await page.getByLabel("Piekļuves mērķis").selectOption("treatment");
    await page.getByRole("button", { name: "Atrast" }).click();
    await page.waitForURL(/\/ehealth\/portal\/patient\?/);
    expect(await page.textContent("#consents-heading")).toBe("Informētās piekrišanas");
    await expectAccessible(page);

    // Submitted empty: the summary and the messages next to the fields, in Latvian.
    await page.getByRole("button", { name: "Reģistrēt" }).click();
    await page.waitForURL(/\/ehealth\/portal\/consent\?/);
    expect(await page.textContent("#consent-evidence-error")).toBe(
      "Norādiet pamatojumu, piemēram, veidlapas numuru.",
    );
    expect(await page.getByLabel("Pamatojums").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    // In English: the same form, the same errors.
    const english = new URL(page.url());
    english.searchParams.set("lang", "en");
    await page.goto(new URL(`/ehealth/portal/patient?${english.searchParams}`, platform.base).toString());
    await page.getByRole("button", { name: "Record" }).click();
    expect(await page.textContent("#consent-topic-error")).toBe("Choose the kind of consent.");
    await expectAccessible(page);

    await page.getByLabel("The patient gave consent").check();
    await page.getByLabel("Kind of consent").selectOption("treatment");
    await page.getByLabel("Date").fill(rigaDateOf(new Date()));
    await page.getByLabel("Evidence").fill("Form no. 12/2026");
    await page.getByRole("button", { name: "Record" }).click();
    await page.waitForURL(/notice=consent-given/);
    expect(await page.textContent("[role=status]")).toBe("The consent has been recorded.");
    expect(await page.locator("table.consents tbody").textContent()).toContain("Form no. 12/2026");
    await expectAccessible(page);

    await page.getByLabel("The patient withdrew consent").check();
    await page.getByLabel("Kind of consent").selectOption("treatment");
    await page.getByLabel("Date").fill(rigaDateOf(new Date()));
    await page.getByLabel("Evidence").fill("Withdrawal no. 3");
    await page.getByRole("button", { name: "Record" }).click();
    await page.waitForURL(/notice=consent-withdrawn/);
    expect(await page.locator("table.consents tbody").textContent()).toContain(
      "withdrawal: Withdrawal no. 3",
    );
    await expectAccessible(page);
    await context.close();
  }, 240_000);
});
