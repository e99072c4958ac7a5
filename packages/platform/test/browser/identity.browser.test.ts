/**
 * The sign-in as a person lives it, in Debian's Chromium: a small test relying party → the
 * professionals' sign-in page (exactly two buttons, AUTH-2) → eParaksts → the stand-in's phone
 * page → user number and PIN1 → the relying party receives and verifies an ID token with the
 * right sub, acr and amr. axe-core checks every page on the way.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
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
let rp: TestRelyingParty;
let rpBase: string;
let browser: Browser;
const person = defaultStandInPersons()[1]!;

beforeAll(async () => {
  platform = await startTestPlatform(testDatabaseKinds()[0]!);
  const rpPort = await freePort();
  rpBase = `http://127.0.0.1:${rpPort}`;
  rp = await registerTestRelyingParty(platform, {
    professional: true,
    minLevel: "high",
    redirectUri: `${rpBase}/callback`,
  });
  rpServer = await startRelyingParty({
    platform,
    port: rpPort,
    title: "Test clinic",
    starts: [{ path: "/", rp }],
    acrValues: "high",
  });
  browser = await launchChromium();
}, 300_000); // opening a database and a browser on a busy two-core machine

afterAll(async () => {
  await browser?.close();
  await rpServer?.close();
  await platform?.stop();
}, 120_000);

describe("sign-in in the browser", () => {
  it("professional: two buttons, eParaksts, phone page with PIN1, ID token at the relying party", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });

    await openSignIn(page, `${rpBase}/`);
    expect(await page.textContent("h1")).toBe("Pieteikšanās");
    const buttons = await page.locator("ul.signin-methods button").allTextContents();
    expect(buttons).toEqual(["Latvija.lv", "eParaksts"]);
    await expectAccessible(page);

    await page.getByRole("button", { name: "eParaksts" }).click();
    await page.waitForURL(/testbed\/eparaksts/);
    await expectAccessible(page);
    await page.getByLabel("Lietotāja numurs (personas kods)").fill(person.personalCode);
    await page.getByLabel("PIN1").fill("1234");
    await page.getByRole("button", { name: "Apstiprināt" }).click();

    await page.waitForURL(/\/callback/);
    expect(await page.textContent("h1")).toBe("Signed in");
    expect(await page.textContent("#sub")).toBe(`PNOLV-${person.personalCode}`);
    expect(await page.textContent("#acr")).toBe("high");
    expect(await page.textContent("#amr")).toBe('["eparaksts-mobile"]');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("Latvija.lv opens the login module's own list of means; accessible in English too (flow: identity-vpm.browser.test.ts)", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await openSignIn(page, `${rpBase}/`);
    expect(await page.textContent("h1")).toBe("Sign in");
    await page.getByRole("button", { name: "Latvija.lv" }).click();
    await page.waitForURL(/\/testbed\/vpm\/sts/);
    expect(await page.textContent("h1")).toBe("Choose a means of authentication");
    await expectAccessible(page);
    await context.close();
  });
});
