/**
 * For tests and benchmarks only: a platform with the identity module and the eParaksts stand-in
 * listening on a loopback port, a registered test relying party, and a small RP-side driver
 * (authorize URL with PKCE, cookie jar, redirects followed by hand) — the way a real relying party
 * and browser would go through the flow.
 */

import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig, type PlatformConfig } from "../../config/config.ts";
import { TEST_KEY_ENCRYPTION_SECRET } from "../../core/keys/testing/test-secret.ts";
import type { TestDatabase, TestDatabaseKind } from "../../db/testing.ts";
import { buildServer } from "../../http/server.ts";
import { composeModules } from "../../modules.ts";
import { type RegisteredClient, registerClient } from "../adapters/client-store.ts";
import type { IdentityOptions } from "../config.ts";
import type { Level } from "../core/levels.ts";

export interface TestPlatform {
  app: FastifyInstance;
  base: string;
  config: PlatformConfig;
  database: TestDatabase;
  clock: { now: Date | undefined };
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * fetch that retries once when a pooled keep-alive connection turns out to be closed (a test
 * restarts the server on the same port; the client's pool may still hold a socket to the old one).
 */
export async function loopbackFetch(input: string | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw error;
    return fetch(input, init);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a platform on a loopback port; pass `database` to restart over an existing one. */
export async function startTestPlatform(
  kind: TestDatabaseKind,
  options: {
    database?: TestDatabase;
    port?: number;
    rateLimitPerMinute?: number;
    maintenanceIntervalMs?: number;
    methodOverrides?: IdentityOptions["methodOverrides"];
    /** Folder for the testbed's state; a fresh temporary one by default (removed on stop). */
    dataDir?: string;
  } = {},
): Promise<TestPlatform> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tilts-identity-test-"));
  const config = loadConfig({
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      DATA_DIR: dataDir,
      KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
    },
  });
  const database = options.database ?? (await kind.open());
  const clock: { now: Date | undefined } = { now: undefined };
  const modules = await composeModules(config, {
    identity: {
      now: () => clock.now ?? new Date(),
      maintenanceIntervalMs: options.maintenanceIntervalMs ?? 0,
      methodOverrides: options.methodOverrides,
      // Every test request comes from 127.0.0.1: no limit unless a test asks for one.
      signInRateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    },
    // Sign-in tests need no e-health demo data (seeding validates and signs CDA documents: seconds).
    ehealth: { seedDemo: false },
  });
  const app = await buildServer({ config, database, logger: false, modules });
  await app.listen({ port, host: "127.0.0.1" });
  return {
    app,
    base: config.publicUrl,
    config,
    database,
    clock,
    async stop(stopOptions = {}) {
      await app.close();
      if (!stopOptions.keepDatabase) {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface TestRelyingParty {
  client: RegisteredClient;
  clientSecret: string;
  redirectUri: string;
}

export async function registerTestRelyingParty(
  platform: TestPlatform,
  options: { professional?: boolean; minLevel?: Level; redirectUri?: string } = {},
): Promise<TestRelyingParty> {
  // Never fetched: the driver stops at the redirect to it.
  const redirectUri = options.redirectUri ?? "http://127.0.0.1:9/rp/callback";
  const { client, clientSecret } = await registerClient(platform.database.db, {
    name: options.professional ? "Test clinic system" : "Test e-service",
    redirectUris: [redirectUri],
    postLogoutRedirectUris: ["http://127.0.0.1:9/rp/logged-out"],
    professional: options.professional ?? false,
    minLevel: options.minLevel ?? "low",
  });
  return { client, clientSecret, redirectUri };
}

/** A cookie jar good enough for one flow against one host (paths are ignored). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export class Browserless {
  readonly jar = new CookieJar();
  constructor(readonly base: string) {}

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const absolute = new URL(url, this.base).toString();
    const headers: Record<string, string> = { cookie: this.jar.header(), accept: "text/html" };
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await loopbackFetch(absolute, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    this.jar.take(response);
    return response;
  }

  /** Follows redirects on the platform; stops at one leaving it (e.g. to the relying party). */
  async follow(
    response: Response,
    stopAt: (url: string) => boolean,
  ): Promise<{ response: Response; url: string }> {
    let current = response;
    let url = current.url;
    for (let hops = 0; hops < 15 && current.status >= 300 && current.status < 400; hops++) {
      const location = current.headers.get("location");
      if (!location) break;
      url = new URL(location, url || this.base).toString();
      if (stopAt(url)) return { response: current, url };
      await current.arrayBuffer();
      current = await this.request(url);
    }
    return { response: current, url: current.url || url };
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(
  platform: { base: string },
  rp: TestRelyingParty,
  params: { state: string; nonce: string; pkce?: Pkce; acrValues?: string; scope?: string },
): string {
  const url = new URL("/oidc/auth", platform.base);
  url.searchParams.set("client_id", rp.client.clientId);
  url.searchParams.set("redirect_uri", rp.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", params.scope ?? "openid profile");
  url.searchParams.set("state", params.state);
  url.searchParams.set("nonce", params.nonce);
  if (params.pkce) {
    url.searchParams.set("code_challenge", params.pkce.challenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  if (params.acrValues) url.searchParams.set("acr_values", params.acrValues);
  return url.toString();
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

/** Reads a form's hidden input value from a page. */
export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

export interface SignInRun {
  /** Where the platform finally sent the browser: the RP's redirect URI with code and state, or a page. */
  finalUrl: string;
  finalResponse: Response;
  browser: Browserless;
  pkce: Pkce;
  state: string;
  nonce: string;
}

/** Drives authorize → sign-in page → eParaksts → phone (user number + PIN1) → back to the RP. */
export async function signInWithEparaksts(
  platform: { base: string },
  rp: TestRelyingParty,
  person: { personalCode: string; pin1: string },
  options: { acrValues?: string } = {},
): Promise<SignInRun> {
  const browser = new Browserless(platform.base);
  const pkce = newPkce();
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const leavesPlatform = (url: string) => url.startsWith(rp.redirectUri);
  const start = await browser.request(
    authorizeUrl(platform, rp, { state, nonce, pkce, acrValues: options.acrValues }),
  );
  const signIn = await browser.follow(start, leavesPlatform);
  const signInPath = new URL(signIn.url).pathname;
  await signIn.response.text();
  const toMethod = await browser.request(`${signInPath}/method/eparaksts`, { form: { method: "eparaksts" } });
  const phone = await browser.follow(toMethod, leavesPlatform);
  const phoneHtml = await phone.response.text();
  const requestId = hiddenValue(phoneHtml, "request");
  if (!requestId) throw new Error(`no phone page: ${phone.response.status} ${phoneHtml.slice(0, 300)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(phoneHtml)?.[1] ?? "";
  const approveUrl = new URL(action, phone.url).toString();
  const approved = await browser.request(approveUrl, {
    form: { request: requestId, user_number: person.personalCode, pin1: person.pin1, action: "approve" },
  });
  const back = await browser.follow(approved, leavesPlatform);
  return { finalUrl: back.url, finalResponse: back.response, browser, pkce, state, nonce };
}

/** The RP's back channel: exchange the code at the token endpoint with Basic authentication. */
export async function exchangeCode(
  platform: { base: string },
  rp: TestRelyingParty,
  code: string,
  verifier: string,
): Promise<Response> {
  return loopbackFetch(new URL("/oidc/token", platform.base), {
    method: "POST",
    headers: {
      authorization: basicAuth(rp.client.clientId, rp.clientSecret),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: rp.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
}

/**
 * One complete sign-in as a relying party and a browser make it: eParaksts with PIN1, the code
 * exchanged at the token endpoint, user info read with the access token. Returns the user info.
 */
export async function completeSignIn(
  platform: { base: string },
  rp: TestRelyingParty,
  person: { personalCode: string; pin1: string },
): Promise<Record<string, unknown>> {
  const run = await signInWithEparaksts(platform, rp, person);
  const code = new URL(run.finalUrl).searchParams.get("code");
  if (!code) throw new Error(`sign-in did not reach the relying party: ${run.finalUrl}`);
  const token = await exchangeCode(platform, rp, code, run.pkce.verifier);
  if (token.status !== 200) throw new Error(`token endpoint answered ${token.status}`);
  const { access_token } = (await token.json()) as { access_token: string };
  const info = await loopbackFetch(`${platform.base}/oidc/me`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  if (info.status !== 200) throw new Error(`user info answered ${info.status}`);
  return (await info.json()) as Record<string, unknown>;
}
