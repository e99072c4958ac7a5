/**
 * A stand-in for Latvija.lv's login module (VPM), speaking WS-Federation's passive requestor
 * profile as the real one does (shared/specs/latvian-identity.md §2), so the platform's adapter is
 * tested as it runs in production:
 *   GET  /sts?wa=wsignin1.0&wtrealm&wreply&wctx[&wreq]  the module's own list of means
 *   POST /sts/means                                      the chosen means → identification page
 *                                                        (a bank: that bank's login page)
 *   POST /sts/authenticate                               personal code → signed token, POSTed back
 *   GET  /autosubmit.js                                  presses the answer page's submit button
 *   GET  /signing-certificate.pem                        the signing certificate (as IdP metadata)
 *   GET  /                                               test persons (with earlier codes)
 * The token is SAML 1.1 by default, as the module issues it; SAML 2.0 when the relying party is
 * registered so (`tokenType: "2.0"`) or asks with a `wreq` whose TokenType is SAML 2.0. The level
 * asserted is the chosen means' own: eID card and eParaksts Mobile `citizenQAALevel` 4 (high),
 * bank and Smart-ID 3 (substantial). Cancelling POSTs `wa` and `wctx` without `wresult`.
 */
import { randomBytes } from "node:crypto";
import { parseXml } from "@tilts/trust";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { defaultStandInPersons } from "../eparaksts/eparaksts-standin.ts";
import { type DemoRoles, pageLanguage, personsToList } from "../http/testbed-page.ts";
import type { TestPerson } from "../persons/index.ts";
import { certificateToPem } from "../pki/keys.ts";
import type { VpmSigningCredential } from "./vpm-credential.ts";
import {
  answerPage,
  errorPage,
  expiredMessage,
  identifyPage,
  indexPage,
  type Lang,
  type MeansOption,
  meansPage,
  unknownCodeMessage,
} from "./vpm-pages.ts";
import { buildVpmToken, SAML2_NS, WSTRUST_13 } from "./vpm-token-builder.ts";

/** The issuer the real module writes. */
export const VPM_STANDIN_ISSUER = "http://www.latvija.lv/sts";
export const VPM_STANDIN_STS_PATH = "/sts";

/** AuthenticationMethod URNs the stand-in asserts (in the module's `urn:ivis:100001:am-…` style). */
export const VPM_MEANS_URN: Readonly<Record<string, string>> = {
  "eid-card": "urn:ivis:100001:am-eid",
  "eparaksts-mobile": "urn:ivis:100001:am-eparaksts-mobile",
  "smart-id": "urn:ivis:100001:am-smart-id",
};
export const VPM_BANK_URN_PREFIX = "urn:ivis:100001:am-bank-";
/** Test banks offered inside the module (bank links: citizens only, substantial). */
export const VPM_TEST_BANKS: readonly { code: string; name: string }[] = [
  { code: "SWEDBANK", name: "Swedbank" },
  { code: "SEB", name: "SEB" },
  { code: "CITADELE", name: "Citadele" },
  { code: "LUMINOR", name: "Luminor" },
];

export const VPM_MEANS: readonly MeansOption[] = [
  { value: "eid-card", label: { lv: "eID karte", en: "eID card" }, group: "qualified" },
  {
    value: "eparaksts-mobile",
    label: { lv: "eParaksts Mobile", en: "eParaksts Mobile" },
    group: "qualified",
  },
  ...VPM_TEST_BANKS.map((b) => ({
    value: `bank:${b.code}`,
    label: { lv: `${b.name} (testa banka)`, en: `${b.name} (test bank)` },
    group: "banks" as const,
  })),
  { value: "smart-id", label: { lv: "Smart-ID", en: "Smart-ID" }, group: "other" },
];

/** A relying party the stand-in knows (the onboarding: realm, exact reply URLs, token type). */
export interface VpmStandInRelyingParty {
  realm: string;
  replyUrls: string[];
  tokenType?: "1.1" | "2.0";
}

