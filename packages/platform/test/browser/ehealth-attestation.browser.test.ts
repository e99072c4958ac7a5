/**
 * CON-7 in the browser: a doctor added without an attestation signs in, searches for a patient
 * and lands on the attestation page (not a refusal); a file that is not a signed eDoc is refused
 * with the reason next to the field; the eDoc the doctor signed (here with the test PKI's
 * qualified eParaksts certificate, XAdES-LT) is accepted, and the doctor then opens the patient.
 * axe-core (WCAG 2.1 A/AA) checks the page, with and without the error, in Latvian and English.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons } from "@tilts/testbed";
import { createAsicE } from "@tilts/trust";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { insertContract } from "../../src/ehealth/adapters/contract-store.ts";
import { insertInstitution } from "../../src/ehealth/adapters/institution-store.ts";
import { upsertPatient } from "../../src/ehealth/adapters/patient-store.ts";
import { insertUser } from "../../src/ehealth/adapters/people-store.ts";
import { grantRight } from "../../src/ehealth/adapters/rights-store.ts";
import { ATTESTATION_FILE_NAME, attestationDocumentBytes } from "../../src/ehealth/attestation/text.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import { openSigningWorld, type SigningWorld } from "../../src/eservices/testing/signed-forms.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

const persons = defaultStandInPersons();
const doctor = persons[21]!;
const patient = persons[22]!;
const HOSPITAL = "40003000041";

let platform: TestPlatform;
let browser: Browser;
let signing: SigningWorld;
let signedFile: string;
let unsignedFile: string;
const filesDir = mkdtempSync(join(tmpdir(), "tilts-attestation-browser-"));

beforeAll(async () => {
  signing = openSigningWorld();
  const edoc = createAsicE({
    dataFiles: [
      { name: ATTESTATION_FILE_NAME, mediaType: "text/plain", content: attestationDocumentBytes() },
    ],
  });
  const credential = signing.person(doctor.personalCode, doctor.givenName, doctor.familyName);
  signedFile = join(filesDir, "apliecinajums.edoc");
  writeFileSync(signedFile, await signing.sign(edoc, credential, "LT"));
  unsignedFile = join(filesDir, "neparakstits.edoc");
  writeFileSync(unsignedFile, edoc);
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, {
    ehealth: { seedDemo: false, documentTrust: { anchors: () => signing.anchors() } },
  });
  const now = new Date();
  await platform.database.db.transaction().execute(async (trx) => {
    const why = { actor: "system", at: now, ground: "test set-up", evidence: "fixture" };
    await insertInstitution(
      trx,
      {
        registrationNumber: HOSPITAL,
        name: "Apliecinājumu slimnīca",
        kind: "hospital",
        staffSize: "large",
        contactEmail: "a@example.test",
      },
      "system",
      now,
    );
    await insertContract(
      trx,
      { registrationNumber: HOSPITAL, number: "L-2026/41", scope: "portal", concludedOn: "2026-01-05" },
      now,
    );
    await insertUser(
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
  signing?.close();
  rmSync(filesDir, { recursive: true, force: true });
}, 120_000);

describe("CON-7: a person the operator adds signs the attestation and then works", () => {
  it("the attestation page instead of a refusal, a refused file, the signed eDoc accepted; accessible in lv and en", async () => {
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

    const search = async () => {
      await page.getByLabel("Iestāde").selectOption(HOSPITAL);
      await page.getByLabel("Pacienta personas kods").fill(patient.personalCode);
      await page.getByLabel("Piekļuves mērķis").selectOption("treatment");
      await page.getByRole("button", { name: "Atrast" }).click();
    };
    await search();
    await page.waitForURL(`${platform.base}/ehealth/attestation/${HOSPITAL}/`);
    expect(await page.textContent("h1")).toBe("Apliecinājums");
    await expectAccessible(page);

    await page.getByLabel("Parakstītā apliecinājuma eDoc datne").setInputFiles(unsignedFile);
    await page.getByRole("button", { name: "Iesniegt parakstīto apliecinājumu" }).click();
    await page.waitForSelector("#attestation-edoc-error");
    expect(await page.textContent("#attestation-edoc-error")).toContain("Datne nav parakstīta.");
    await expectAccessible(page);

    await page.goto(`${platform.base}/ehealth/attestation/${HOSPITAL}/?lang=en`);
    expect(await page.textContent("h1")).toBe("Attestation");
    await expectAccessible(page);
    await page.getByLabel("The signed attestation (eDoc file)").setInputFiles(signedFile);
    await page.getByRole("button", { name: "Submit the signed attestation" }).click();
    await page.waitForURL(`${platform.base}/ehealth/attestation/${HOSPITAL}/`);
    expect(await page.textContent("h1")).toBe("Attestation signed");
    await expectAccessible(page);

    await page.goto(`${platform.base}/ehealth/portal/?lang=lv`);
    await search();
    await page.waitForURL(/\/ehealth\/portal\/patient\?/);
    expect(await page.textContent("h1")).toContain(patient.familyName);
    await context.close();
  }, 240_000);
});
