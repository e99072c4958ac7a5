/**
 * A stand-in for LVRTC's eParaksts identity service (Safelayer TrustedX), speaking the same
 * protocol as the real one (shared/specs/latvian-identity.md §3.1) so the platform's adapter is
 * tested as it will run in production:
 *   GET  /trustedx-authserver/oauth/lvrtc-eipsign-as         authorize (the "phone" page)
 *   POST /trustedx-authserver/oauth/lvrtc-eipsign-as/approve  the person's user number and PIN1
 *   POST /trustedx-authserver/oauth/lvrtc-eipsign-as/token    code → access token (HTTP Basic)
 *   GET  /trustedx-resources/openid/v1/users/me              user info
 *   GET  /   and  POST /reset                                 test identities; forget PIN tries
 * With `signing` set, also eParaksts Mobile "sign a hash" (§3.2, SIG-3; see signing-routes.ts and
 * README.md): signing identities, a PIN2 phone page, and raw signatures over approved digests;
 * and the self-service page where a person suspends or revokes their own signing certificate
 * at any hour (SIG-4, self-service-routes.ts).
 * Test persons come from generateTestPersons; every one has PIN1 `pin1` (default "1234", shown on
 * the pages as test data). Three wrong PINs block that identity until an operator runs `tilts testbed unblock` (AUTH-4 PIN
 * rules); the public reset only forgets the tries of PINs that are not blocked.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { type DemoRoles, pageLanguage, personsToList } from "../http/testbed-page.ts";
import { generateTestPersons, type TestPerson } from "../persons/index.ts";
import { PinBlocks, PinTries } from "../pin-block/index.ts";
import { TestPki } from "../pki/test-pki.ts";
import { CANCELLED, redirectTarget } from "./redirect-target.ts";
import { registerSelfServiceRoutes, SELF_SERVICE_PATH } from "./self-service-routes.ts";
import { DEFAULT_TEST_PIN2, SigningIdentities } from "./signing-identities.ts";
import { registerSigningRoutes, SCOPE_SIGN_IDENTITY_USE_SERVER } from "./signing-routes.ts";
import { cancelledPage, errorPage, indexPage, phonePage } from "./standin-pages.ts";
import { type Flow, StandInStore } from "./standin-store.ts";

export const STANDIN_AUTHORIZE_PATH = "/trustedx-authserver/oauth/lvrtc-eipsign-as";
export const STANDIN_TOKEN_PATH = "/trustedx-authserver/oauth/lvrtc-eipsign-as/token";
export const STANDIN_USERINFO_PATH = "/trustedx-resources/openid/v1/users/me";

/** §3.1 values, as LVRTC writes them. */
export const FLOW_MOBILE_ACR = "urn:eparaksts:authentication:flow:mobileid";
export const FLOW_SMART_CARD_ACR = "urn:eparaksts:authentication:flow:sc_plugin";
export const AMR_MOBILE = "urn:eparaksts:tws:policies:authentication:adaptive:methods:mobileid";
export const AMR_SMART_CARD = "urn:eparaksts:tws:policies:authentication:adaptive:methods:sc_plugin";
export const ACR_LEVEL_HIGH = "urn:safelayer:tws:policies:authentication:level:high";

export interface StandInClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs. */
  redirectUris: string[];
}

export interface EparakstsSigningOptions {
  /** The test PKI's state directory (created with `pkiBaseUrl` in its CDP/AIA when absent). */
  pkiStateDir: string;
  /** Where the test PKI is served (e.g. "http://127.0.0.1:8080/testbed"). */
  pkiBaseUrl: string;
  /** Default "12345". */
  pin2?: string;
  /** The test PKI's key passphrase (its keys are encrypted at rest; see PkiRuntimeOptions). */
  pkiKeyPassphrase?: string;
  /** ECDSA signature encoding returned by the raw signing endpoint (default "raw": r‖s). */
  ecdsaSignatureEncoding?: "raw" | "der";
}

