/**
 * The portal's sign-in through our own broker, on the core's web session (see README.md,
 * "Portal sign-in"). For routes:
 *   const person = await requireSignIn(request, reply, "professional");
 *   if (!person) return reply; // redirected to sign in, or refused (CSRF)
 * Forms: `<CsrfField token={person.csrfToken} />` (pages/shared-components.tsx).
 * Tests: ehealth/testing/sign-in.ts signs a test person in and returns a cookie jar.
 */
export { WebSessionError, type WebSessionErrorCode } from "../../core/web-session/index.ts";
export {
  CSRF_FIELD,
  checkCsrf,
  currentSignIn,
  isSignInKind,
  requireSignIn,
  SIGN_IN_KINDS,
  type SignedInPerson,
  type SignInKind,
  signInHref,
} from "./web-session.ts";
