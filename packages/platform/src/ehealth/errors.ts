/**
 * The e-health module's coded errors (a stable catalogue; never reuse a retired code):
 * - `bad-date`: a calendar date that is not a real `YYYY-MM-DD` date.
 * - `calendar-out-of-range`: a working-day computation that would run past the supported years.
 * - `cda-schema-unavailable`: the CDA XML Schema files could not be read (configuration).
 * - `forbidden`: the rights policy refused the action; `missingRight` names the right (HTTP 403).
 *   The refusal was audited with outcome `denied` before this was thrown.
 * - `not-found`: the institution, person, right, contract or application does not exist (404).
 * - `bad-input`: a field is missing, too long or malformed; `field` names it (400).
 * - `conflict`: the thing already exists, or is in a state the action cannot start from, e.g.
 *   restoring an active right or granting a role the person already holds (409).
 */
export type EhealthErrorCode =
  | "bad-date"
  | "calendar-out-of-range"
  | "cda-schema-unavailable"
  | "forbidden"
  | "not-found"
  | "bad-input"
  | "conflict";

/** The HTTP status each code maps to (routes use it; the message is safe to show). */
export const EHEALTH_ERROR_STATUS: Readonly<Record<EhealthErrorCode, number>> = {
  "bad-date": 400,
  "calendar-out-of-range": 400,
  "cda-schema-unavailable": 500,
  forbidden: 403,
  "not-found": 404,
  "bad-input": 400,
  conflict: 409,
};

export class EhealthError extends Error {
  override name = "EhealthError";
  constructor(
    readonly code: EhealthErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      /** For `forbidden`: the right that would allow the action (from `decide`). */
      missingRight?: string;
      /** For `forbidden`: the policy's reason code (DenyReason). */
      reason?: string;
      /** For `bad-input`: the offending field. */
      field?: string;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.missingRight = options?.missingRight;
    this.reason = options?.reason;
    this.field = options?.field;
  }
  readonly missingRight: string | undefined;
  readonly reason: string | undefined;
  readonly field: string | undefined;
}
