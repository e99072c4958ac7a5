/**
 * Latvija.lv (VPM) as a person lives it, in Debian's Chromium: a small test relying party → the
 * broker's sign-in page → "Latvija.lv" → the testbed's login-module stand-in, which lists its own
 * means → eParaksts Mobile (high) or a bank's login page (substantial) → the signed token is
 * POSTed back by the stand-in's answer page (its served script presses the submit button) → the
 * relying party receives an ID token with sub PNOLV-…, acr and amr ["vpm", <means>].
 * Professionals (AUTH-2): two buttons; bank through Latvija.lv refused on 2024-01-02 with a page
 * naming the means to use (AUTH-1, AUTH-4). axe-core checks the pages, in Latvian and English.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import {
  freePort,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "../../src/identity/testing/test-platform.ts";
import { launchChromium } from "./browser.ts";
import { expectAccessible, openSignIn, startRelyingParty } from "./relying-party.ts";

let platform: TestPlatform;
let rpServer: FastifyInstance;
let citizenRp: TestRelyingParty;
let proRp: TestRelyingParty;
let rpBase: string;
let browser: Browser;
const persons = defaultStandInPersons();
const person = persons.find((p) => p.previousCodes.length > 0)!;

beforeAll(async () => {
  platform = await startTestPlatform(testDatabaseKinds()[0]!);
  const rpPort = await freePort();
  rpBase = `http://127.0.0.1:${rpPort}`;
  citizenRp = await registerTestRelyingParty(platform, { redirectUri: `${rpBase}/callback` });
  proRp = await registerTestRelyingParty(platform, { professional: true, redirectUri: `${rpBase}/callback` });
  rpServer = await startRelyingParty({
    platform,
    port: rpPort,
    title: "Test service",
    starts: [
      { path: "/citizen/", rp: citizenRp },
      { path: "/pro/", rp: proRp },
    ],
    extraClaims: (payload) => ({ earlier: JSON.stringify(payload.previous_personal_codes ?? null) }),
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await rpServer?.close();
  await platform?.stop();
}, 120_000);

/** Relying party → sign-in page → Latvija.lv → the stand-in's list of means (checked with axe). */
async function toLatvijaLv(page: Page, rp: "citizen" | "pro", texts: { signIn: string }, axe = true) {
  await openSignIn(page, `${rpBase}/${rp}/`);
  expect(await page.textContent("h1")).toBe(texts.signIn);
  if (axe) await expectAccessible(page);
  await page.getByRole("button", { name: "Latvija.lv" }).click();
  await page.waitForURL(/\/testbed\/vpm\/sts/);
  if (axe) await expectAccessible(page);
}

describe("Latvija.lv (VPM) sign-in in the browser", () => {
  it("citizen (lv): Latvija.lv → eParaksts Mobile → ID token, acr high, amr vpm+eparaksts-mobile", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await toLatvijaLv(page, "citizen", { signIn: "Pieteikšanās" });
    expect(await page.textContent("h1")).toBe("Izvēlieties autentifikācijas līdzekli");
    await page.getByRole("button", { name: "eParaksts Mobile" }).click();
    await expectAccessible(page);
    await page.getByLabel("Personas kods").fill(person.personalCode);
    await page.getByRole("button", { name: "Turpināt" }).click();
    await page.waitForURL(/\/callback/);
    expect(await page.textContent("h1")).toBe("Signed in");
    expect(await page.textContent("#sub")).toBe(`PNOLV-${person.personalCode}`);
    expect(await page.textContent("#acr")).toBe("high");
    expect(await page.textContent("#amr")).toBe('["vpm","eparaksts-mobile"]');
    expect(await page.textContent("#earlier")).toBe(
      JSON.stringify(person.previousCodes.map((c) => `PNOLV-${c}`)),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("citizen (en): Latvija.lv → a bank's login page → ID token, acr substantial, amr vpm+bank", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await toLatvijaLv(page, "citizen", { signIn: "Sign in" });
    expect(await page.textContent("h1")).toBe("Choose a means of authentication");
    await page.getByRole("button", { name: "Swedbank (test bank)" }).click();
    expect(await page.textContent("h1")).toBe("Swedbank (test bank): internet bank login");
    await expectAccessible(page);
    await page.getByLabel("Personal code").fill(person.personalCode);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/callback/);
    expect(await page.textContent("#sub")).toBe(`PNOLV-${person.personalCode}`);
    expect(await page.textContent("#acr")).toBe("substantial");
    expect(await page.textContent("#amr")).toBe('["vpm","bank"]');
    await context.close();
  });

  it("without JavaScript the answer page's button sends the token (axe needs scripts: checked separately)", async () => {
    const context = await browser.newContext({ locale: "en-GB", javaScriptEnabled: false });
    const page = await context.newPage();
    await toLatvijaLv(page, "citizen", { signIn: "Sign in" }, false);
    await page.getByRole("button", { name: "Smart-ID" }).click();
    await page.getByLabel("Personal code").fill(person.personalCode);
    await page.getByRole("button", { name: "Continue" }).click();
    expect(await page.textContent("h1")).toBe("Sign-in complete");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/callback/);
    expect(await page.textContent("#acr")).toBe("substantial");
    expect(await page.textContent("#amr")).toBe('["vpm","smart-id"]');
    await context.close();
  });

  it("the stand-in's test persons page is accessible", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${platform.base}/testbed/vpm/?lang=en`);
    expect(await page.textContent("h1")).toBe("Test persons");
    await expectAccessible(page);
    await context.close();
  });

  for (const [locale, texts] of [
    ["lv-LV", { signIn: "Pieteikšanās", refused: "Pieteikšanās atteikta", eid: "eID karte" }],
    ["en-GB", { signIn: "Sign in", refused: "Sign-in refused", eid: "eID card" }],
  ] as const) {
    it(`professional (${locale}): two buttons; Latvija.lv → bank refused on 2024-01-02, naming the means to use`, async () => {
      platform.clock.now = new Date("2024-01-02T10:00:00Z");
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      try {
        await openSignIn(page, `${rpBase}/pro/`);
        expect(await page.locator("ul.signin-methods button").allTextContents()).toEqual([
          "Latvija.lv",
          "eParaksts",
        ]);
        await page.getByRole("button", { name: "Latvija.lv" }).click();
        await page.waitForURL(/\/testbed\/vpm\/sts/);
        await page.getByRole("button", { name: /^SEB/ }).click();
        await page.locator("#personal_code").fill(person.personalCode);
        await page.locator('button[value="continue"]').click();
        await page.waitForURL(/\/signin\/[^/]+\/done/);
        expect(await page.textContent("h1")).toBe(texts.refused);
        const body = (await page.textContent("main")) ?? "";
        expect(body).toContain(texts.eid);
        expect(body).toContain("eParaksts Mobile");
        await expectAccessible(page);
      } finally {
        platform.clock.now = undefined;
        await context.close();
      }
    });
  }
});
