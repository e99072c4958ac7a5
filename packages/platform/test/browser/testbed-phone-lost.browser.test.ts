/**
 * The eParaksts stand-in's "phone lost" page in a real browser (SIG-4): a test person signs in
 * with PIN1, sees their signing certificate and suspends it, in Latvian and in English, with the
 * platform's stylesheet as `tilts start` serves it. No console errors, and axe-core finds no
 * WCAG 2.1 AA violation on the sign-in page or on the certificates page.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defaultStandInPersons,
  eparakstsStandIn,
  issuePerson,
  SELF_SERVICE_PATH,
  TestPki,
} from "@tilts/testbed";
import Fastify, { type FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./accessibility.ts";
import { launchChromium } from "./browser.ts";

const persons = defaultStandInPersons().slice(0, 2);
let dir: string;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tilts-phone-lost-browser-"));
  const stateDir = join(dir, "pki");
  const pki = TestPki.create(stateDir, { baseUrl: "http://127.0.0.1:9/testbed" });
  for (const p of persons)
    issuePerson(pki, {
      givenName: p.givenName,
      surname: p.familyName,
      personalCode: p.personalCode,
      ca: "eparaksts",
      usage: "sign",
    });
  app = Fastify();
  const stylesheet = readFileSync(new URL("../../src/web/tilts.css", import.meta.url), "utf8");
  app.get("/assets/tilts.css", async (_request, reply) => reply.type("text/css").send(stylesheet));
  // The browser asks for it on its own; the platform serves one, this small host answers empty.
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  await app.register(eparakstsStandIn, {
    prefix: "/testbed/eparaksts",
    clients: [],
    signing: { pkiStateDir: stateDir, pkiBaseUrl: "http://127.0.0.1:9/testbed" },
  });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("'phone lost' page of the eParaksts stand-in in the browser", () => {
  for (const [index, lang, signIn, suspend, done] of [
    [0, "lv", "Pieteikties", "Apturēt (tālrunis pazudis)", "Sertifikāts apturēts."],
    [1, "en", "Sign in", "Suspend (phone lost)", "Certificate suspended."],
  ] as const) {
    it(`signs in and suspends the certificate (${lang}), accessible`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      await page.goto(`${base}/testbed/eparaksts${SELF_SERVICE_PATH}?lang=${lang}`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      await expectAccessible(page);

      await page.fill("#user_number", persons[index]!.personalCode);
      await page.fill("#pin1", "1234");
      await page.getByRole("button", { name: signIn }).click();
      await page.waitForSelector("table");
      await expectAccessible(page);

      await page.getByRole("button", { name: suspend }).click();
      await page.waitForSelector("[role=status]");
      expect(await page.textContent("[role=status]")).toContain(done);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  }
});
