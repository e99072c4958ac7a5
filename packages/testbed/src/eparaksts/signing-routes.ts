/**
 * eParaksts Mobile "sign a hash" (SIG-2, SIG-3), modelled on LVRTC's TrustedX signing API
 * (shared/specs/latvian-identity.md §3.2):
 *  1. the relying party signs the person in (PIN1) with scope `urn:safelayer:eidas:sign:identity:profile`
 *     and reads the person's signing identities: GET SIGN_IDENTITIES_PATH (Bearer) →
 *     {identities: [{id, certificate (base64 DER), chain}]};
 *  2. it sends the person to the authorize endpoint again with scope
 *     `urn:safelayer:eidas:sign:identity:use:server`, `sign_identity_id`, `digests_summary`
 *     (base64 of H(digest_value)), `digests_summary_algorithm` and `document_name`; the phone page
 *     shows the document name and asks for PIN2 (or cancel → `error=access_denied`,
 *     `error_description=user_cancelled`);
 *  3. it exchanges the code at the token endpoint (HTTP Basic, as for sign-in);
 *  4. POST RAW_SIGNATURE_PATH (Bearer) {sign_identity_id, digest_value (base64), digest_algorithm}
 *     → {signature (base64)}: only the approved digest, once.
 * ECDSA signatures are raw r‖s by default: §3.2 does not say which encoding LVRTC returns
 * (UNVERIFIED, hence `ecdsaSignatureEncoding`); XAdES (XML-DSig) wants r‖s.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TestPerson } from "../persons/index.ts";
import { CANCELLED, redirectTarget } from "./redirect-target.ts";
import { ecdsaRawToDer, type SigningIdentities } from "./signing-identities.ts";
import { cancelledPage, escapeHtml, shell } from "./standin-pages.ts";
import type { SignatureGrant, StandInStore } from "./standin-store.ts";

export const SCOPE_SIGN_IDENTITY_PROFILE = "urn:safelayer:eidas:sign:identity:profile";
export const SCOPE_SIGN_IDENTITY_USE_SERVER = "urn:safelayer:eidas:sign:identity:use:server";
export const SIGN_IDENTITIES_PATH = "/trustedx-resources/esigp/v1/sign-identities";
export const RAW_SIGNATURE_PATH = "/trustedx-resources/esigp/v1/signatures/server/raw";

/** Digest algorithms as TrustedX names them, with their output lengths. */
export const DIGEST_ALGORITHMS: Readonly<Record<string, { node: string; length: number }>> = {
  "sha-256": { node: "sha256", length: 32 },
  "sha-384": { node: "sha384", length: 48 },
  "sha-512": { node: "sha512", length: 64 },
};

export interface SigningContext {
  store: StandInStore;
  identities: SigningIdentities;
  persons: ReadonlyMap<string, TestPerson>;
  pin2: string;
  requestTtlMs: number;
  encoding: "raw" | "der";
  now: () => number;
  chain: () => Uint8Array[];
  html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  redirectWith: (
    reply: FastifyReply,
    uri: string,
    params: Record<string, string | undefined>,
  ) => FastifyReply;
  oauthError: (reply: FastifyReply, status: number, error: string, description: string) => FastifyReply;
  str: (source: unknown, key: string, max?: number) => string | undefined;
}

const TEXT = {
  lv: {
    title: "eParaksts Mobile: parakstīšana",
    document: "Dokuments",
    signer: "Parakstītājs",
    fingerprint: "Kontrolsumma",
    note: "Testa stends, nevis LVRTC. Testa PIN2:",
    sign: "Parakstīt",
    cancel: "Atcelt",
    wrong: "Nepareizs PIN2. Atlikušie mēģinājumi:",
  },
  en: {
    title: "eParaksts Mobile: signing",
    document: "Document",
    signer: "Signer",
    fingerprint: "Digest",
    note: "A testbed stand-in, not LVRTC. Test PIN2:",
    sign: "Sign",
    cancel: "Cancel",
    wrong: "Wrong PIN2. Attempts left:",
  },
};