export interface EparakstsStandInOptions {
  clients: StandInClient[];
  /** Default: 25 persons from generateTestPersons({ seed: "eparaksts-standin" }). */
  persons?: readonly TestPerson[];
  pin1?: string;
  maxPinAttempts?: number;
  /**
   * Where blocked PINs are kept, shared with `tilts testbed unblock` (e.g.
   * `<data-dir>/testbed/pin-blocks.json`); in memory when absent.
   */
  pinBlocksFile?: string;
  codeTtlMs?: number;
  tokenTtlMs?: number;
  requestTtlMs?: number;
  now?: () => number;
  /** eParaksts Mobile signing (SIG-3); off when absent. */
  signing?: EparakstsSigningOptions;
  /** Who the persons are in the platform's demo: the index lists the staff first, with roles. */
  demoRoles?: DemoRoles;
}

export const DEFAULT_STANDIN_SEED = "eparaksts-standin";
export const DEFAULT_TEST_PIN1 = "1234";

export function defaultStandInPersons(): TestPerson[] {
  return generateTestPersons({ seed: DEFAULT_STANDIN_SEED, count: 25 });
}

/** The stand-in's pages post back to themselves and then redirect to the client: no form-action limit. */
const PAGE_CSP = "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

function equalSecrets(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

function str(source: unknown, key: string, max = 2048): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.length <= max ? value : undefined;
}

function redirectWith(reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>) {
  return reply.redirect(redirectTarget(redirectUri, params), 303);
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .send({ error, error_description: description });
}

