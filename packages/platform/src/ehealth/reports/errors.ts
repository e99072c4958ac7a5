/**
 * The access reports' coded errors (a stable catalogue; never reuse a retired code). All are
 * the caller's mistakes (HTTP 400) except `not-allowed` (403).
 * - `bad-subject`: the patient or user is not a personal code, or the institution not an
 *   11-digit registration number.
 * - `bad-date`: a date filter that is not a real `YYYY-MM-DD` date.
 * - `bad-range`: `from` after `to`, or a range outside 2000–2100.
 * - `bad-cursor`: a paging cursor that we did not write.
 * - `bad-limit`: a page size outside 1–MAX_PAGE_SIZE.
 * - `not-allowed`: the signed-in person may not see this report (names the missing right).
 * Messages never echo personal codes.
 */
export type ReportErrorCode =
  | "bad-subject"
  | "bad-date"
  | "bad-range"
  | "bad-cursor"
  | "bad-limit"
  | "not-allowed";

export class ReportError extends Error {
  override name = "ReportError";
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    /** For `not-allowed`: the right that would allow it (the rights policy's wording). */
    readonly missingRight?: string,
    /** For `not-allowed`: the rights policy's reason code (DenyReason), for the page's next step. */
    readonly reason?: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.code === "not-allowed" ? 403 : 400;
  }
}
