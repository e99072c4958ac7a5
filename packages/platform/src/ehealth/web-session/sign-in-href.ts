/** Where the portal's sign-in starts, and the address that comes back to a local page after it. */
import type { SignInKind } from "./clients.ts";

export const SIGN_IN_PATH = "/ehealth/signin";

/** The form field that carries the session's CSRF token. */
export const CSRF_FIELD = "_csrf";

/** The sign-in address that comes back to `returnTo` (a local path) afterwards. */
export function signInHref(kind: SignInKind, returnTo: string): string {
  return `${SIGN_IN_PATH}/${kind}?return=${encodeURIComponent(returnTo)}`;
}