export const eparakstsStandIn: FastifyPluginAsync<EparakstsStandInOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const persons = options.persons ?? defaultStandInPersons();
  const byCode = new Map(persons.map((p) => [p.personalCode, p]));
  const pin1 = options.pin1 ?? DEFAULT_TEST_PIN1;
  const now = options.now ?? Date.now;
  const pinTries = new PinTries(
    "eparaksts",
    options.maxPinAttempts ?? 3,
    new PinBlocks(options.pinBlocksFile),
  );
  const store = new StandInStore(pinTries, now);
  const codeTtl = options.codeTtlMs ?? 60_000;
  const tokenTtl = options.tokenTtlMs ?? 120_000;
  const requestTtl = options.requestTtlMs ?? 300_000;
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  // Standalone use (tests, other hosts): parse form bodies unless the host already does.
  if (!app.hasContentTypeParser("application/x-www-form-urlencoded")) {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }

  let pki: TestPki | undefined;
  const signingOptions = options.signing;
  const getPki = () => {
    if (!signingOptions) throw new Error("signing is not configured");
    pki ??= TestPki.openOrCreate(signingOptions.pkiStateDir, {
      baseUrl: signingOptions.pkiBaseUrl,
      keyPassphrase: signingOptions.pkiKeyPassphrase,
    });
    return pki;
  };
  const pin2 = signingOptions?.pin2 ?? DEFAULT_TEST_PIN2;
  const identities = new SigningIdentities(getPki, pin2, pinTries);

  const approveAction = `${app.prefix}${STANDIN_AUTHORIZE_PATH}/approve`;
  const resetAction = `${app.prefix}/reset`;
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-security-policy", PAGE_CSP)
      .send(body);

  const signing = signingOptions
    ? registerSigningRoutes(
        app,
        {
          store,
          identities,
          persons: byCode,
          pin2,
          requestTtlMs: requestTtl,
          encoding: signingOptions.ecdsaSignatureEncoding ?? "raw",
          now,
          chain: () => getPki().chainFor("eparaksts"),
          html,
          redirectWith,
          oauthError,
          str,
        },
        STANDIN_AUTHORIZE_PATH,
      )
    : undefined;
  // "Phone lost" at any hour (SIG-4): the person suspends or revokes their own signing certificate.
  if (signingOptions)
    registerSelfServiceRoutes(app, {
      store,
      persons: byCode,
      pki: getPki,
      pin1,
      now,
      samePin: equalSecrets,
      html,
      str,
    });

  app.get(STANDIN_AUTHORIZE_PATH, { schema: { hide: true } }, async (request, reply) => {
    const q = request.query;
    const lang = str(q, "ui_locales")?.startsWith("en") ? "en" : "lv";
    const client = clients.get(str(q, "client_id", 200) ?? "");
    const redirectUri = str(q, "redirect_uri");
    // RFC 6749 §4.1.2.1: with an unknown client or redirect URI, never redirect.
    if (!client || !redirectUri || !client.redirectUris.includes(redirectUri)) {
      return html(reply, errorPage(lang, "invalid_request: unknown client_id or redirect_uri"), 400);
    }
    const state = str(q, "state", 512);
    if (str(q, "response_type") !== "code") {
      return redirectWith(reply, redirectUri, { error: "unsupported_response_type", state });
    }
    if ((str(q, "scope") ?? "").split(" ").includes(SCOPE_SIGN_IDENTITY_USE_SERVER)) {
      if (!signing) return redirectWith(reply, redirectUri, { error: "invalid_scope", state });
      return signing.authorizeSigning(request, reply, client, redirectUri, state, lang);
    }
    const challenge = str(q, "code_challenge", 128);
    if (challenge && str(q, "code_challenge_method") !== "S256") {
      return redirectWith(reply, redirectUri, {
        error: "invalid_request",
        error_description: "S256 only",
        state,
      });
    }
    const acr = str(q, "acr_values") ?? FLOW_MOBILE_ACR;
    const flow: Flow = acr.split(" ").includes(FLOW_SMART_CARD_ACR) ? "smart-card" : "mobile";
    const requestId = store.add(store.pending, {
      clientId: client.clientId,
      redirectUri,
      state,
      scope: str(q, "scope") ?? "",
      flow,
      locale: lang,
      codeChallenge: challenge,
      expiresAt: now() + requestTtl,
      failures: 0,
    });
    return html(
      reply,
      phonePage({ identitiesHref: `${app.prefix}/`, approveAction, lang, requestId, flow, pin1 }),
    );
  });

  app.post(`${STANDIN_AUTHORIZE_PATH}/approve`, { schema: { hide: true } }, async (request, reply) => {
    const body = request.body;
    const requestId = str(body, "request", 100);
    const pending = store.live(store.pending, requestId);
    if (!pending || !requestId)
      return html(reply, errorPage("lv", "The request has expired. / Pieprasījums ir novecojis."), 400);
    const lang = pending.locale;
    if (str(body, "action") === "cancel") {
      // Cancelled for good (the request cannot be approved afterwards); the page says so before
      // the person goes back, and the relying party learns it from the error (AUTH-4).
      store.pending.delete(requestId);
      return html(
        reply,
        cancelledPage(
          lang,
          "sign-in",
          redirectTarget(pending.redirectUri, { ...CANCELLED, state: pending.state }),
        ),
      );
    }
    const userNumber = (str(body, "user_number", 40) ?? "").trim();
    const again = (message: string) => {
      // A request with many failures is dropped, whoever the numbers were for (attempt rate limit).
      pending.failures++;
      if (pending.failures >= 10) {
        store.pending.delete(requestId);
        return redirectWith(reply, pending.redirectUri, { error: "access_denied", state: pending.state });
      }
      return html(
        reply,
        phonePage({
          identitiesHref: `${app.prefix}/`,
          approveAction,
          lang,
          requestId,
          flow: pending.flow,
          pin1,
          message,
          userNumber,
        }),
        400,
      );
    };
    const person = byCode.get(userNumber);
    if (!person) return again(lang === "lv" ? "Nezināms lietotāja numurs." : "Unknown user number.");
    if (store.isBlocked(person.personalCode)) {
      return again(
        lang === "lv"
          ? "PIN1 ir bloķēts. To atbloķē operators."
          : "PIN1 is blocked. The operator unblocks it.",
      );
    }
    if (!equalSecrets(str(body, "pin1", 20) ?? "", pin1)) {
      const left = store.wrongPin(person.personalCode);
      return again(
        left === 0
          ? lang === "lv"
            ? "Nepareizs PIN1. PIN1 ir bloķēts."
            : "Wrong PIN1. PIN1 is now blocked."
          : lang === "lv"
            ? `Nepareizs PIN1. Atlikušie mēģinājumi: ${left}.`
            : `Wrong PIN1. Attempts left: ${left}.`,
      );
    }
    store.rightPin(person.personalCode);
    store.pending.delete(requestId);
    const code = store.add(store.codes, {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      person,
      flow: pending.flow,
      scope: pending.scope,
      expiresAt: now() + codeTtl,
      used: false,
      tokens: [],
    });
    return redirectWith(reply, pending.redirectUri, { code, state: pending.state });
  });

  app.post(STANDIN_TOKEN_PATH, { schema: { hide: true } }, async (request, reply) => {
    const client = basicClient(request.headers.authorization);
    if (!client) {
      reply.header("www-authenticate", 'Basic realm="eparaksts"');
      return oauthError(reply, 401, "invalid_client", "client authentication failed");
    }
    const body = request.body;
    if (str(body, "grant_type") !== "authorization_code") {
      return oauthError(reply, 400, "unsupported_grant_type", "authorization_code only (no refresh tokens)");
    }
    const codeValue = str(body, "code", 100);
    const code = store.live(store.codes, codeValue);
    if (!code || code.clientId !== client.clientId)
      return oauthError(reply, 400, "invalid_grant", "unknown or expired code");
    if (code.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it already gave.
      for (const token of code.tokens) store.tokens.delete(token);
      return oauthError(reply, 400, "invalid_grant", "code already used");
    }
    code.used = true;
    if (str(body, "redirect_uri") !== code.redirectUri)
      return oauthError(reply, 400, "invalid_grant", "redirect_uri mismatch");
    if (code.codeChallenge) {
      const verifier = str(body, "code_verifier", 128) ?? "";
      const computed = createHash("sha256").update(verifier).digest("base64url");
      if (computed !== code.codeChallenge)
        return oauthError(reply, 400, "invalid_grant", "PKCE verification failed");
    }
    const token = store.add(store.tokens, {
      person: code.person,
      flow: code.flow,
      scope: code.scope,
      expiresAt: now() + tokenTtl,
      signature: code.signature,
    });
    code.tokens.push(token);
    return reply.header("cache-control", "no-store").send({
      access_token: token,
      token_type: "Bearer",
      expires_in: Math.floor(tokenTtl / 1000),
      scope: code.scope,
    });
  });

  app.get(STANDIN_USERINFO_PATH, { schema: { hide: true } }, async (request, reply) => {
    const header = request.headers.authorization ?? "";
    const token = store.live(store.tokens, header.startsWith("Bearer ") ? header.slice(7) : undefined);
    if (!token) {
      reply.header("www-authenticate", 'Bearer error="invalid_token"');
      return oauthError(reply, 401, "invalid_token", "unknown or expired access token");
    }
    const p = token.person;
    return reply.header("cache-control", "no-store").send({
      sub: createHash("sha256").update(`eparaksts:${p.personalCode}`).digest("hex").slice(0, 32),
      domain: "citizen",
      acr: ACR_LEVEL_HIGH,
      amr: [token.flow === "mobile" ? AMR_MOBILE : AMR_SMART_CARD],
      given_name: p.givenName,
      family_name: p.familyName,
      name: `${p.givenName} ${p.familyName}`,
      serial_number: `PNOLV-${p.personalCode}`,
    });
  });

  const blockedPins = (code: string) =>
    [store.isBlocked(code) && "PIN1", identities.isBlocked(code) && "PIN2"].filter((p) => p !== false);

  // The index lists the demo's staff first (the people a newcomer signs in as), then test persons.
  const index = (request: FastifyRequest, resetDone: boolean) =>
    indexPage({
      selfPath: `${app.prefix}/`,
      resetAction,
      lang: pageLanguage(request),
      persons: personsToList(persons, 10, options.demoRoles),
      ...(options.demoRoles ? { demoRoles: options.demoRoles } : {}),
      pin1,
      resetDone,
      blocked: blockedPins,
      ...(signingOptions ? { selfServiceHref: `${app.prefix}${SELF_SERVICE_PATH}` } : {}),
    });

  app.get("/", { schema: { hide: true } }, async (request, reply) => html(reply, index(request, false)));

  app.post("/reset", { schema: { hide: true } }, async (request, reply) => {
    const code = str(request.body, "user_number", 40)?.trim();
    // Tries only: a blocked PIN stays blocked until `tilts testbed unblock` (AUTH-4).
    pinTries.resetTries(code || undefined);
    return html(reply, index(request, true));
  });

  /** RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined and base64-encoded. */
  function basicClient(header: string | undefined): StandInClient | undefined {
    if (!header?.startsWith("Basic ") || header.length > 2000) return undefined;
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    let id: string;
    let secret: string;
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    } catch {
      return undefined;
    }
    const client = clients.get(id);
    return client && equalSecrets(secret, client.clientSecret) ? client : undefined;
  }
};
