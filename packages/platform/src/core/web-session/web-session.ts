/**
 * A module's signed-in workplace on our own broker: `defineWebSession({ name, kinds })` gives the
 * module its sign-in kinds' paths, cookies and lookups, and `mount` (at server start) registers
 * its clients at the broker and its sign-in routes. For routes:
 *   const person = await session.requireSignIn(request, reply, "professional");
 *   if (!person) return reply; // redirected to sign in, or refused (CSRF)
 * or, better, `session.gate(kind)` as a workplace's gate (http/route-access.ts), which no handler
 * can forget. For POST/PUT/PATCH/DELETE the gate also checks the form's CSRF token (`_csrf` field
 * or `x-csrf-token` header) against the session's and answers 403 when it does not match.
 *
 * Cookies: one session per kind — a citizen-level session never opens a professional page.
 * HttpOnly, SameSite=Lax, Path=/, and Secure with the `__Host-` prefix when the public URL is
 * https. Named `<module>-<kind>`, so two modules' workplaces never share one.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { AccessGate } from "../../http/route-access.ts";
import type { PageContext } from "../../web/layout.tsx";
import { pageContext } from "../../web/layout.tsx";
import type { RelyingPartyClient } from "./clients.ts";
import type { WebSessionErrorCode } from "./errors.ts";
import type { Level } from "./levels.ts";
import type { RelyingParty } from "./relying-party.ts";
import { findSession, type StoredSession } from "./session-store.ts";
import type { WebSessionTables } from "./tables.ts";

/** The form field that carries the session's CSRF token. */
export const CSRF_FIELD = "_csrf";

export const PERSON_CODE_PREFIX = "PNOLV-";

/** The signed-in person as a workplace's routes see them. */
export interface SignedInPerson<Kind extends string = string> {
  kind: Kind;
  /** The ID token's `sub`: `PNOLV-<personal code>` (the audit log's actor / subject form). */
  subject: string;
  /** The Latvian personal code without the `PNOLV-` prefix, e.g. `010190-10001`. */
  personCode: string;
  givenName: string;
  familyName: string;
  /** The level of assurance of this sign-in (from `acr`). */
  level: Level;
  /** How the person signed in, e.g. `["eparaksts-mobile"]`. */
  amr: string[];
  /** Put into every form of this session (`<CsrfField token={…} />`). */
  csrfToken: string;
}

/** The module's own wording of the pages the sign-in answers with (Latvian and English). */
export interface WebSessionPages<Kind extends string> {
  csrfRefused(context: PageContext, person: SignedInPerson<Kind>): string;
  signedOut(context: PageContext): string;
  signInFailed(context: PageContext, kind: Kind, code: WebSessionErrorCode): string;
}

/** What a mounted web session holds for one server (decorated on its Fastify instance). */
export interface WebSessionService<Kind extends string = string> {
  db: Kysely<WebSessionTables>;
  issuer: string;
  clients: Record<Kind, RelyingPartyClient<Kind>>;
  relyingParty: RelyingParty;
  secureCookies: boolean;
  pages: WebSessionPages<Kind>;
  now(): Date;
}

/** The addresses of a module's sign-in, all under `/<module>/`. */
export interface WebSessionPaths {
  /** `GET <signIn>/:kind?return=/path` starts a sign-in. */
  signIn: string;
  /** `GET <callback>/:kind` is the broker's redirect URI. */
  callback: string;
  /** `POST <signOut>/:kind` ends the session. */
  signOut: string;
  /** The broker's post-logout redirect. */
  signedOut: string;
}

export interface WebSessionDefinition<Kind extends string> {
  /** The module's name: paths `/<name>/signin/…` and cookies `<name>-<kind>`. */
  name: string;
  /** The sign-in kinds, each with its own client at the broker and its own session cookie. */
  kinds: readonly Kind[];
}

export function sessionCookieName(name: string, kind: string, secure: boolean): string {
  return secure ? `__Host-${name}-${kind}` : `${name}-${kind}`;
}