function signingPage(
  ctx: SigningContext,
  action: string,
  requestId: string,
  grant: SignatureGrant,
  message?: string,
) {
  const t = TEXT[grant.locale];
  const person = grant.person;
  return shell(
    grant.locale,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.note)} <strong>${escapeHtml(ctx.pin2)}</strong>.</p>
<dl><dt>${escapeHtml(t.document)}</dt><dd>${escapeHtml(grant.documentName)}</dd>
<dt>${escapeHtml(t.signer)}</dt><dd>${escapeHtml(`${person.givenName} ${person.familyName}`)}</dd>
<dt>${escapeHtml(t.fingerprint)}</dt><dd><code>${escapeHtml(Buffer.from(grant.digestsSummary).toString("hex").slice(0, 16))}</code></dd></dl>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<p><label for="pin2">PIN2</label><br><input id="pin2" name="pin2" type="password" inputmode="numeric" autocomplete="off"></p>
<p><button type="submit" name="action" value="sign">${escapeHtml(t.sign)}</button>
<button type="submit" name="action" value="cancel">${escapeHtml(t.cancel)}</button></p>
</form>`,
  );
}

export function registerSigningRoutes(app: FastifyInstance, ctx: SigningContext, authorizePath: string) {
  const { store, identities, str } = ctx;
  const pending = new Map<string, SignatureGrant & { expiresAt: number }>();
  const approveAction = `${app.prefix}${authorizePath}/sign-approve`;

  /** Step 2: called by the authorize endpoint for a signing scope, client and redirect URI checked. */
  function authorizeSigning(
    request: FastifyRequest,
    reply: FastifyReply,
    client: { clientId: string },
    redirectUri: string,
    state: string | undefined,
    locale: "lv" | "en",
  ) {
    const q = request.query;
    const fail = (description: string, error = "invalid_request") =>
      ctx.redirectWith(reply, redirectUri, { error, error_description: description, state });
    const identity = identities.byIdentityId(str(q, "sign_identity_id", 64));
    if (!identity) return fail("unknown sign_identity_id");
    const algorithm = DIGEST_ALGORITHMS[str(q, "digests_summary_algorithm", 16)?.toLowerCase() ?? ""];
    if (!algorithm) return fail("digests_summary_algorithm: sha-256, sha-384 or sha-512");
    const summary = Buffer.from(str(q, "digests_summary", 100) ?? "", "base64");
    if (summary.length !== algorithm.length) return fail("digests_summary has the wrong length");
    const documentName = (str(q, "document_name", 200) ?? "").trim();
    if (!documentName) return fail("document_name is required");
    if (identities.isBlocked(identity.person.personalCode)) return fail("pin2_blocked", "access_denied");
    const grant: SignatureGrant = {
      clientId: client.clientId,
      redirectUri,
      state,
      locale,
      person: identity.person,
      identityId: identity.id,
      digestsSummary: new Uint8Array(summary),
      summaryAlgorithm: algorithm.node,
      documentName,
    };
    const requestId = store.add(pending, { ...grant, expiresAt: ctx.now() + ctx.requestTtlMs });
    return ctx.html(reply, signingPage(ctx, approveAction, requestId, grant));
  }

  app.post(`${authorizePath}/sign-approve`, { schema: { hide: true } }, async (request, reply) => {
    const requestId = str(request.body, "request", 100);
    const grant = store.live(pending, requestId);
    if (!grant || !requestId)
      return ctx.html(
        reply,
        shell("lv", "eParaksts", '<p role="alert">The request has expired. / Pieprasījums ir novecojis.</p>'),
        400,
      );
    const back = (params: Record<string, string | undefined>) => {
      pending.delete(requestId);
      return ctx.redirectWith(reply, grant.redirectUri, { ...params, state: grant.state });
    };
    if (str(request.body, "action") === "cancel") {
      // Nothing is signed and the grant is gone; the page says so, its link tells the relying party.
      pending.delete(requestId);
      const target = redirectTarget(grant.redirectUri, { ...CANCELLED, state: grant.state });
      return ctx.html(reply, cancelledPage(grant.locale, "signing", target));
    }
    const checked = identities.checkPin2(grant.person.personalCode, str(request.body, "pin2", 20) ?? "");
    if (!checked.ok && checked.reason === "pin-blocked")
      return back({ error: "access_denied", error_description: "pin2_blocked" });
    if (!checked.ok) {
      const message = `${TEXT[grant.locale].wrong} ${checked.attemptsLeft}`;
      return ctx.html(reply, signingPage(ctx, approveAction, requestId, grant, message), 400);
    }
    const { expiresAt: _expiresAt, ...signature } = grant;
    const code = store.add(store.codes, {
      clientId: grant.clientId,
      redirectUri: grant.redirectUri,
      codeChallenge: undefined,
      person: grant.person,
      flow: "mobile",
      scope: SCOPE_SIGN_IDENTITY_USE_SERVER,
      expiresAt: ctx.now() + 60_000,
      used: false,
      tokens: [],
      signature,
    });
    return back({ code });
  });

  const bearer = (request: FastifyRequest) => {
    const header = request.headers.authorization ?? "";
    return {
      id: header.slice(7),
      token: store.live(store.tokens, header.startsWith("Bearer ") ? header.slice(7) : undefined),
    };
  };
  const invalidToken = (reply: FastifyReply) => {
    reply.header("www-authenticate", 'Bearer error="invalid_token"');
    return ctx.oauthError(reply, 401, "invalid_token", "unknown or expired access token");
  };

  /** Step 1: the person's signing identities (one per person here). */
  app.get(SIGN_IDENTITIES_PATH, { schema: { hide: true } }, async (request, reply) => {
    const { token } = bearer(request);
    if (!token) return invalidToken(reply);
    if (!token.scope.split(" ").includes(SCOPE_SIGN_IDENTITY_PROFILE))
      return ctx.oauthError(
        reply,
        403,
        "insufficient_scope",
        `scope ${SCOPE_SIGN_IDENTITY_PROFILE} required`,
      );
    const identity = identities.of(token.person);
    return reply.header("cache-control", "no-store").send({
      identities: [
        {
          id: identity.id,
          certificate: Buffer.from(identity.certificate).toString("base64"),
          chain: ctx.chain().map((c) => Buffer.from(c).toString("base64")),
        },
      ],
    });
  });

  /** Step 4: the signature over the approved digest, once. */
  app.post(RAW_SIGNATURE_PATH, { schema: { hide: true } }, async (request, reply) => {
    const { id, token } = bearer(request);
    if (!token) return invalidToken(reply);
    const grant = token.signature;
    if (!grant)
      return ctx.oauthError(
        reply,
        403,
        "insufficient_scope",
        `scope ${SCOPE_SIGN_IDENTITY_USE_SERVER} required`,
      );
    const body = request.body;
    if (str(body, "sign_identity_id", 64) !== grant.identityId)
      return ctx.oauthError(reply, 400, "invalid_request", "sign_identity_id differs from the approved one");
    const algorithm = DIGEST_ALGORITHMS[str(body, "digest_algorithm", 16)?.toLowerCase() ?? ""];
    if (!algorithm)
      return ctx.oauthError(reply, 400, "invalid_request", "digest_algorithm: sha-256, sha-384 or sha-512");
    const digest = Buffer.from(str(body, "digest_value", 100) ?? "", "base64");
    if (digest.length !== algorithm.length)
      return ctx.oauthError(reply, 400, "invalid_request", "digest_value does not match digest_algorithm");
    const summary = createHash(grant.summaryAlgorithm).update(digest).digest();
    if (!summary.equals(grant.digestsSummary))
      return ctx.oauthError(reply, 403, "access_denied", "the person did not approve this digest");
    const identity = identities.byIdentityId(grant.identityId);
    if (!identity) return ctx.oauthError(reply, 400, "invalid_request", "signing identity no longer exists");
    // One approval, one signature: the token is spent.
    store.tokens.delete(id);
    const raw = identities.sign(identity, new Uint8Array(digest));
    const signature = ctx.encoding === "der" ? ecdsaRawToDer(raw) : raw;
    return reply.header("cache-control", "no-store").send({
      signature: Buffer.from(signature).toString("base64"),
      signature_algorithm: `ecdsa-${algorithm.node}`,
    });
  });

  return { authorizeSigning };
}
