/**
 * The portal's signed-in person, for every e-health route: `requireSignIn(request, reply, kind)`
 * returns the person from a live server-side session, or answers with a redirect to sign in (and
 * returns undefined: the route must then `return reply`). For POST/PUT/PATCH/DELETE it also checks
 * the form's CSRF token (`_csrf` field or `x-csrf-token` header) against the session's and answers
 * 403 when it does not match — render `<CsrfField token={person.csrfToken} />` in every form.
 *
 * Cookies: one session per kind (`professional`, `citizen`) — a citizen-level session never
 * opens a professional page. HttpOnly, SameSite=Lax, Path=/, and Secure with the `__Host-`
 * prefix when the public URL is https.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { pageContext } from "../../web/layout.tsx";
import type { EhealthDatabase as Database } from "../database.ts";
import { csrfRefusedPage } from "../pages/shared-errors.tsx";
import type { PortalClient, SignInKind } from "./clients.ts";
import type { Level } from "./levels.ts";
import type { RelyingParty } from "./relying-party.ts";
import { findSession, type StoredSession } from "./session-store.ts";
import { CSRF_FIELD, signInHref } from "./sign-in-href.ts";

export type { SignInKind };

/** The signed-in person as e-health routes see them. */
export interface SignedInPerson {
  kind: SignInKind;
  /** The ID token's `sub`: `PNOLV-<personal code>` (the audit log's actor / subject form). */
  subject: string;
  /** The Latvian personal code without the `PNOLV-` prefix, e.g. `010190-10001`. */
  personCode: string;
  givenName: string;
  familyName: string;
  /** The level of assurance of this sign-in (from `acr`); professionals always `high`. */
  level: Level;
  /** How the person signed in, e.g. `["eparaksts-mobile"]`. */
  amr: string[];
  /** Put into every form of this session (`<CsrfField token={…} />`). */
  csrfToken: string;
}

/** What the module hands the routes (decorated on the Fastify instance). */
export interface WebSessionService {
  db: Kysely<Database>;
  issuer: string;
  clients: Record<SignInKind, PortalClient>;
  relyingParty: RelyingParty;
  secureCookies: boolean;
  now(): Date;
}

declare module "fastify" {
  interface FastifyInstance {
    ehealthWebSession?: WebSessionService;
  }
}

export const PERSON_CODE_PREFIX = "PNOLV-";
// Kept in their own file so that pages can link to sign-in without importing the session code.
export { CSRF_FIELD, SIGN_IN_PATH, signInHref } from "./sign-in-href.ts";

export function sessionCookieName(kind: SignInKind, secure: boolean): string {
  return secure ? `__Host-ehealth-${kind}` : `ehealth-${kind}`;
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function cookieHeader(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds?: number },
): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.secure) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}

export function webSessionOf(request: FastifyRequest): WebSessionService {
  const service = request.server.ehealthWebSession;
  if (!service) throw new Error("the e-health module is not registered (no web session service)");
  return service;
}

function personOf(session: StoredSession): SignedInPerson {
  return {
    kind: session.kind,
    subject: session.subject,
    personCode: session.subject.slice(PERSON_CODE_PREFIX.length),
    givenName: session.givenName,
    familyName: session.familyName,
    level: session.level,
    amr: session.amr,
    csrfToken: session.csrfToken,
  };
}

/** Sessions already looked up for a request: the workplace gate and the handler ask once. */
const lookedUp = new WeakMap<FastifyRequest, Map<SignInKind, Promise<SignedInPerson | undefined>>>();

/** The signed-in person of this kind, if any; never redirects (for pages that work either way). */
export function currentSignIn(
  request: FastifyRequest,
  kind: SignInKind,
): Promise<SignedInPerson | undefined> {
  let byKind = lookedUp.get(request);
  if (!byKind) {
    byKind = new Map();
    lookedUp.set(request, byKind);
  }
  let person = byKind.get(kind);
  if (!person) {
    person = lookUpSignIn(request, kind);
    byKind.set(kind, person);
  }
  return person;
}

async function lookUpSignIn(request: FastifyRequest, kind: SignInKind): Promise<SignedInPerson | undefined> {
  const service = webSessionOf(request);
  const token = readCookie(request, sessionCookieName(kind, service.secureCookies));
  if (!token) return undefined;
  const session = await findSession(service.db, token, kind, service.now());
  return session ? personOf(session) : undefined;
}

/** Whether a presented CSRF token is the session's (constant-time comparison). */
export function checkCsrf(person: SignedInPerson, presented: unknown): boolean {
  if (typeof presented !== "string" || presented.length > 200) return false;
  const expected = Buffer.from(person.csrfToken);
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function presentedCsrf(request: FastifyRequest): unknown {
  const body = request.body;
  if (body && typeof body === "object" && CSRF_FIELD in body) {
    return (body as Record<string, unknown>)[CSRF_FIELD];
  }
  return request.headers["x-csrf-token"];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const service = (request: FastifyRequest) => webSessionOf(request);

/** The Referer's path when it is one of our pages, else the home page. */
function refererPath(request: FastifyRequest, svc: WebSessionService): string {
  const referer = request.headers.referer;
  if (typeof referer !== "string" || referer.length > 2000) return "/";
  try {
    const url = new URL(referer);
    return url.origin === new URL(svc.issuer).origin ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

/**
 * Who requireSignIn found for a request: pages answered from shared helpers (a refusal in
 * withEhealthErrors) show the sign-out bar without every route passing the person along.
 */
const signedInByRequest = new WeakMap<FastifyRequest, SignedInPerson>();

export function signedInOf(request: FastifyRequest): SignedInPerson | undefined {
  return signedInByRequest.get(request);
}

/**
 * The person signed in as `kind`, or undefined after answering: a 303 to the broker's sign-in
 * (coming back to this address) when there is no live session, 403 when an unsafe request's
 * CSRF token is missing or wrong (unless `options.csrf` is false: e.g. a multipart upload that
 * checks `checkCsrf` itself after reading its fields).
 */
export async function requireSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: SignInKind,
  options: { csrf?: boolean } = {},
): Promise<SignedInPerson | undefined> {
  const person = await currentSignIn(request, kind);
  if (!person) {
    // After sign-in the browser comes back with GET: to this page, or for a form post (whose
    // session ended meanwhile) to the page the form was on, when that is ours.
    reply.redirect(
      signInHref(
        kind,
        SAFE_METHODS.has(request.method) ? request.url : refererPath(request, service(request)),
      ),
      303,
    );
    return undefined;
  }
  if (
    !SAFE_METHODS.has(request.method) &&
    options.csrf !== false &&
    !checkCsrf(person, presentedCsrf(request))
  ) {
    reply.code(403).type("text/html; charset=utf-8");
    reply.send(csrfRefusedPage(pageContext(request.language, request.url), person));
    return undefined;
  }
  signedInByRequest.set(request, person);
  return person;
}
