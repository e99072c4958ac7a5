/**
 * The e-service registration workplaces in Debian's Chromium (ESV-2, ESV-3, SIG-6): a
 * representative signs in with eParaksts Mobile through our broker at level high, fills the form
 * (the empty one shows its errors), downloads the eDoc, signs it in the test with the testbed
 * PKI at XAdES-LT and uploads it; an unsigned upload is refused with its reason by the file
 * field; the agency's staff member registers the form and sees the identifier and the queued
 * e-mail. axe-core checks every page, in Latvian and in English.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultStandInPersons, type TestPerson } from "@tilts/testbed";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import { addRepresentative } from "../../src/eservices/index.ts";
import {
  HOSPITAL,
  openSigningWorld,
  type SigningWorld,
  sampleRawForm,
  unsignedFormEdoc,
} from "../../src/eservices/testing/signed-forms.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

const [representative, agency] = defaultStandInPersons().slice(20, 22) as [TestPerson, TestPerson];
let platform: TestPlatform;
let world: SigningWorld;
let browser: Browser;
let dir: string;

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

beforeAll(async () => {
  world = openSigningWorld();
  dir = mkdtempSync(join(tmpdir(), "tilts-eservices-browser-"));
  writeFileSync(join(dir, "anchors.pem"), world.anchors().map(pem).join(""));
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, {
    ehealth: { seedDemo: false },
    env: {
      ESERVICES_SIGNATURE_ANCHORS: join(dir, "anchors.pem"),
      ESERVICES_AGENCY_STAFF: agency.personalCode,
    },
  });
  await addRepresentative(
    platform.database.db,
    {
      institutionRegistrationNumber: HOSPITAL,
      personalCode: representative.personalCode,
      fullName: `${representative.givenName} ${representative.familyName}`,
    },
    "cli",
    new Date(),
  );
  browser = await launchChromium();
}, 300_000); // a database and a browser on a busy two-core machine

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

async function signInWithEparaksts(page: Page, personalCode: string): Promise<void> {
  await page.waitForURL(/\/signin\//);
  await page.getByRole("button", { name: "eParaksts" }).click();
  await page.waitForURL(/testbed\/eparaksts/);
  await page.getByLabel(/Lietotāja numurs|User number/).fill(personalCode);
  await page.getByLabel("PIN1").fill("1234");
  await page.getByRole("button", { name: /Apstiprināt|Approve/ }).click();
}

describe("e-service registration in the browser", () => {
  it("ESV-2, ESV-3: a representative submits a signed form, the agency registers it (lv and en, accessible)", async () => {
    const context = await browser.newContext({ locale: "lv-LV", acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${platform.base}/eservices/representative/`);
    await signInWithEparaksts(page, representative.personalCode);
    await page.waitForURL(/\/eservices\/representative\/$/);
    expect(await page.textContent("h1")).toBe("E-pakalpojuma reģistrācija");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Lejupielādēt parakstīšanai" }).click();
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    expect(await page.locator("#esv-name-lv-error").textContent()).toBe(
      "Nosaukums latviski: Aizpildiet šo lauku.",
    );
    await expectAccessible(page);

    const raw = sampleRawForm();
    const fills: [string, string | undefined][] = [
      ["Nosaukums latviski", raw.nameLv],
      ["Nosaukums angliski", raw.nameEn],
      ["Apraksts latviski", raw.descriptionLv],
      ["Apraksts angliski", raw.descriptionEn],
      ["Tiesiskais pamats", raw.legalBasis],
      ["Iestādes reģistrācijas numurs", raw.institutionRegistrationNumber],
      ["Iestādes nosaukums", raw.institutionName],
      ["Iestādes e-pasts paziņojumiem", raw.institutionEmail],
      ["Kontaktpersona", raw.contactName],
      ["Kontaktpersonas e-pasts", raw.contactEmail],
    ];
    for (const [label, value] of fills) await page.getByLabel(label, { exact: true }).fill(value ?? "");
    await page.getByLabel("iedzīvotājiem").check();
    await page.getByLabel("valsts portālā Latvija.lv").check();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Lejupielādēt parakstīšanai" }).click();
    const download = await downloading;
    const unsigned = readFileSync((await download.path())!);

    // An unsigned form is refused, the reason by the file field.
    await page.getByLabel("Parakstītā veidlapa (eDoc)").setInputFiles({
      name: "veidlapa.edoc",
      mimeType: "application/vnd.etsi.asic-e+zip",
      buffer: Buffer.from(unsignedFormEdoc()),
    });
    await page.getByRole("button", { name: "Iesniegt" }).click();
    await expect.poll(() => page.locator("#esv-file-error").count()).toBe(1);
    expect(await page.locator("#esv-file-error").textContent()).toContain("Veidlapa nav parakstīta.");
    await expectAccessible(page);

    const signed = await world.sign(
      new Uint8Array(unsigned),
      world.person(representative.personalCode),
      "LT",
    );
    await page.getByLabel("Parakstītā veidlapa (eDoc)").setInputFiles({
      name: "veidlapa.edoc",
      mimeType: "application/vnd.etsi.asic-e+zip",
      buffer: Buffer.from(signed),
    });
    await page.getByRole("button", { name: "Iesniegt" }).click();
    await page.waitForURL(/\/eservices\/representative\/forms\/\d+$/);
    expect(await page.textContent("main")).toContain("iesniegta, gaida izskatīšanu");
    await expectAccessible(page);
    await page.getByRole("link", { name: "English" }).click();
    expect(await page.textContent("main")).toContain("submitted, awaiting review");
    await expectAccessible(page);
    await context.close();

    const agencyContext = await browser.newContext({ locale: "lv-LV" });
    const agencyPage = await agencyContext.newPage();
    await agencyPage.goto(`${platform.base}/eservices/agency/`);
    await signInWithEparaksts(agencyPage, agency.personalCode);
    await agencyPage.waitForURL(/\/eservices\/agency\/$/);
    expect(await agencyPage.textContent("h1")).toBe("Reģistrācijas veidlapu rinda");
    await expectAccessible(agencyPage);
    await agencyPage.getByRole("link", { name: raw.nameLv! }).click();
    await expectAccessible(agencyPage);
    await agencyPage.getByLabel("Aģentūras kontaktpersona").fill("Aivars Ozols");
    await agencyPage.getByLabel("Kontaktpersonas e-pasts").fill("aivars.ozols@agentura.example.lv");
    await agencyPage.getByRole("button", { name: "Reģistrēt e-pakalpojumu" }).click();
    await expect.poll(() => agencyPage.getByRole("status").count()).toBe(1);
    expect(await agencyPage.getByRole("status").textContent()).toMatch(/ESP-\d{4}-\d{5}/);
    expect(await agencyPage.textContent("main")).toContain("e-pasts nosūtīšanai ierindots");
    await expectAccessible(agencyPage);
    await agencyPage.getByRole("link", { name: "English" }).click();
    expect(await agencyPage.getByRole("status").textContent()).toContain(
      "E-service registered with the identifier",
    );
    await expectAccessible(agencyPage);
    await agencyContext.close();
  });
});
