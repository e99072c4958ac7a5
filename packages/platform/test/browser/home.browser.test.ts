/**
 * Smoke test of the web shell in a real browser: the home page renders in Latvian and, after
 * the language switch, in English; no console errors (CSP violations show up there too); axe-core
 * finds no accessibility violations (WCAG 2.1 AA rules).
 */
import AxeBuilder from "@axe-core/playwright";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../../src/db/testing.ts";
import { buildServer } from "../../src/http/server.ts";
import { composeModules } from "../../src/modules.ts";
import { launchChromium } from "./browser.ts";

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await testDatabaseKinds()[0]!.open();
  const config = loadConfig({ env: {} });
  app = await buildServer({ config, database, logger: false, modules: await composeModules(config) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function openPage(url: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ locale: "lv-LV" });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(url);
  return { page, consoleErrors };
}

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

describe("home page in the browser", () => {
  it("renders in Latvian, switches to English, with no console errors and no axe violations", async () => {
    const { page, consoleErrors } = await openPage(`${base}/`);
    expect(await page.getAttribute("html", "lang")).toBe("lv");
    expect(await page.textContent("h1")).toBe("Pakalpojumi");
    await expectAccessible(page);

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("Services");
    await expectAccessible(page);

    // The choice is remembered on the next page without the query parameter.
    await page.goto(`${base}/`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(consoleErrors).toEqual([]);
  });

  it("shows an accessible 404 page", async () => {
    const { page, consoleErrors } = await openPage(`${base}/nav-tadas-lapas`);
    expect(await page.textContent("h1")).toBe("Lapa nav atrasta");
    await expectAccessible(page);
    // The only console error is the browser's own report of the 404 status.
    expect(consoleErrors.filter((e) => !e.includes("404"))).toEqual([]);
  });
});
