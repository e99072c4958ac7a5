/**
 * The portal's sign-in through our own broker (see README.md, "Portal sign-in"). For routes:
 *   const person = await requireSignIn(request, reply, "professional");
 *   if (!person) return reply; // redirected to sign in, or refused (CSRF)
 * Forms: `<CsrfField token={person.csrfToken} />` (pages/shared-components.tsx).
 * Tests: ehealth/testing/sign-in.ts signs a test person in and returns a cookie jar.
 */
export { isSignInKind, SIGN_IN_KINDS, type SignInKind } from "./clients.ts";
export { WebSessionError, type WebSessionErrorCode } from "./errors.ts";
export {
  CSRF_FIELD,
  checkCsrf,
  currentSignIn,
  requireSignIn,
  type SignedInPerson,
  signInHref,
} from "./web-session.ts";
