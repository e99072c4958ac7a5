/**
 * Issue 6 acceptance, the story as people live it, in Debian's Chromium:
 *   1. the institution's administrator grants a doctor a right (ground + evidence);
 *   2. the doctor signs in with eParaksts Mobile (the testbed stand-in) and opens a patient's
 *      document with a stated purpose;
 *   3. the access appears in the patient's own report and in the institution's;
 *   4. the administrator suspends the right; the doctor's next attempt is refused, the page names
 *      the missing right, and the refusal is in the log;
 *   5. the operator suspends the institution and its notice is in the outbox (testbed mail page).
 * axe-core (WCAG 2.1 A/AA) checks every page, in Latvian and in English.
 *
 * The people are the eParaksts stand-in's persons (defaultStandInPersons), so they can sign in.
 * The data is set up through the e-health stores (not the demo seeding), so the story does not
 * depend on what the demo happens to contain.
 */
import AxeBuilder from "@axe-core/playwright";
import { defaultStandInPersons } from "@tilts/testbed";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { insertContract } from "../../src/ehealth/adapters/contract-store.ts";
import { insertInstitution } from "../../src/ehealth/adapters/institution-store.ts";
import { upsertPatient } from "../../src/ehealth/adapters/patient-store.ts";
import {
  insertAdministrator,
  insertAttestation,
  insertOperatorStaff,
  insertUser,
} from "../../src/ehealth/adapters/people-store.ts";
import { grantRight } from "../../src/ehealth/adapters/rights-store.ts";
import { createCdaSchemaValidator } from "../../src/ehealth/core/cda-schema.ts";
import { sampleDischargeSummary } from "../../src/ehealth/documents/cda-builder.ts";
import { checkUpload } from "../../src/ehealth/documents/check-upload.ts";
import { insertDocument } from "../../src/ehealth/documents/document-store.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { launchChromium } from "./browser.ts";

const persons = defaultStandInPersons();
const operator = persons[0]!;
const admin = persons[1]!;
const doctor = persons[2]!;
const patient = persons[5]!;
const HOSPITAL = "40003000021";
const HOSPITAL_NAME = "Stāsta slimnīca";
const HOSPITAL_EMAIL = "stasts@example.test";

