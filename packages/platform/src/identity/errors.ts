/**
 * The identity module's coded errors (a stable catalogue; never reuse a retired code):
 * - `client-bad-name`, `client-bad-redirect-uri`, `client-bad-level`: a registration was refused.
 * - `method-unavailable`: the method is not configured or not built in this release.
 * - `method-state-unknown`: a method callback whose state is unknown, expired or already used.
 * - `method-browser-mismatch`: a method callback arriving in a browser other than the one that started it.
 * - `method-protocol-error`: the outside service answered outside its protocol (the cause is logged).
 * - `method-cancelled`: the person cancelled at the outside service, or it refused them.
 * - `evidence-rejected`: the outside service's answer is not evidence we accept (see trustedx-evidence.ts).
 * - eID card (Web eID, core/eid-card-validator.ts): `eid-token-malformed` (shape or size limits),
 *   `eid-format-unsupported`, `eid-algorithm-unsupported`, `eid-nonce-unknown`, `eid-nonce-expired`,
 *   `eid-nonce-replayed`, `eid-signature-invalid` (also a token signed for another origin),
 *   `eid-certificate-expired`, `eid-certificate-not-yet-valid`, `eid-certificate-purpose` (no
 *   digitalSignature or clientAuth), `eid-certificate-subject` (no valid PNOLV code),
 *   `eid-certificate-policy` (not an eID card authentication policy), `eid-certificate-untrusted`
 *   (no path to a trusted eID CA), `eid-certificate-revoked`, `eid-revocation-unavailable`.
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
  | "evidence-rejected"
  | "eid-token-malformed"
  | "eid-format-unsupported"
  | "eid-algorithm-unsupported"
  | "eid-nonce-unknown"
  | "eid-nonce-expired"
  | "eid-nonce-replayed"
  | "eid-signature-invalid"
  | "eid-certificate-expired"
  | "eid-certificate-not-yet-valid"
  | "eid-certificate-purpose"
  | "eid-certificate-subject"
  | "eid-certificate-policy"
  | "eid-certificate-untrusted"
  | "eid-certificate-revoked"
  | "eid-revocation-unavailable";

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
