/**
 * The identity module's coded errors (a stable catalogue; never reuse a retired code):
 * - `client-bad-name`, `client-bad-redirect-uri`, `client-bad-level`: a registration was refused.
 * - `method-unavailable`: the method is not configured or not built in this release.
 * - `method-state-unknown`: a method callback whose state is unknown, expired or already used.
 * - `method-browser-mismatch`: a method callback arriving in a browser other than the one that started it.
 * - `method-protocol-error`: the outside service answered outside its protocol (the cause is logged).
 * - `method-cancelled`: the person cancelled at the outside service, or it refused them.
 * - `evidence-rejected`: the outside service's answer is not evidence we accept (see trustedx-evidence.ts).
 */
export type IdentityErrorCode =
  | "client-bad-name"
  | "client-bad-redirect-uri"
  | "client-bad-level"
  | "method-unavailable"
  | "method-state-unknown"
  | "method-browser-mismatch"
  | "method-protocol-error"
  | "method-cancelled"
  | "evidence-rejected";

export class IdentityError extends Error {
  override name = "IdentityError";
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}
