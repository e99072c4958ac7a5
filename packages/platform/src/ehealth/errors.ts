/**
 * The e-health module's coded errors (a stable catalogue; never reuse a retired code):
 * - `bad-date`: a calendar date that is not a real `YYYY-MM-DD` date.
 * - `calendar-out-of-range`: a working-day computation that would run past the supported years.
 * - `cda-schema-unavailable`: the CDA XML Schema files could not be read (configuration).
 */
export type EhealthErrorCode = "bad-date" | "calendar-out-of-range" | "cda-schema-unavailable";

export class EhealthError extends Error {
  override name = "EhealthError";
  constructor(
    readonly code: EhealthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
