/**
 * The technical portal for software vendors in a real browser (ANX2-13, DEV-6): reached from the
 * home page, every page in Latvian and in English passes axe-core (WCAG 2.1 AA rules) without
 * console errors, and the section navigation marks the current page.
 */
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { type TestDatabase, testDatabaseKinds } from "../../src/db/testing.ts";
import { TECHNICAL_PORTAL_PATHS as PATHS } from "../../src/ehealth/technical-portal/index.ts";
import { buildServer } from "../../src/http/server.ts";
import { composeModules } from "../../src/modules.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await testDatabaseKinds()[0]!.open();
  const config = loadConfig({ env: {} });
  app = await buildServer({
    config,
    database,
    logger: false,
    modules: await composeModules(config, { ehealth: { seedDemo: false } }),
  });
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

const PAGES = [PATHS.overview, PATHS.api, PATHS.cda, PATHS.classifiers, PATHS.testPersons];

describe("technical portal in the browser", () => {
  it("is reached from the home page; every page passes axe in Latvian and English", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));

    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Tehniskais portāls iestāžu sistēmu izstrādātājiem" }).click();
    await page.waitForURL(`${base}${PATHS.overview}`);

    for (const language of ["lv", "en"] as const)
      for (const path of PAGES) {
        await page.goto(`${base}${path}?lang=${language}`);
        expect(await page.getAttribute("html", "lang"), path).toBe(language);
        const current = page.locator('nav [aria-current="page"]');
        expect(await current.getAttribute("href"), path).toBe(path);
        await expectAccessible(page);
      }
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
