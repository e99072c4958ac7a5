/**
 * The web session's sign-in errors (a stable catalogue; never reuse a retired code):
 * - `broker-unreachable`: the broker's token or JWKS endpoint did not answer.
 * - `token-exchange-failed`: the token endpoint refused the code or answered outside the protocol.
 * - `id-token-invalid`: the ID token's signature, issuer, audience, nonce, expiry or acr failed.
 * - `signin-unknown`: the callback's state is unknown, expired or already used.
 * - `signin-browser-mismatch`: the callback arrived in a browser that did not start the sign-in.
 * - `signin-refused`: the broker answered with an error (e.g. the person cancelled).
 * - `level-too-low`: the ID token's level is below what this kind of sign-in needs.
 * - `not-latvian-person`: the subject is not `PNOLV-<personal code>` (a workplace that needs one).
 */
export type WebSessionErrorCode =
  | "broker-unreachable"
  | "token-exchange-failed"
  | "id-token-invalid"
  | "signin-unknown"
  | "signin-browser-mismatch"
  | "signin-refused"
  | "level-too-low"
  | "not-latvian-person";

export class WebSessionError extends Error {
  override name = "WebSessionError";
  constructor(
    readonly code: WebSessionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
