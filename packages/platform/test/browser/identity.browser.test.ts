/**
 * The sign-in as a person lives it, in Debian's Chromium: a small test relying party → the
 * professionals' sign-in page (exactly two buttons, AUTH-2) → eParaksts → the stand-in's phone
 * page → user number and PIN1 → the relying party receives and verifies an ID token with the
 * right sub, acr and amr. axe-core checks every page on the way.
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
let rp: TestRelyingParty;
let rpBase: string;
let browser: Browser;
const person = defaultStandInPersons()[1]!;

/** A relying party as small as can be: a link to sign in, a callback that checks the ID token. */
async function startRelyingParty(port: number): Promise<FastifyInstance> {
  const verifiers = new Map<string, { verifier: string; nonce: string }>();
  const app = Fastify();
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  app.get("/", async (_request, reply) => {
    const state = randomBytes(16).toString("base64url");
    const nonce = randomBytes(16).toString("base64url");
    const verifier = randomBytes(32).toString("base64url");
    verifiers.set(state, { verifier, nonce });
    const url = new URL("/oidc/auth", platform.base);
    url.search = new URLSearchParams({
      client_id: rp.client.clientId,
      redirect_uri: rp.redirectUri,
      response_type: "code",
      scope: "openid profile",
      state,
      nonce,
      acr_values: "high",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    return reply.type("text/html").send(page("Test clinic", `<p><a href="${url}">Sign in</a></p>`));
  });
  app.get<{ Querystring: Record<string, string> }>("/callback", async (request, reply) => {
    const pending = verifiers.get(request.query.state ?? "");
    if (!pending || !request.query.code)
      return reply.code(400).type("text/html").send(page("Error", "<p>bad state</p>"));
    verifiers.delete(request.query.state!);
    const tokenResponse = await fetch(new URL("/oidc/token", platform.base), {
      method: "POST",
      headers: {
        authorization: basicAuth(rp.client.clientId, rp.clientSecret),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: request.query.code,
        redirect_uri: rp.redirectUri,
        code_verifier: pending.verifier,
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
    if (payload.nonce !== pending.nonce) return reply.code(400).send("bad nonce");
    return reply
      .type("text/html")
      .send(
        page(
          "Signed in",
          `<dl><dt>sub</dt><dd id="sub">${payload.sub}</dd><dt>acr</dt><dd id="acr">${String(payload.acr)}</dd><dt>amr</dt><dd id="amr">${JSON.stringify(payload.amr)}</dd></dl>`,
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
  rp = await registerTestRelyingParty(platform, {
    professional: true,
    minLevel: "high",
    redirectUri: `${rpBase}/callback`,
  });
  rpServer = await startRelyingParty(rpPort);
  browser = await launchChromium();
}, 300_000); // opening a database and a browser on a busy two-core machine

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

describe("sign-in in the browser", () => {
  it("professional: two buttons, eParaksts, phone page with PIN1, ID token at the relying party", async () => {
    const context = await browser.newContext({ locale: "lv-LV" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });

    await page.goto(`${rpBase}/`);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/signin\//);
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
    await page.goto(`${rpBase}/`);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/signin\//);
    expect(await page.textContent("h1")).toBe("Sign in");
    await page.getByRole("button", { name: "Latvija.lv" }).click();
    await page.waitForURL(/\/testbed\/vpm\/sts/);
    expect(await page.textContent("h1")).toBe("Choose a means of authentication");
    await expectAccessible(page);
    await context.close();
  });
});
