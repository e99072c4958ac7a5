/**
 * Latvija.lv's login module (VPM): WS-Federation passive requestor profile (WS-Federation 1.2
 * §13; shared/specs/latvian-identity.md §2). We send the browser to the module's STS with
 * `wa=wsignin1.0`, `wtrealm` (our realm), `wreply` (our callback) and `wctx` (the attempt's state);
 * the person picks a means there (eID card, eParaksts Mobile, a bank, Smart-ID); the module POSTs
 * `wresult` (a RequestSecurityTokenResponse with a signed SAML 1.1 or 2.0 assertion) and `wctx`
 * back. Verification is a visible pipeline: verify the token against the pinned signing keys
 * (core/vpm-token.ts) → check the assertion (core/vpm-assertion.ts) → single use of its ID
 * (adapters/vpm-replay-cache.ts) → evidence from its claims (core/vpm-evidence.ts).
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import { rememberAssertionOnce } from "../adapters/vpm-replay-cache.ts";
import type { SignInEvidence } from "../core/evidence.ts";
import { checkVpmAssertion, VpmAssertionError } from "../core/vpm-assertion.ts";
import { evidenceFromVpm } from "../core/vpm-evidence.ts";
import { DEFAULT_VPM_TOKEN_LIMITS, VpmTokenError, verifyVpmToken } from "../core/vpm-token.ts";
import { IdentityError } from "../errors.ts";
import type { CompleteContext, SignInMethod } from "./method.ts";

/** The issuer the real module writes (spec §2.1). */
export const VPM_ISSUER = "http://www.latvija.lv/sts";
/** WS-Trust 1.3 token type URIs a `wreq` may ask for. */
export const TOKEN_TYPE_SAML11 = "urn:oasis:names:tc:SAML:1.0:assertion";
export const TOKEN_TYPE_SAML20 = "urn:oasis:names:tc:SAML:2.0:assertion";

export interface VpmSettings {
  /** The module's passive STS endpoint (production e.g. https://vpm.viss.gov.lv/LVP.STS/…). */
  stsUrl: string;
  /** Our realm (wtrealm) as agreed at onboarding: the assertion's only accepted audience. */
  realm: string;
  /** Our callback, `${PUBLIC_URL}/signin/callback/latvija-lv` (wreply; SAML 2.0 Recipient). */
  replyUrl: string;
  /** Accepted assertion issuers. */
  issuers: string[];
  /** The module's signing certificates (DER), pinned: nothing else is trusted. */
  signingCertificates: Uint8Array[];
  /** Clock skew tolerated on NotBefore / NotOnOrAfter (ms). */
  clockSkewMs: number;
  /** The token asked for: SAML 1.1 (the module's default; no wreq) or SAML 2.0 (sent as wreq). */
  tokenType: "saml11" | "saml20";
  /** `wresult` size limit in bytes (default 256 KiB). */
  maxTokenBytes?: number;
}

/** Our callback path at the module (wreply). */
export const VPM_CALLBACK_PATH = "/signin/callback/latvija-lv";

const MAX_STATE = 100;

/** A WS-Trust 1.3 RequestSecurityToken asking for a SAML 2.0 token (WS-Federation 1.2 §13.2.1 wreq). */
export function saml2Wreq(): string {
  return `<trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><trust:TokenType>${TOKEN_TYPE_SAML20}</trust:TokenType></trust:RequestSecurityToken>`;
}

function keysOf(certificates: readonly Uint8Array[]): KeyObject[] {
  return certificates.map((der) => new X509Certificate(der).publicKey);
}

export function vpmMethod(settings: VpmSettings | undefined): SignInMethod {
  const keys = settings ? keysOf(settings.signingCertificates) : [];
  const origin = settings ? new URL(settings.stsUrl).origin : undefined;
  return {
    button: "latvija-lv",
    available: settings !== undefined && keys.length > 0,
    origins: origin ? [origin] : [],
    async begin({ attempt, language }) {
      if (!settings) throw new IdentityError("method-unavailable", "Latvija.lv is not configured");
      const url = new URL(settings.stsUrl);
      url.searchParams.set("wa", "wsignin1.0");
      url.searchParams.set("wtrealm", settings.realm);
      url.searchParams.set("wreply", settings.replyUrl);
      url.searchParams.set("wctx", attempt.state);
      if (settings.tokenType === "saml20") url.searchParams.set("wreq", saml2Wreq());
      // Not a WS-Federation parameter: the language the module's pages open in (ignored if unknown).
      url.searchParams.set("lang", language);
      return { kind: "redirect", url: url.toString() };
    },
    stateOf(params) {
      const state = params.wctx;
      return typeof state === "string" && state.length <= MAX_STATE ? state : undefined;
    },
    async complete(params, _attempt, today, context?: CompleteContext): Promise<SignInEvidence> {
      if (!settings) throw new IdentityError("method-unavailable", "Latvija.lv is not configured");
      if (!context) throw new IdentityError("method-unavailable", "Latvija.lv needs the sign-in context");
      if (params.wa !== "wsignin1.0")
        throw new IdentityError("method-protocol-error", "answer is not a wsignin1.0 response");
      // The module answers without a token when the person cancels there.
      if (!params.wresult) throw new IdentityError("method-cancelled", "Latvija.lv returned no token");
      try {
        const token = await verifyVpmToken(params.wresult, keys, {
          ...DEFAULT_VPM_TOKEN_LIMITS,
          maxBytes: settings.maxTokenBytes ?? DEFAULT_VPM_TOKEN_LIMITS.maxBytes,
        });
        const assertion = checkVpmAssertion(token, {
          issuers: settings.issuers,
          realm: settings.realm,
          replyUrl: settings.replyUrl,
          clockSkewMs: settings.clockSkewMs,
          now: context.now,
        });
        const fresh = await rememberAssertionOnce(context.db, {
          issuer: assertion.issuer,
          id: assertion.id,
          until: new Date(assertion.notOnOrAfter.getTime() + settings.clockSkewMs),
          now: context.now,
        });
        if (!fresh)
          throw new IdentityError("evidence-rejected", "assertion already used", "assertion-replayed");
        const result = evidenceFromVpm(assertion, today);
        if (!result.ok)
          throw new IdentityError("evidence-rejected", "Latvija.lv evidence not accepted", result.code);
        return result.evidence;
      } catch (error) {
        if (error instanceof VpmTokenError || error instanceof VpmAssertionError)
          throw new IdentityError("evidence-rejected", "Latvija.lv token not accepted", error.code);
        throw error;
      }
    },
  };
}
