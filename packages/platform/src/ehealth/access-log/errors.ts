/**
 * The access log's coded errors (a stable catalogue; never reuse a retired code):
 * - `bad-person`: the user or patient is not a valid Latvian personal code (or `PNOLV-` form).
 * - `bad-institution`: the institution is not a registration number (11 digits).
 * - `bad-action`: not one of ACCESS_ACTIONS.
 * - `missing-purpose`: a successful access to patient data without an allowed purpose (CON-9).
 * - `missing-legal-ground`: a successful access without a legal ground (CON-9).
 * - `bad-field`: another field is too long or malformed.
 * Messages never echo personal codes (personal data stays out of messages and logs).
 */
export type AccessLogErrorCode =
  | "bad-person"
  | "bad-institution"
  | "bad-action"
  | "missing-purpose"
  | "missing-legal-ground"
  | "bad-field";

export class AccessLogError extends Error {
  override name = "AccessLogError";
  constructor(
    readonly code: AccessLogErrorCode,
    message: string,
  ) {
    super(message);
  }
}