export interface VpmStandInOptions {
  relyingParties: VpmStandInRelyingParty[];
  credential: VpmSigningCredential;
  issuer?: string;
  /** Default: the eParaksts stand-in's 25 test persons (the same people across the testbed). */
  persons?: readonly TestPerson[];
  /** Who the persons are in the platform's demo: the index lists the staff first, with roles. */
  demoRoles?: DemoRoles;
  /** Assertion lifetime (default 5 minutes). */
  tokenLifetimeMs?: number;
  requestTtlMs?: number;
  now?: () => number;
}

interface PendingSignIn {
  relyingParty: VpmStandInRelyingParty;
  replyUrl: string;
  wctx: string | undefined;
  version: "1.1" | "2.0";
  lang: Lang;
  means?: MeansOption;
  failures: number;
  expiresAt: number;
}

const PAGE_CSP_BASE =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
const MAX_PENDING = 10_000;
const SAML2_TOKEN_TYPES = new Set([
  SAML2_NS,
  "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0",
]);

function str(source: unknown, key: string, max = 2048): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.length <= max ? value : undefined;
}

/** The TokenType a `wreq` (a WS-Trust RequestSecurityToken) asks for, if any. */
export function requestedTokenType(wreq: string | undefined): string | undefined {
  if (!wreq) return undefined;
  try {
    const doc = parseXml(wreq, { limits: { maxBytes: 8192, maxDepth: 8, maxNodes: 200 } }).document;
    const types = doc.getElementsByTagNameNS(WSTRUST_13, "TokenType");
    return types.length === 1 ? (types[0]!.textContent ?? "").trim() : undefined;
  } catch {
    return undefined;
  }
}

