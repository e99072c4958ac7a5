/**
 * E-health's signed-in workplaces on the core's web session (core/web-session): two kinds of
 * sign-in, `professional` and `citizen`, at `/ehealth/signin/<kind>`, each with its own client
 * at the broker (clients.ts) and its own cookie. For routes:
 *   const person = await requireSignIn(request, reply, "professional");
 *   if (!person) return reply; // redirected to sign in, or refused (CSRF)
 * Forms: `<CsrfField token={person.csrfToken} />` (pages/shared-components.tsx).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { type SignedInPerson as CoreSignedInPerson, defineWebSession } from "../../core/web-session/index.ts";

export const SIGN_IN_KINDS = ["professional", "citizen"] as const;
export type SignInKind = (typeof SIGN_IN_KINDS)[number];

export const ehealthSession = defineWebSession<SignInKind>({ name: "ehealth", kinds: SIGN_IN_KINDS });

export function isSignInKind(value: unknown): value is SignInKind {
  return ehealthSession.isKind(value);
}

/** The signed-in person as e-health routes see them. */
export type SignedInPerson = CoreSignedInPerson<SignInKind>;

export { CSRF_FIELD, checkCsrf, PERSON_CODE_PREFIX } from "../../core/web-session/index.ts";

export const SIGN_IN_PATH = ehealthSession.paths.signIn;

/** The sign-in address that comes back to `returnTo` (a local path) afterwards. */
export function signInHref(kind: SignInKind, returnTo: string): string {
  return ehealthSession.signInHref(kind, returnTo);
}

export function sessionCookieName(kind: SignInKind, secure: boolean): string {
  return ehealthSession.cookieName(kind, secure);
}

/** The signed-in person of this kind, if any; never redirects (for pages that work either way). */
export function currentSignIn(
  request: FastifyRequest,
  kind: SignInKind,
): Promise<SignedInPerson | undefined> {
  return ehealthSession.currentSignIn(request, kind);
}

/** Who requireSignIn admitted for this request (pages answered from shared helpers show the sign-out bar). */
export function signedInOf(request: FastifyRequest): SignedInPerson | undefined {
  return ehealthSession.signedInOf(request);
}

/** The person signed in as `kind`, or undefined after answering (redirect to sign in, or 403 on CSRF). */
export function requireSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: SignInKind,
  options: { csrf?: boolean } = {},
): Promise<SignedInPerson | undefined> {
  return ehealthSession.requireSignIn(request, reply, kind, options);
}