/** A request's cookie (parsed by @fastify/cookie, which the server registers for every route). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  return request.cookies[name];
}

/** Sets (or, with `maxAgeSeconds: 0`, clears) a session's cookie: HttpOnly, SameSite=Lax, Path=/. */
export function setSessionCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): void {
  reply.setCookie(name, value, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
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

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The Referer's path when it is one of our pages, else the home page. */
function refererPath(request: FastifyRequest, issuer: string): string {
  const referer = request.headers.referer;
  if (typeof referer !== "string" || referer.length > 2000) return "/";
  try {
    const url = new URL(referer);
    return url.origin === new URL(issuer).origin ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

function personOf<Kind extends string>(session: StoredSession, kind: Kind): SignedInPerson<Kind> {
  return {
    kind,
    subject: session.subject,
    personCode: session.subject.slice(PERSON_CODE_PREFIX.length),
    givenName: session.givenName,
    familyName: session.familyName,
    level: session.level,
    amr: session.amr,
    csrfToken: session.csrfToken,
  };
}

const RESERVED_KINDS = new Set(["callback", "signin"]);

/** A module's web session: its sign-in kinds' paths, cookies and the lookups its routes use. */
export class WebSession<Kind extends string> {
  readonly name: string;
  readonly kinds: readonly Kind[];
  readonly paths: WebSessionPaths;
  /** Sessions already looked up for a request: the workplace gate and the handler ask once. */
  readonly #lookedUp = new WeakMap<FastifyRequest, Map<Kind, Promise<SignedInPerson<Kind> | undefined>>>();
  /** Who requireSignIn found for a request, for pages answered from shared helpers. */
  readonly #signedIn = new WeakMap<FastifyRequest, SignedInPerson<Kind>>();

  constructor(definition: WebSessionDefinition<Kind>) {
    if (!/^[a-z][a-z0-9-]*$/.test(definition.name))
      throw new Error(`web session ${JSON.stringify(definition.name)}: expected a module's name`);
    for (const kind of definition.kinds) {
      if (!/^[a-z][a-z0-9-]*$/.test(kind) || RESERVED_KINDS.has(kind))
        throw new Error(`web session ${definition.name}: ${JSON.stringify(kind)} cannot name a sign-in kind`);
    }
    this.name = definition.name;
    this.kinds = definition.kinds;
    const base = `/${definition.name}`;
    this.paths = {
      signIn: `${base}/signin`,
      callback: `${base}/signin/callback`,
      signOut: `${base}/signout`,
      signedOut: `${base}/signed-out`,
    };
  }

  isKind(value: unknown): value is Kind {
    return typeof value === "string" && (this.kinds as readonly string[]).includes(value);
  }

  /** The sign-in address that comes back to `returnTo` (a local path) afterwards. */
  signInHref(kind: Kind, returnTo: string): string {
    return `${this.paths.signIn}/${kind}?return=${encodeURIComponent(returnTo)}`;
  }

  /** The sign-out form's action. */
  signOutHref(kind: Kind): string {
    return `${this.paths.signOut}/${kind}`;
  }

  cookieName(kind: Kind, secure: boolean): string {
    return sessionCookieName(this.name, kind, secure);
  }

  /** The cookie that binds a sign-in in progress to the browser that started it. */
  browserCookieName(secure: boolean): string {
    return sessionCookieName(this.name, "signin", secure);
  }

  /** The key this session's service is decorated under (one per module on one server). */
  get decoration(): string {
    return `webSession:${this.name}`;
  }

  serviceOf(request: FastifyRequest): WebSessionService<Kind> {
    const service = (request.server as unknown as Record<string, unknown>)[this.decoration];
    if (!service) throw new Error(`the ${this.name} web session is not mounted on this server`);
    return service as WebSessionService<Kind>;
  }

  /** The signed-in person of this kind, if any; never redirects (for pages that work either way). */
  currentSignIn(request: FastifyRequest, kind: Kind): Promise<SignedInPerson<Kind> | undefined> {
    let byKind = this.#lookedUp.get(request);
    if (!byKind) {
      byKind = new Map();
      this.#lookedUp.set(request, byKind);
    }
    let person = byKind.get(kind);
    if (!person) {
      person = this.#lookUp(request, kind);
      byKind.set(kind, person);
    }
    return person;
  }

  async #lookUp(request: FastifyRequest, kind: Kind): Promise<SignedInPerson<Kind> | undefined> {
    const service = this.serviceOf(request);
    const token = readCookie(request, this.cookieName(kind, service.secureCookies));
    if (!token) return undefined;
    const session = await findSession(service.db, token, kind, service.now());
    return session ? personOf(session, kind) : undefined;
  }

  /** Who requireSignIn admitted for this request, if anyone. */
  signedInOf(request: FastifyRequest): SignedInPerson<Kind> | undefined {
    return this.#signedIn.get(request);
  }

  /**
   * The person signed in as `kind`, or undefined after answering: a 303 to the broker's sign-in
   * (coming back to this address) when there is no live session, 403 when an unsafe request's
   * CSRF token is missing or wrong (unless `options.csrf` is false: e.g. a multipart upload that
   * checks `checkCsrf` itself after reading its fields).
   */
  async requireSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: Kind,
    options: { csrf?: boolean } = {},
  ): Promise<SignedInPerson<Kind> | undefined> {
    const person = await this.currentSignIn(request, kind);
    if (!person) {
      // After sign-in the browser comes back with GET: to this page, or for a form post (whose
      // session ended meanwhile) to the page the form was on, when that is ours.
      const back = SAFE_METHODS.has(request.method)
        ? request.url
        : refererPath(request, this.serviceOf(request).issuer);
      reply.redirect(this.signInHref(kind, back), 303);
      return undefined;
    }
    if (
      !SAFE_METHODS.has(request.method) &&
      options.csrf !== false &&
      !checkCsrf(person, presentedCsrf(request))
    ) {
      reply.code(403).type("text/html; charset=utf-8");
      reply.send(
        this.serviceOf(request).pages.csrfRefused(pageContext(request.language, request.url), person),
      );
      return undefined;
    }
    this.#signedIn.set(request, person);
    return person;
  }

  /**
   * A workplace's gate (http/route-access.ts): the person is signed in as `kind`, and an unsafe
   * request carries the session's CSRF token — unless its route marks `csrfCheckedInHandler`
   * (a multipart form, whose fields the handler reads).
   */
  gate(kind: Kind): AccessGate {
    return async (request, reply) => {
      const csrf = request.routeOptions.config.csrfCheckedInHandler !== true;
      return (await this.requireSignIn(request, reply, kind, { csrf })) ? undefined : reply;
    };
  }

  /** Decorates the server with this session's service (mount.ts calls it once per server). */
  decorate(app: FastifyInstance, service: WebSessionService<Kind>): void {
    app.decorate(this.decoration, service);
  }
}

/** Declares a module's web session (at load time; `mountWebSession` wires it into a server). */
export function defineWebSession<Kind extends string>(
  definition: WebSessionDefinition<Kind>,
): WebSession<Kind> {
  return new WebSession(definition);
}
