/**
 * The small test relying party the identity browser tests sign in to (AUTH-1, AUTH-2, AUTH-6):
 * one Fastify server whose start pages build an authorisation URL (PKCE S256, state, nonce) and
 * whose callback exchanges the code and verifies the ID token with jose against the platform's
 * JWKS (issuer, audience, nonce), then shows sub, acr, amr and any extra claims the test asks
 * for. Plus the steps every sign-in test shares: the axe check and "relying party → sign-in page".
 */
import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import Fastify, { type FastifyInstance } from "fastify";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import {
  exchangeCode,
  type TestPlatform,
  type TestRelyingParty,
} from "../../src/identity/testing/test-platform.ts";

export interface RelyingPartyOptions {
  platform: TestPlatform;
  port: number;
  /** Title of the start pages (each has one "Sign in" link). */
  title: string;
  /** Start pages: path → the registered client it signs in as; callbacks are its redirect URIs. */
  starts: ReadonlyArray<{ path: string; rp: TestRelyingParty }>;
  /** acr_values sent in the request; none when left out. */
  acrValues?: string;
  scope?: string;
  /** Show an `error` answer on a "Refused" page (#error) instead of refusing it as bad input. */
  showErrors?: boolean;
  /** Extra claims shown after sub, acr and amr: id (also the label) → the text shown. */
  extraClaims?: (payload: JWTPayload) => Record<string, string>;
}

const html = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

/** Starts the relying party on 127.0.0.1:port; close it with the returned app. */
export async function startRelyingParty(options: RelyingPartyOptions): Promise<FastifyInstance> {
  const { platform } = options;
  const pending = new Map<string, { verifier: string; nonce: string; rp: TestRelyingParty }>();
  const app = Fastify();
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  for (const { path, rp } of options.starts) {
    app.get(path, async (_request, reply) => {
      const state = randomBytes(16).toString("base64url");
      const nonce = randomBytes(16).toString("base64url");
      const verifier = randomBytes(32).toString("base64url");
      pending.set(state, { verifier, nonce, rp });
      const url = new URL("/oidc/auth", platform.base);
      url.search = new URLSearchParams({
        client_id: rp.client.clientId,
        redirect_uri: rp.redirectUri,
        response_type: "code",
        scope: options.scope ?? "openid profile",
        state,
        nonce,
        ...(options.acrValues ? { acr_values: options.acrValues } : {}),
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      return reply.type("text/html").send(html(options.title, `<p><a href="${url}">Sign in</a></p>`));
    });
  }
  const callbackPaths = new Set(options.starts.map(({ rp }) => new URL(rp.redirectUri).pathname));
  for (const callbackPath of callbackPaths) {
    app.get<{ Querystring: Record<string, string> }>(callbackPath, async (request, reply) => {
      const waiting = pending.get(request.query.state ?? "");
      if (!waiting) return reply.code(400).type("text/html").send(html("Error", "<p>bad state</p>"));
      if (options.showErrors && request.query.error) {
        pending.delete(request.query.state!);
        return reply.type("text/html").send(html("Refused", `<p id="error">${request.query.error}</p>`));
      }
      if (!request.query.code)
        return reply.code(400).type("text/html").send(html("Error", "<p>bad state</p>"));
      pending.delete(request.query.state!);
      const { rp } = waiting;
      const tokenResponse = await exchangeCode(platform, rp, request.query.code, waiting.verifier);
      const tokens = (await tokenResponse.json()) as { id_token: string };
      const { payload } = await jwtVerify(
        tokens.id_token,
        createRemoteJWKSet(new URL("/oidc/jwks", platform.base)),
        { issuer: platform.base, audience: rp.client.clientId },
      );
      if (payload.nonce !== waiting.nonce) return reply.code(400).send("bad nonce");
      const shown: Record<string, string> = {
        sub: String(payload.sub),
        acr: String(payload.acr),
        amr: JSON.stringify(payload.amr),
        ...options.extraClaims?.(payload),
      };
      const rows = Object.entries(shown)
        .map(([id, value]) => `<dt>${id}</dt><dd id="${id}">${value}</dd>`)
        .join("");
      return reply.type("text/html").send(html("Signed in", `<dl>${rows}</dl>`));
    });
  }
  await app.listen({ port: options.port, host: "127.0.0.1" });
  return app;
}

/** axe-core with the WCAG 2.1 A/AA tags: no violations on the page as it is. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/** Relying party's start page → its "Sign in" link → the platform's sign-in page. */
export async function openSignIn(page: Page, startUrl: string): Promise<void> {
  await page.goto(startUrl);
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.waitForURL(/\/signin\//);
}
