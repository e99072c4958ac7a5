/**
 * Result types of the personal-code parser. Ordinary bad input is a value, never an exception
 * (DESIGN.md: "a validation never returns a bare false"; errors carry codes).
 */

/** A normalised personal code, `XXXXXX-XXXXX`, produced only by a successful parse. */
export type PersonalCode = string & { readonly __brand: "PersonalCode" };

/** Legacy `DDMMYY-CNNNQ` (carries the birth date) or new `32XXXX-XXXXX` (since 2017-07-01). */
export type PersonalCodeFormat = "legacy" | "new";

/**
 * Error codes — a stable catalogue: add new ones, never reuse or rename a retired one.
 * - `too-long`: input over MAX_PERSONAL_CODE_INPUT_LENGTH characters, refused before any parsing.
 * - `bad-format`: not eleven digits in the `XXXXXX-XXXXX` / `XXXXXXXXXXX` shape (or, for an ETSI
 *   identifier, not `PNOLV-…`).
 * - `bad-century`: legacy century digit other than 0, 1 or 2.
 * - `bad-date`: legacy date does not exist (31 April, 29 February of a common year, day 00 …)
 *   or lies after the `today` the caller passed.
 * - `bad-check-digit`: legacy code whose check digit does not match (§5.2).
 */
export const PERSONAL_CODE_ERROR_CODES = [
  "too-long",
  "bad-format",
  "bad-century",
  "bad-date",
  "bad-check-digit",
] as const;
export type PersonalCodeErrorCode = (typeof PERSONAL_CODE_ERROR_CODES)[number];

/**
 * Warning codes — the code is accepted, but a caller may want to log or show this.
 * - `check-digit-mismatch`: new-format code whose check digit does not match; some real
 *   32-codes were issued so (shared/specs/latvian-identity.md §5.2 caveat).
 * - `legacy-date-after-format-change`: legacy code with a birth date on or after 2017-07-01,
 *   when only new-format codes were being issued (§5.1).
 */
export const PERSONAL_CODE_WARNING_CODES = [
  "check-digit-mismatch",
  "legacy-date-after-format-change",
] as const;
export type PersonalCodeWarningCode = (typeof PERSONAL_CODE_WARNING_CODES)[number];

export interface PersonalCodeIssue<C extends string> {
  readonly code: C;
  /** Safe to show: never echoes the input (personal data stays out of messages and logs). */
  readonly message: string;
}

export type PersonalCodeError = PersonalCodeIssue<PersonalCodeErrorCode>;
export type PersonalCodeWarning = PersonalCodeIssue<PersonalCodeWarningCode>;

export interface ValidPersonalCode {
  readonly ok: true;
  /** Normalised, with hyphen: `290156-11605`. */
  readonly code: PersonalCode;
  readonly format: PersonalCodeFormat;
  /** ISO date `YYYY-MM-DD`; only legacy codes carry one. */
  readonly birthDate?: string;
  readonly warnings: readonly PersonalCodeWarning[];
}

export interface InvalidPersonalCode {
  readonly ok: false;
  readonly error: PersonalCodeError;
}

export type PersonalCodeResult = ValidPersonalCode | InvalidPersonalCode;

export interface ParsePersonalCodeOptions {
  /**
   * Today's date (`YYYY-MM-DD`), injected rather than read from the clock (DESIGN.md). When
   * given, a legacy birth date after it is `bad-date`.
   */
  readonly today?: string;
}