let platform: TestPlatform;
let browser: Browser;
/** Pages checked by axe, lv and en: path → true. */
const checked = new Map<string, number>();

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${new URL(page.url()).pathname}: ${v.id}: ${v.help}`)).toEqual([]);
}

/** axe on the page as it is (Latvian), then the same address in English, then back to Latvian. */
async function expectAccessibleInBothLanguages(page: Page): Promise<void> {
  expect(await page.getAttribute("html", "lang")).toBe("lv");
  await expectAccessible(page);
  const url = new URL(page.url());
  url.searchParams.set("lang", "en");
  await page.goto(url.toString());
  expect(await page.getAttribute("html", "lang")).toBe("en");
  await expectAccessible(page);
  url.searchParams.set("lang", "lv");
  await page.goto(url.toString());
  expect(await page.getAttribute("html", "lang")).toBe("lv");
  checked.set(url.pathname, (checked.get(url.pathname) ?? 0) + 1);
}

/** Through the portal's sign-in: the broker's page → eParaksts → the stand-in's phone page (PIN1). */
async function signIn(
  page: Page,
  person: { personalCode: string },
  kind: "professional" | "citizen",
  returnTo: string,
) {
  await page.goto(`${platform.base}/ehealth/signin/${kind}?return=${encodeURIComponent(returnTo)}`);
  await page.waitForURL(/\/signin\//);
  // The broker's sign-in page, in Latvian and in English.
  await expectAccessibleInBothLanguages(page);
  await page.getByRole("button", { name: "eParaksts", exact: true }).click();
  await page.waitForURL(/testbed\/eparaksts/);
  await expectAccessible(page);
  await page.getByLabel("Lietotāja numurs (personas kods)").fill(person.personalCode);
  await page.getByLabel("PIN1").fill("1234");
  await page.getByRole("button", { name: "Apstiprināt" }).click();
  await page.waitForURL((url) => url.pathname.startsWith(returnTo.split("?")[0]!));
}

async function newPage(): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ locale: "lv-LV" });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  return { context, page, consoleErrors };
}

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  const now = new Date();
  const db = platform.database.db;
  await db.transaction().execute(async (trx) => {
    const why = { actor: "system", at: now, ground: "story set-up", evidence: "fixture" };
    await insertOperatorStaff(
      trx,
      { personCode: operator.personalCode, givenName: operator.givenName, familyName: operator.familyName },
      now,
    );
    await grantRight(
      trx,
      { personCode: operator.personalCode, registrationNumber: null, role: "operator" },
      why,
    );
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: HOSPITAL_NAME,
        kind: "hospital",
        staffSize: "large",
        contactEmail: HOSPITAL_EMAIL,
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-2026/21", scope: "both", concludedOn: "2026-01-05" },
      now,
    );
    const administrator = await insertAdministrator(
      trx,
      {
        registrationNumber: HOSPITAL,
        personCode: admin.personalCode,
        givenName: admin.givenName,
        familyName: admin.familyName,
        email: "admin@example.test",
        appointedOn: "2026-01-05",
      },
      now,
    );
    await insertAttestation(trx, {
      signer: { kind: "administrator", administrator },
      formVersion: "1",
      signedAt: now,
      evidence: "form-a",
    });
    await grantRight(
      trx,
      { personCode: admin.personalCode, registrationNumber: HOSPITAL, role: "institution-administrator" },
      why,
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
      evidence: "form-d",
    });
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
  const checkedDocument = await checkUpload(
    new TextEncoder().encode(
      sampleDischargeSummary({
        patient: {
          personalCode: patient.personalCode,
          givenName: patient.givenName,
          familyName: patient.familyName,
        },
        author: {
          personalCode: doctor.personalCode,
          givenName: doctor.givenName,
          familyName: doctor.familyName,
        },
        institution: { registrationNumber: HOSPITAL, name: HOSPITAL_NAME },
      }),
    ),
    patient.personalCode,
    { schema: await createCdaSchemaValidator(), trust: { anchors: () => [] } },
  );
  await insertDocument(
    db,
    {
      patientCode: patient.personalCode,
      registrationNumber: HOSPITAL,
      authorCode: doctor.personalCode,
      checked: checkedDocument,
    },
    now,
  );
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

describe("issue 6 acceptance: the e-health story in the browser", () => {
  let adminSession: { context: BrowserContext; page: Page; consoleErrors: string[] };
  let doctorSession: { context: BrowserContext; page: Page; consoleErrors: string[] };
  /** The patient page the doctor reached in step 2 (its address carries the patient reference). */
  let patientPageUrl = "";

  it("1. the administrator grants the doctor a right, with ground and evidence", async () => {
    adminSession = await newPage();
    const { page } = adminSession;
    await signIn(page, admin, "professional", "/ehealth/administrator/");
    await page.waitForURL(new RegExp(`/ehealth/administrator/${HOSPITAL}/`));
    await expectAccessibleInBothLanguages(page);
    const users = page.getByLabel("Lietotājs");
    const doctorOption = await users
      .locator("option", { hasText: doctor.familyName })
      .first()
      .getAttribute("value");
    await users.selectOption(doctorOption ?? "");
    await page.getByLabel("Loma").selectOption("doctor");
    await page.getByLabel("Pamatojums").fill("Darba līgums, terapijas nodaļa");
    await page.getByLabel("Pierādījums").fill("Rīkojums Nr. 12/2026");
    await page.getByRole("button", { name: "Piešķirt" }).click();
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("main").textContent()).toContain("ārsts");
    await expectAccessibleInBothLanguages(page);
  }, 180_000);

  it("2. the doctor signs in with eParaksts Mobile and opens the patient's document with a purpose", async () => {
    doctorSession = await newPage();
    const { page } = doctorSession;
    await signIn(page, doctor, "professional", "/ehealth/portal/");
    expect(await page.textContent("h1")).toBe("Ārstniecības personu portāls");
    await expectAccessibleInBothLanguages(page);
    await page.getByLabel("Iestāde").selectOption(HOSPITAL);
    await page.getByLabel("Pacienta personas kods").fill(patient.personalCode);
    await page.getByLabel("Piekļuves mērķis").selectOption("treatment");
    await page.getByRole("button", { name: "Atrast" }).click();
    await page.waitForURL(/\/ehealth\/portal\/patient\?/);
    // The address names the patient by an opaque reference, never by the personal code.
    patientPageUrl = page.url();
    expect(patientPageUrl).not.toContain(patient.personalCode);
    expect(await page.textContent("h1")).toBe(`Pacients: ${patient.givenName} ${patient.familyName}`);
    await expectAccessibleInBothLanguages(page);
    await page.getByRole("link", { name: "Izraksts no stacionāra" }).click();
    await page.waitForURL(/\/ehealth\/portal\/document\?/);
    expect(await page.textContent("h1")).toBe("Izraksts no stacionāra");
    expect(await page.locator(".cda-document").textContent()).toContain("Pneimonija, neprecizēta");
    await expectAccessibleInBothLanguages(page);
    // The upload form is a portal page too.
    const upload = new URL(page.url());
    upload.pathname = "/ehealth/portal/upload";
    upload.searchParams.delete("id");
    await page.goto(upload.toString());
    await expectAccessibleInBothLanguages(page);
  }, 180_000);

  it("3. the access appears in the patient's own report and in the institution's", async () => {
    const patientSession = await newPage();
    const { page } = patientSession;
    await signIn(page, patient, "citizen", "/ehealth/my-report/");
    const mine = (await page.locator("main").textContent()) ?? "";
    expect(mine).toContain(HOSPITAL_NAME);
    expect(mine).toMatch(/ārstēšana|treatment/);
    await expectAccessibleInBothLanguages(page);
    await patientSession.context.close();

    const { page: adminPage } = adminSession;
    await adminPage.goto(`${platform.base}/ehealth/reports/institution?institution=${HOSPITAL}`);
    const report = (await adminPage.locator("main").textContent()) ?? "";
    expect(report).toContain(doctor.familyName);
    await expectAccessibleInBothLanguages(adminPage);
  }, 180_000);

  it("4. the administrator suspends the right; it ends the doctor's session; signed in again, the attempt is refused, named and logged", async () => {
    const { page } = adminSession;
    await page.goto(`${platform.base}/ehealth/administrator/${HOSPITAL}/`);
    await page
      .getByRole("link", { name: new RegExp(`${doctor.familyName}.*ārsts`) })
      .first()
      .click();
    await page.waitForURL(/\/right\//);
    await expectAccessibleInBothLanguages(page);
    const statusForm = page.getByRole("region", { name: "Apturēt, atjaunot vai anulēt" });
    await statusForm.getByRole("radio", { name: "Apturēt", exact: true }).check();
    await statusForm.getByLabel("Pamatojums").fill("Pārbaude");
    await statusForm.getByLabel("Pierādījums").fill("Vēstule Nr. 7");
    await statusForm.getByRole("button", { name: "Saglabāt" }).click();
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("main").textContent()).toContain("apturēt");

    const { page: doctorPage } = doctorSession;
    // The suspension ended the doctor's open session: the portal sends them to sign in again.
    await doctorPage.goto(`${platform.base}/ehealth/portal/`);
    await doctorPage.waitForURL(/\/signin\//);
    await signIn(doctorPage, doctor, "professional", "/ehealth/portal/");
    await doctorPage.getByLabel("Iestāde").selectOption(HOSPITAL);
    await doctorPage.getByLabel("Pacienta personas kods").fill(patient.personalCode);
    await doctorPage.getByLabel("Piekļuves mērķis").selectOption("treatment");
    await doctorPage.getByRole("button", { name: "Atrast" }).click();
    await doctorPage.waitForLoadState("load");
    expect(await doctorPage.textContent("h1")).toBe("Piekļuve atteikta");
    // Latvian in words; the code only behind "technical details", for a helpdesk.
    expect(await doctorPage.textContent(".missing-right")).toBe(
      "pacienta meklēšana šajā iestādē (lomas: ārsts, māsa, farmaceits, laboratorijas speciālists, reģistrators)",
    );
    expect(await doctorPage.locator(".missing-right-code").isVisible()).toBe(false);
    expect(await doctorPage.textContent(".missing-right-code")).toBe(
      `patient.find@${HOSPITAL} (doctor, nurse, pharmacist, laboratory-specialist, registrar)`,
    );
    expect(await doctorPage.locator("main").textContent()).toContain(
      "Jūsu tiesības šajā iestādē ir apturētas.",
    );
    await expectAccessible(doctorPage);

    const refusal = await platform.database.db
      .selectFrom("audit_log")
      .select(["actor", "acting_for", "subject_person", "action", "outcome", "purpose"])
      .where("outcome", "=", "denied")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(refusal).toEqual({
      actor: `PNOLV-${doctor.personalCode}`,
      acting_for: HOSPITAL,
      subject_person: `PNOLV-${patient.personalCode}`,
      action: "ehealth.patient.found",
      outcome: "denied",
      purpose: "treatment; refused=right-suspended:patient.find",
    });
    // The refusal page in English too (a GET of the documents list is refused the same way).
    await doctorPage.goto(`${patientPageUrl}&lang=en`);
    expect(await doctorPage.textContent("h1")).toBe("Access refused");
    expect(await doctorPage.textContent(".missing-right")).toBe(
      "listing a patient's documents in this institution (roles: doctor, nurse, pharmacist)",
    );
    expect(await doctorPage.locator("main").textContent()).toContain(
      "Your right at this institution is suspended.",
    );
    await expectAccessible(doctorPage);
    // The refusal page is answered with 403 on purpose; Chromium reports any 4xx document load.
    expect(doctorSession.consoleErrors.filter((e) => !e.includes("status of 403 (Forbidden)"))).toEqual([]);
  }, 180_000);

  it("5. the operator suspends the institution; its notice is in the outbox (testbed mail page)", async () => {
    const { page, consoleErrors } = await newPage();
    await signIn(page, operator, "professional", "/ehealth/operator/");
    await expectAccessibleInBothLanguages(page);
    await page.getByRole("link", { name: HOSPITAL_NAME }).first().click();
    await page.waitForURL(new RegExp(`/ehealth/operator/institutions/${HOSPITAL}`));
    await expectAccessibleInBothLanguages(page);
    await page.getByRole("radio", { name: "Apturēt", exact: true }).check();
    await page.getByLabel("Iemesls").fill("Līguma pārkāpums: pārbaude");
    await page.getByRole("button", { name: "Saglabāt" }).click();
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("main").textContent()).toContain("apturēt");

    const queued = await platform.database.db
      .selectFrom("mail_outbox")
      .select(["to_address", "registration_number", "kind"])
      .where("registration_number", "=", HOSPITAL)
      .execute();
    expect(queued.map((m) => m.to_address)).toContain(HOSPITAL_EMAIL);

    await page.goto(`${platform.base}/testbed/mail/`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await page.locator("body").textContent()) ?? "";
        },
        { timeout: 30_000 },
      )
      .toContain(HOSPITAL_EMAIL);
    expect(await page.locator("body").textContent()).toMatch(/Stāsta slimnīca|apturēt|suspend/i);
    await expectAccessibleInBothLanguages(page);
    expect(consoleErrors).toEqual([]);
    expect(adminSession.consoleErrors).toEqual([]);
  }, 180_000);
});
