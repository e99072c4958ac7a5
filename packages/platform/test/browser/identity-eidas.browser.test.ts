/**
 * eIDAS sign-in as a foreign person lives it, in Debian's Chromium (AUTH-6): a citizen relying
 * party → the sign-in page → "Foreign eID (eIDAS)" → the country page → our signed AuthnRequest
 * auto-posted by script (CSP script-src 'self') to the testbed's Estonian node → a test person and
 * the level → the node's Response auto-posted back → the consent page with the attributes →
 * agree: an ID token with sub PNOEE-…, acr and amr ["eidas"]; refuse: access_denied. axe-core on
 * the country and consent pages in Latvian and English.
 */
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { eidasTestDataDir } from "../../src/identity/testing/eidas-driver.ts";
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

beforeAll(async () => {
  platform = await startTestPlatform(testDatabaseKinds()[0]!, { dataDir: eidasTestDataDir() });
  const rpPort = await freePort();
  rpBase = `http://127.0.0.1:${rpPort}`;
  rp = await registerTestRelyingParty(platform, { redirectUri: `${rpBase}/callback` });
  rpServer = await startRelyingParty({
    platform,
    port: rpPort,
    title: "Test e-service",
    starts: [{ path: "/", rp }],
    acrValues: "substantial",
    showErrors: true,
    extraClaims: (payload) => ({
      name: `${String(payload.given_name ?? "")} ${String(payload.family_name ?? "")}`,
    }),
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await rpServer?.close();
  await platform?.stop();
}, 120_000);

describe("eIDAS sign-in in the browser (AUTH-6)", () => {
  it("lv: country → Estonian node → consent → agree: ID token with sub PNOEE-…, acr and amr eidas", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await openSignIn(page, `${rpBase}/`);
    await page.getByRole("button", { name: "Ārvalstu eID (eIDAS)" }).click();

    expect(await page.textContent("h1")).toBe("Izvēlieties valsti");
    await expectAccessible(page);
    await page.getByLabel(/Igaunija/).check();
    await page.getByRole("button", { name: "Turpināt" }).click();

    // The auto-post script carries the AuthnRequest to the node without a click.
    await page.waitForURL(/testbed\/eidas\/EE\/sso/);
    expect(await page.textContent("h1")).toContain("Estonia");
    await page.getByLabel(/Jaan Tamm/).check();
    await page.getByRole("button", { name: "Authenticate" }).click();

    await page.waitForURL(/\/done\?state=/);
    expect(await page.textContent("h1")).toBe("Piekrišana datu nodošanai");
    const shown = await page.locator("dl.consent-attributes").textContent();
    expect(shown).toContain("Jaan");
    expect(shown).toContain("Tamm");
    expect(shown).toContain("1980-01-08");
    expect(shown).toContain("PNOEE-38001085718");
    expect(shown).toContain("būtisks");
    expect(await page.textContent("main")).toContain(rp.client.name);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Piekrītu", exact: true }).click();

    await page.waitForURL(/\/callback/);
    expect(await page.textContent("h1")).toBe("Signed in");
    expect(await page.textContent("#sub")).toBe("PNOEE-38001085718");
    expect(await page.textContent("#acr")).toBe("substantial");
    expect(await page.textContent("#amr")).toBe('["eidas"]');
    expect(await page.textContent("#name")).toBe("Jaan Tamm");
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("en: refusing consent sends access_denied to the relying party; pages accessible in English", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await openSignIn(page, `${rpBase}/`);
    await page.getByRole("button", { name: "Foreign eID (eIDAS)" }).click();
    expect(await page.textContent("h1")).toBe("Choose your country");
    await expectAccessible(page);
    await page.getByLabel(/Lithuania/).check();
    await page.getByRole("button", { name: "Continue" }).click();

    await page.waitForURL(/testbed\/eidas\/LT\/sso/);
    await page.getByRole("button", { name: "Authenticate" }).click();

    await page.waitForURL(/\/done\?state=/);
    expect(await page.textContent("h1")).toBe("Consent to share your data");
    expect(await page.locator("dl.consent-attributes").textContent()).toContain("PNOLT-39105120113");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Refuse" }).click();

    await page.waitForURL(/\/callback/);
    expect(await page.textContent("h1")).toBe("Refused");
    expect(await page.textContent("#error")).toBe("access_denied");
    await context.close();
  });
});
