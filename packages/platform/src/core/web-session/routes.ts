/**
 * A module's sign-in routes (relying-party side), under `/<module>/`:
 *   GET  /<module>/signin/:kind?return=/path   → the broker's /oidc/auth (state, nonce, PKCE)
 *   GET  /<module>/signin/callback/:kind       ← the broker's answer: code → ID token → session
 *   POST /<module>/signout/:kind               → session ended here, then RP-initiated logout
 *   GET  /<module>/signed-out                  ← the broker's post-logout redirect
 * The sign-in is bound to the browser that started it by a cookie whose hash the pending row
 * holds (a code injected into another browser is refused: login CSRF).
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { pageContext } from "../../web/layout.tsx";
import { WebSessionError } from "./errors.ts";
import { levelAtLeast } from "./levels.ts";
import { authorizationRequest, randomToken, sha256Hex } from "./relying-party.ts";
import {
  createSession,
  deleteSession,
  SESSION_ABSOLUTE_MS,
  SIGNIN_TTL_MS,
  savePendingSignIn,
  takePendingSignIn,
} from "./session-store.ts";
import {
  PERSON_CODE_PREFIX,
  readCookie,
  setSessionCookie,
  type WebSession,
  type WebSessionService,
} from "./web-session.ts";

const MAX_RETURN_LENGTH = 2000;
const PERSON_CODE = /^\d{6}-\d{5}$/;

/** Only a local path may be a return address (no open redirect: not `//host`, not `/\host`). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_RETURN_LENGTH) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return "/"; // control characters, backslash
  }
  // Whatever a browser makes of it must stay on this site.
  return new URL(value, "http://local.invalid").origin === "http://local.invalid" ? value : "/";
}

function kindParam<Kind extends string>(
  session: WebSession<Kind>,
  request: FastifyRequest,
): Kind | undefined {
  const kind = (request.params as { kind?: unknown }).kind;
  return session.isKind(kind) ? kind : undefined;
}

/** Sign-in starts per client address per minute (each writes a row here and at the broker). */
export const DEFAULT_SIGN_IN_RATE_LIMIT_PER_MINUTE = 60;

export async function registerWebSessionRoutes<Kind extends string>(
  app: FastifyInstance,
  session: WebSession<Kind>,
  service: WebSessionService<Kind>,
  options: { rateLimitPerMinute?: number } = {},
): Promise<void> {
  const perMinute = options.rateLimitPerMinute ?? DEFAULT_SIGN_IN_RATE_LIMIT_PER_MINUTE;
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    registerIn(scope, session, service, perMinute);
  });
}

