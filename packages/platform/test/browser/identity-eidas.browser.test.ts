/**
 * eIDAS sign-in as a foreign person lives it, in Debian's Chromium (AUTH-6): a citizen relying
 * party → the sign-in page → "Foreign eID (eIDAS)" → the country page → our signed AuthnRequest
 * auto-posted by script (CSP script-src 'self') to the testbed's Estonian node → a test person and
 * the level → the node's Response auto-posted back → the consent page with the attributes →
 * agree: an ID token with sub PNOEE-…, acr and amr ["eidas"]; refuse: access_denied. axe-core on
 * the country and consent pages in Latvian and English.
 */
import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import Fastify, { type FastifyInstance } from "fastify";
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../../src/db/testing.ts";
import { eidasTestDataDir } from "../../src/identity/testing/eidas-driver.ts";
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
let rp: TestRelyingParty;
let rpBase: string;
let browser: Browser;

/** A small citizen relying party: a sign-in link, a callback that checks the ID token or shows the error. */
async function startRelyingParty(port: number): Promise<FastifyInstance> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const app = Fastify();
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  app.get("/", async (_request, reply) => {
    const state = randomBytes(16).toString("base64url");
    const nonce = randomBytes(16).toString("base64url");
    const verifier = randomBytes(32).toString("base64url");
    pending.set(state, { verifier, nonce });
    const url = new URL("/oidc/auth", platform.base);
    url.search = new URLSearchParams({
      client_id: rp.client.clientId,
      redirect_uri: rp.redirectUri,
      response_type: "code",
      scope: "openid profile",
      state,
      nonce,
      acr_values: "substantial",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    return reply.type("text/html").send(page("Test e-service", `<p><a href="${url}">Sign in</a></p>`));
  });
  app.get<{ Querystring: Record<string, string> }>("/callback", async (request, reply) => {
    const waiting = pending.get(request.query.state ?? "");
    if (!waiting) return reply.code(400).type("text/html").send(page("Error", "<p>bad state</p>"));
    pending.delete(request.query.state!);
    if (request.query.error)
      return reply.type("text/html").send(page("Refused", `<p id="error">${request.query.error}</p>`));
    const tokenResponse = await fetch(new URL("/oidc/token", platform.base), {
      method: "POST",
      headers: {
        authorization: basicAuth(rp.client.clientId, rp.clientSecret),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: request.query.code ?? "",
        redirect_uri: rp.redirectUri,
        code_verifier: waiting.verifier,
      }).toString(),
    });
    const tokens = (await tokenResponse.json()) as { id_token: string };
    const { payload } = await jwtVerify(
      tokens.id_token,
      createRemoteJWKSet(new URL("/oidc/jwks", platform.base)),
      {
        issuer: platform.base,
        audience: rp.client.clientId,
      },
    );
    if (payload.nonce !== waiting.nonce) return reply.code(400).send("bad nonce");
    return reply
      .type("text/html")
      .send(
        page(
          "Signed in",
          `<dl><dt>sub</dt><dd id="sub">${payload.sub}</dd><dt>acr</dt><dd id="acr">${String(payload.acr)}</dd><dt>amr</dt><dd id="amr">${JSON.stringify(payload.amr)}</dd><dt>name</dt><dd id="name">${String(payload.given_name ?? "")} ${String(payload.family_name ?? "")}</dd></dl>`,
        ),
      );
  });
  await app.listen({ port, host: "127.0.0.1" });
  return app;
}

beforeAll(async () => {
  platform = await startTestPlatform(testDatabaseKinds()[0]!, { dataDir: eidasTestDataDir() });
  const rpPort = await freePort();
  rpBase = `http://127.0.0.1:${rpPort}`;
  rp = await registerTestRelyingParty(platform, { redirectUri: `${rpBase}/callback` });
  rpServer = await startRelyingParty(rpPort);
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

describe("eIDAS sign-in in the browser (AUTH-6)", () => {
  it("lv: country → Estonian node → consent → agree: ID token with sub PNOEE-…, acr and amr eidas", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto(`${rpBase}/`);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/signin\//);
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
    await page.goto(`${rpBase}/`);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/signin\//);
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
