/**
 * The public verification page in a real browser (issue "Signing"): the form in Latvian, a signed
 * eDoc chosen in the file input and sent, the result page; then the same in English. No console
 * errors (CSP violations show there), and axe-core finds no WCAG 2.1 AA violation on any of them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../src/core/keys/testing/test-secret.ts";
import { type TestDatabase, testDatabaseKinds } from "../../src/db/testing.ts";
import { buildServer } from "../../src/http/server.ts";
import { signingModule } from "../../src/signing/module.ts";
import {
  openVerificationWorld,
  type VerificationWorld,
} from "../../src/signing/testing/verification-world.ts";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

let dir: string;
let world: VerificationWorld;
let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let edocPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-verify-browser-"));
  world = openVerificationWorld();
  const signer = world.person("320000-00006", "Līga", "Ozoliņa");
  const edoc = await world.signEdoc(
    [{ name: "iesniegums.txt", content: new TextEncoder().encode("Iesniegums"), mediaType: "text/plain" }],
    signer,
    "T",
  );
  edocPath = join(dir, "iesniegums.edoc");
  writeFileSync(edocPath, edoc);
  const trustedLists = await world.trustedLists();
  database = await testDatabaseKinds()[0]!.open();
  const config = loadConfig({
    env: { LOG_LEVEL: "silent", DATA_DIR: dir, KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET },
  });
  const signing = signingModule(config, {
    anchors: world.anchors,
    fetchers: world.fetchers,
    trustedLists: () => trustedLists,
  });
  app = await buildServer({ config, database, logger: false, modules: [{ name: "signing", ...signing }] });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("verification page in the browser", () => {
  for (const [lang, title, button, verdict] of [
    ["lv", "Parakstīta dokumenta pārbaude", "Pārbaudīt", "Visi dokumenta paraksti ir derīgi."],
    ["en", "Verify a signed document", "Verify", "All signatures of the document are valid."],
  ] as const) {
    it(`uploads a signed eDoc and shows the result (${lang}), accessible`, async () => {
      const context = await browser.newContext({ locale: "lv-LV" });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(error.message));
      await page.goto(`${base}/verify?lang=${lang}`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.textContent("h1")).toBe(title);
      await expectAccessible(page);

      await page.setInputFiles("#document", edocPath);
      await page.getByRole("button", { name: button }).click();
      await page.waitForSelector("section h3");
      expect(await page.textContent("[role=status]")).toContain(verdict);
      expect(await page.textContent("section h3")).toContain("LĪGA OZOLIŅA");
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  }
});