export const vpmStandIn: FastifyPluginAsync<VpmStandInOptions> = async (app: FastifyInstance, options) => {
  const persons = options.persons ?? defaultStandInPersons();
  const byCode = new Map(persons.map((p) => [p.personalCode, p]));
  const now = options.now ?? Date.now;
  const issuer = options.issuer ?? VPM_STANDIN_ISSUER;
  const lifetime = options.tokenLifetimeMs ?? 5 * 60_000;
  const requestTtl = options.requestTtlMs ?? 10 * 60_000;
  const pending = new Map<string, PendingSignIn>();
  if (!app.hasContentTypeParser("application/x-www-form-urlencoded")) {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }
  const prefix = app.prefix;
  const meansAction = `${prefix}${VPM_STANDIN_STS_PATH}/means`;
  const authenticateAction = `${prefix}${VPM_STANDIN_STS_PATH}/authenticate`;
  const scriptPath = `${prefix}/autosubmit.js`;

  // `formAction` undefined: form-action 'self'. The answer page passes null: its form goes to the
  // relying party, whose own redirects (to its client, another origin) CSP would also hold against
  // form-action (CSP3 §6.3.1.3) — a real IdP cannot know them, so that page sets no form-action.
  const html = (reply: FastifyReply, body: string, status = 200, formAction: null | undefined = undefined) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header(
        "content-security-policy",
        formAction === null ? PAGE_CSP_BASE : `${PAGE_CSP_BASE}; form-action 'self'`,
      )
      .send(body);

  function live(id: string | undefined): PendingSignIn | undefined {
    if (!id || id.length > 100) return undefined;
    const p = pending.get(id);
    if (p && p.expiresAt <= now()) {
      pending.delete(id);
      return undefined;
    }
    return p;
  }

  function answer(reply: FastifyReply, id: string, sign: PendingSignIn, wresult: string | undefined) {
    pending.delete(id);
    const fields: Record<string, string> = { wa: "wsignin1.0" };
    if (wresult) fields.wresult = wresult;
    if (sign.wctx !== undefined) fields.wctx = sign.wctx;
    return html(
      reply,
      answerPage({ lang: sign.lang, replyUrl: sign.replyUrl, fields, script: scriptPath }),
      200,
      null,
    );
  }

  app.get(VPM_STANDIN_STS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const q = request.query;
    const lang: Lang = str(q, "lang") === "en" ? "en" : "lv";
    if (str(q, "wa") !== "wsignin1.0") return html(reply, errorPage(lang, "wa must be wsignin1.0"), 400);
    const realm = str(q, "wtrealm", 1024);
    const relyingParty = options.relyingParties.find((rp) => rp.realm === realm);
    const replyUrl = str(q, "wreply", 2048) ?? relyingParty?.replyUrls[0];
    // An unknown realm or reply address: never send a token anywhere (onboarding fixes both).
    if (!relyingParty || !replyUrl || !relyingParty.replyUrls.includes(replyUrl))
      return html(reply, errorPage(lang, "unknown wtrealm or wreply"), 400);
    const asked = requestedTokenType(str(q, "wreq", 8192));
    const version = asked && SAML2_TOKEN_TYPES.has(asked) ? "2.0" : (relyingParty.tokenType ?? "1.1");
    for (const [key, value] of pending) if (value.expiresAt <= now()) pending.delete(key);
    if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
    const id = randomBytes(24).toString("base64url");
    pending.set(id, {
      relyingParty,
      replyUrl,
      wctx: str(q, "wctx", 1024),
      version,
      lang,
      failures: 0,
      expiresAt: now() + requestTtl,
    });
    return html(
      reply,
      meansPage({ lang, action: meansAction, requestId: id, realm: relyingParty.realm, means: VPM_MEANS }),
    );
  });

  app.post(`${VPM_STANDIN_STS_PATH}/means`, { schema: { hide: true } }, async (request, reply) => {
    const id = str(request.body, "request", 100);
    const sign = live(id);
    if (!sign || !id) return html(reply, errorPage("lv", expiredMessage("lv")), 400);
    const choice = str(request.body, "means", 40);
    if (choice === "cancel") return answer(reply, id, sign, undefined);
    const means = VPM_MEANS.find((m) => m.value === choice);
    if (!means) return html(reply, errorPage(sign.lang, "unknown means"), 400);
    sign.means = means;
    return html(
      reply,
      identifyPage({
        lang: sign.lang,
        action: authenticateAction,
        requestId: id,
        means,
        backAction: meansAction,
      }),
    );
  });

  app.post(`${VPM_STANDIN_STS_PATH}/authenticate`, { schema: { hide: true } }, async (request, reply) => {
    const id = str(request.body, "request", 100);
    const sign = live(id);
    if (!sign || !id || !sign.means) return html(reply, errorPage("lv", expiredMessage("lv")), 400);
    if (str(request.body, "action") === "cancel") return answer(reply, id, sign, undefined);
    const code = (str(request.body, "personal_code", 40) ?? "").trim();
    const person =
      byCode.get(code) ?? byCode.get(code.length === 11 ? `${code.slice(0, 6)}-${code.slice(6)}` : "");
    if (!person) {
      // Many wrong codes against one request end it (a stand-in, but no endless guessing).
      if (++sign.failures >= 10) return answer(reply, id, sign, undefined);
      return html(
        reply,
        identifyPage({
          lang: sign.lang,
          action: authenticateAction,
          requestId: id,
          means: sign.means,
          backAction: meansAction,
          message: unknownCodeMessage(sign.lang),
          personalCode: code,
        }),
        400,
      );
    }
    const bank = sign.means.value.startsWith("bank:");
    const authenticationMethod = bank
      ? `${VPM_BANK_URN_PREFIX}${sign.means.value.slice(5)}`
      : VPM_MEANS_URN[sign.means.value]!;
    const qaaLevel = bank || sign.means.value === "smart-id" ? "3" : "4";
    const wresult = await buildVpmToken({
      version: sign.version,
      issuer,
      realm: sign.relyingParty.realm,
      replyUrl: sign.replyUrl,
      person,
      authenticationMethod,
      qaaLevel,
      now: new Date(now()),
      lifetimeMs: lifetime,
      key: options.credential.key,
      certificate: options.credential.certificate,
    });
    return answer(reply, id, sign, wresult);
  });

  app.get("/autosubmit.js", { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(
        'document.addEventListener("DOMContentLoaded",function(){var f=document.getElementById("wsfed-answer");if(f)f.submit();});\n',
      ),
  );

  app.get("/signing-certificate.pem", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/x-pem-file").send(certificateToPem(options.credential.certificate)),
  );

  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    return html(
      reply,
      indexPage({
        lang: pageLanguage(request),
        selfPath: `${prefix}/`,
        persons: personsToList(persons, 25, options.demoRoles),
        ...(options.demoRoles ? { demoRoles: options.demoRoles } : {}),
        means: VPM_MEANS,
        certificateHref: `${prefix}/signing-certificate.pem`,
      }),
    );
  });
};
