/**
 * Support requests in Debian's Chromium (CON-2, CON-12): the nurse signs in with eParaksts Mobile,
 * sends the empty form (messages next to the fields), then a request with a screenshot, and sees
 * its reference; the operator opens the queue and the request with the screenshot. A planned
 * window two days ahead shows its notice on every page (CON-5). axe-core checks every page, in
 * Latvian and in English.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { startEhealthTestPlatform } from "../../src/ehealth/testing/test-platform.ts";
import { buildWorkplaceWorld, type WorkplaceWorld } from "../../src/ehealth/testing/workplace-fixture.ts";
import type { TestPlatform } from "../../src/identity/testing/test-platform.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let platform: TestPlatform;
let world: WorkplaceWorld;
let browser: Browser;

beforeAll(async () => {
  platform = await startEhealthTestPlatform(testDatabaseKinds()[0]!, { ehealth: { seedDemo: false } });
  world = await buildWorkplaceWorld(platform.database.db);
  // A window two days ahead, written directly: the scheduling rules are maintenance's own tests.
  const start = new Date(Date.now() + 2 * 86_400_000);
  await platform.database.db
    .insertInto("ehealth_maintenance_window")
    .values({
      starts_at: start,
      ends_at: new Date(start.getTime() + 3_600_000),
      description_lv: "Datubāzes atjaunināšana.",
      description_en: "Database upgrade.",
      scheduled_by: "cli",
      scheduled_at: new Date(),
      cancelled_at: null,
      cancelled_by: null,
    })
    .execute();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

async function signInWithEparaksts(page: Page, personalCode: string): Promise<void> {
  await page.waitForURL(/\/signin\//);
  await page.getByRole("button", { name: "eParaksts" }).click();
  await page.waitForURL(/testbed\/eparaksts/);
  await page.getByLabel(/Lietotāja numurs|User number/).fill(personalCode);
  await page.getByLabel("PIN1").fill("1234");
  await page.getByRole("button", { name: /Apstiprināt|Approve/ }).click();
}

describe("support requests in the browser", () => {
  it("the nurse files a request with a screenshot; the operator sees it in the queue (lv and en)", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    await page.goto(`${platform.base}/ehealth/portal/support/`);
    await signInWithEparaksts(page, world.nurse.personalCode);
    await page.waitForURL(/\/ehealth\/portal\/support\/$/);
    expect(await page.textContent("h1")).toBe("Atbalsta pieprasījumi");
    expect(await page.locator(".maintenance-banner").textContent()).toContain("Plānoti darbi no ");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Nosūtīt pieprasījumu" }).click();
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    expect(await page.locator("#support-description-error").textContent()).toBe("Aizpildiet šo lauku.");
    await expectAccessible(page);

    await page.getByLabel("Datums, kad problēma radās").fill("7.12.2026");
    await page.getByLabel("Laiks").fill("9:30");
    await page.getByLabel("Problēmas apraksts").fill("Dokumentu saraksts neielādējas.");
    await page.getByLabel("E-pasts atbildei").fill("masa@slimnica.example");
    await page.getByLabel("Ekrānuzņēmums (nav obligāts)").setInputFiles({
      name: "ekrans.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await page.getByRole("button", { name: "Nosūtīt pieprasījumu" }).click();
    await page.waitForURL(/filed=/);
    expect(await page.locator(".notice").last().textContent()).toMatch(
      /Pieprasījums Nr\. \d{4}-\d{6} nosūtīts/,
    );
    await expectAccessible(page);
    await page.getByRole("link", { name: "English" }).click();
    expect(await page.textContent("h1")).toBe("Support requests");
    await expectAccessible(page);
    await context.close();

    const operator = await browser.newContext({ locale: "lv-LV" });
    const op = await operator.newPage();
    await op.goto(`${platform.base}/ehealth/operator/support/`);
    await signInWithEparaksts(op, world.operator.personalCode);
    await op.waitForURL(/\/ehealth\/operator\/support\/$/);
    expect(await op.textContent("h1")).toBe("Atbalsta pieprasījumu rinda");
    await expectAccessible(op);
    await op.locator("table a").first().click();
    expect(await op.locator("img").getAttribute("alt")).toBe("Iesniedzēja pievienotais ekrānuzņēmums");
    await expectAccessible(op);
    await op.getByRole("link", { name: "English" }).click();
    expect(await op.textContent("h1")).toMatch(/^Number \d{4}-\d{6}$/);
    await expectAccessible(op);
    await operator.close();
  });
});
