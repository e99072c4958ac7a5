/**
 * Latvija.lv (VPM) as a person lives it, in Debian's Chromium: a small test relying party → the
 * broker's sign-in page → "Latvija.lv" → the testbed's login-module stand-in, which lists its own
 * means → eParaksts Mobile (high) or a bank's login page (substantial) → the signed token is
 * POSTed back by the stand-in's answer page (its served script presses the submit button) → the
 * relying party receives an ID token with sub PNOLV-…, acr and amr ["vpm", <means>].
 * Professionals (AUTH-2): two buttons; bank through Latvija.lv refused on 2024-01-02 with a page
 * naming the means to use (AUTH-1, AUTH-4). axe-core checks the pages, in Latvian and English.
 */
import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { defaultStandInPersons } from "@tilts/testbed";
import Fastify, { type FastifyInstance } from "fastify";
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import {
  basicAuth,
  freePort,
  registerTestRelyingParty,
  startTestPlatform,
  type TestPlatform,
  type TestRelyingParty,
} from "../../src/identity/testing/test-platform.ts";
import { launchChromium } from "./browser.ts";

let platform: TestPlatform;
let rpServer: FastifyInstance;
let citizenRp: TestRelyingParty;
let proRp: TestRelyingParty;
let rpBase: string;
let browser: Browser;
const persons = defaultStandInPersons();
const person = persons.find((p) => p.previousCodes.length > 0)!;

/** Two tiny relying parties on one server: /citizen/ (an e-service) and /pro/ (a clinic system). */
async function startRelyingParties(port: number): Promise<FastifyInstance> {
  const pending = new Map<string, { verifier: string; nonce: string; rp: TestRelyingParty }>();
  const app = Fastify();
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  for (const kind of ["citizen", "pro"] as const) {
    app.get(`/${kind}/`, async (_request, reply) => {
      const rp = kind === "citizen" ? citizenRp : proRp;
      const state = randomBytes(16).toString("base64url");
      const nonce = randomBytes(16).toString("base64url");
      const verifier = randomBytes(32).toString("base64url");
      pending.set(state, { verifier, nonce, rp });
      const url = new URL("/oidc/auth", platform.base);
      url.search = new URLSearchParams({
        client_id: rp.client.clientId,
        redirect_uri: rp.redirectUri,
        response_type: "code",
        scope: "openid profile",
        state,
        nonce,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      return reply.type("text/html").send(page("Test service", `<p><a href="${url}">Sign in</a></p>`));
    });
  }
  app.get<{ Querystring: Record<string, string> }>("/callback", async (request, reply) => {
    const p = pending.get(request.query.state ?? "");
    if (!p || !request.query.code)
      return reply.code(400).type("text/html").send(page("Error", "<p>bad state</p>"));
    pending.delete(request.query.state!);
    const tokenResponse = await fetch(new URL("/oidc/token", platform.base), {
      method: "POST",
      headers: {
        authorization: basicAuth(p.rp.client.clientId, p.rp.clientSecret),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: request.query.code,
        redirect_uri: p.rp.redirectUri,
        code_verifier: p.verifier,
      }).toString(),
    });
    const tokens = (await tokenResponse.json()) as { id_token: string };
    const { payload } = await jwtVerify(
      tokens.id_token,
      createRemoteJWKSet(new URL("/oidc/jwks", platform.base)),
      {
        issuer: platform.base,
        audience: p.rp.client.clientId,
      },
    );
    if (payload.nonce !== p.nonce) return reply.code(400).send("bad nonce");
    return reply
      .type("text/html")
      .send(
        page(
          "Signed in",
          `<dl><dt>sub</dt><dd id="sub">${payload.sub}</dd><dt>acr</dt><dd id="acr">${String(payload.acr)}</dd><dt>amr</dt><dd id="amr">${JSON.stringify(payload.amr)}</dd><dt>earlier</dt><dd id="earlier">${JSON.stringify(payload.previous_personal_codes ?? null)}</dd></dl>`,
        ),
      );
  });
  await app.listen({ port, host: "127.0.0.1" });
  return app;
}

beforeAll(async () => {
  platform = await startTestPlatform(testDatabaseKinds()[0]!);
  const rpPort = await freePort();
  rpBase = `http://127.0.0.1:${rpPort}`;
  citizenRp = await registerTestRelyingParty(platform, { redirectUri: `${rpBase}/callback` });
  proRp = await registerTestRelyingParty(platform, { professional: true, redirectUri: `${rpBase}/callback` });
  rpServer = await startRelyingParties(rpPort);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await rpServer?.close();
  await platform?.stop();
}, 120_000);

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/** Relying party → sign-in page → Latvija.lv → the stand-in's list of means (checked with axe). */
async function toLatvijaLv(page: Page, rp: "citizen" | "pro", texts: { signIn: string }, axe = true) {
  await page.goto(`${rpBase}/${rp}/`);
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.waitForURL(/\/signin\//);
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
        await page.goto(`${rpBase}/pro/`);
        await page.getByRole("link", { name: "Sign in" }).click();
        await page.waitForURL(/\/signin\//);
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