function registerIn<Kind extends string>(
  app: FastifyInstance,
  session: WebSession<Kind>,
  service: WebSessionService<Kind>,
  perMinute: number,
): void {
  const { db, relyingParty, secureCookies } = service;
  const browserCookie = session.browserCookieName(secureCookies);
  const limited: FastifyContextConfig =
    perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};

  app.get(
    `${session.paths.signIn}/:kind`,
    { schema: { hide: true }, config: limited },
    async (request, reply) => {
      const kind = kindParam(session, request);
      if (!kind) return reply.callNotFound();
      const returnTo = safeReturnPath((request.query as { return?: unknown }).return);
      // A fresh binding per sign-in, made here: a value the browser brings could have been planted
      // by someone else (a sibling subdomain, a shared computer) to finish this sign-in in theirs.
      const binding = randomToken();
      const auth = authorizationRequest(service.issuer, service.clients[kind], request.language);
      await savePendingSignIn(
        db,
        {
          state: auth.state,
          kind,
          nonce: auth.nonce,
          codeVerifier: auth.codeVerifier,
          returnTo,
          browserHash: sha256Hex(binding),
        },
        service.now(),
      );
      setSessionCookie(reply, browserCookie, binding, {
        secure: secureCookies,
        maxAgeSeconds: SIGNIN_TTL_MS / 1000,
      });
      return reply.redirect(auth.url, 303);
    },
  );

  app.get(
    `${session.paths.callback}/:kind`,
    { schema: { hide: true }, config: limited },
    async (request, reply) => {
      const kind = kindParam(session, request);
      if (!kind) return reply.callNotFound();
      const query = request.query as Record<string, unknown>;
      try {
        const state = typeof query.state === "string" ? query.state : "";
        const pending = state ? await takePendingSignIn(db, state, service.now()) : undefined;
        if (!pending || pending.kind !== kind) {
          throw new WebSessionError("signin-unknown", "no such sign-in in progress");
        }
        const binding = readCookie(request, browserCookie);
        if (!binding || sha256Hex(binding) !== pending.browserHash) {
          throw new WebSessionError("signin-browser-mismatch", "the sign-in was started in another browser");
        }
        if (typeof query.error === "string") {
          throw new WebSessionError("signin-refused", `the broker answered ${query.error.slice(0, 60)}`);
        }
        const code = typeof query.code === "string" && query.code.length <= 500 ? query.code : "";
        if (!code) throw new WebSessionError("token-exchange-failed", "the callback carries no code");
        const client = service.clients[kind];
        const person = await relyingParty.complete(client, code, pending.codeVerifier, pending.nonce);
        if (!levelAtLeast(person.level, client.minLevel)) {
          throw new WebSessionError("level-too-low", `level ${person.level} below ${client.minLevel}`);
        }
        if (
          !person.subject.startsWith(PERSON_CODE_PREFIX) ||
          !PERSON_CODE.test(person.subject.slice(PERSON_CODE_PREFIX.length))
        ) {
          throw new WebSessionError("not-latvian-person", "the subject is not a Latvian personal code");
        }
        const earlier = readCookie(request, session.cookieName(kind, secureCookies));
        if (earlier) await deleteSession(db, earlier);
        const token = await createSession(db, kind, client.clientId, person, service.now());
        setSessionCookie(reply, session.cookieName(kind, secureCookies), token, {
          secure: secureCookies,
          maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000,
        });
        setSessionCookie(reply, browserCookie, "", { secure: secureCookies, maxAgeSeconds: 0 });
        return reply.redirect(pending.returnTo, 303);
      } catch (error) {
        if (!(error instanceof WebSessionError)) throw error;
        return failed(request, reply, kind, error);
      }
    },
  );

  app.post(`${session.paths.signOut}/:kind`, { schema: { hide: true } }, async (request, reply) => {
    const kind = kindParam(session, request);
    if (!kind) return reply.callNotFound();
    const cookieName = session.cookieName(kind, secureCookies);
    const token = readCookie(request, cookieName);
    if (!token) return reply.redirect(session.paths.signedOut, 303);
    const person = await session.requireSignIn(request, reply, kind);
    if (!person) return reply;
    await deleteSession(db, token);
    setSessionCookie(reply, cookieName, "", { secure: secureCookies, maxAgeSeconds: 0 });
    // RP-initiated logout 1.0: the broker asks the person to confirm, then returns to the signed-out page.
    return reply.redirect(relyingParty.endSessionUrl(service.clients[kind]), 303);
  });

  app.get(session.paths.signedOut, { schema: { hide: true } }, async (request, reply) => {
    reply.type("text/html; charset=utf-8");
    return service.pages.signedOut(pageContext(request.language, request.url));
  });

  function failed(request: FastifyRequest, reply: FastifyReply, kind: Kind, error: WebSessionError) {
    // Codes only: a sign-in's details may carry personal data.
    request.log.warn({ code: error.code }, `${session.name}: sign-in failed`);
    reply.code(error.code === "broker-unreachable" ? 502 : 400).type("text/html; charset=utf-8");
    return service.pages.signInFailed(pageContext(request.language, "/"), kind, error.code);
  }
}
