/**
 * Parser and validator of Latvian personal codes (personas kods), shared/specs/latvian-identity.md §5.
 *
 * Steps, in order (the first failure is the answer):
 *   limit → shape → new-format branch (prefix 32) | legacy: century → date → check digit.
 * The checks are ordered so the error names the most specific fault a person can fix.
 */
import { isExistingDate, isoDate } from "./calendar.ts";
import { computeCheckDigit } from "./check-digit.ts";
import type {
  InvalidPersonalCode,
  ParsePersonalCodeOptions,
  PersonalCode,
  PersonalCodeErrorCode,
  PersonalCodeResult,
  PersonalCodeWarning,
} from "./types.ts";

/**
 * Longest input looked at. A code is 12 characters; room is left for surrounding whitespace
 * from copy-paste, but nothing long enough to cost real work reaches a regex.
 */
export const MAX_PERSONAL_CODE_INPUT_LENGTH = 64;

/** §5.1: new-format codes start with 32 and are issued from this date. */
export const NEW_FORMAT_PREFIX = "32";
export const NEW_FORMAT_START_DATE = "2017-07-01";

/** Legacy century digit C → first year of the century (§5.1). */
const CENTURY_START: Readonly<Record<string, number>> = { "0": 1800, "1": 1900, "2": 2000 };

// ASCII digits only (\d without the u flag); hyphen optional on input.
const SHAPE = /^(\d{6})-?(\d{5})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `today` comes from the caller's clock, not from outside input: a bad one is a programming error. */
function checkedToday(today: string): string {
  if (!ISO_DATE.test(today)) throw new RangeError("parsePersonalCode: options.today must be YYYY-MM-DD");
  return today;
}

function fail(code: PersonalCodeErrorCode, message: string): InvalidPersonalCode {
  return { ok: false, error: { code, message } };
}

/**
 * Parse and validate a personal code. Accepts `DDMMYY-CNNNQ`, `DDMMYYCNNNQ`, `32XXXX-XXXXX`
 * and `32XXXXXXXXX`, with surrounding whitespace. Never throws on bad input.
 */
export function parsePersonalCode(input: string, options: ParsePersonalCodeOptions = {}): PersonalCodeResult {
  if (typeof input !== "string") return fail("bad-format", "A personal code must be given as text.");
  if (input.length > MAX_PERSONAL_CODE_INPUT_LENGTH) {
    return fail(
      "too-long",
      `A personal code has 11 digits; the input is over ${MAX_PERSONAL_CODE_INPUT_LENGTH} characters.`,
    );
  }
  const match = SHAPE.exec(input.trim());
  if (!match) {
    return fail("bad-format", "A personal code has the form XXXXXX-XXXXX (11 digits, hyphen optional).");
  }
  const head = match[1] ?? "";
  const tail = match[2] ?? "";
  const code = `${head}-${tail}` as PersonalCode;
  const firstTen = head + tail.slice(0, 4);
  const checkDigit = Number(tail[4]);
  const checkDigitMatches = computeCheckDigit(firstTen) === checkDigit;

  if (head.startsWith(NEW_FORMAT_PREFIX)) {
    // §5.2 caveat: some 32-codes were issued with a check digit the formula rejects, so a
    // mismatch is reported, not refused. (No legacy code starts with 32: there is no day 32.)
    const warnings: PersonalCodeWarning[] = checkDigitMatches
      ? []
      : [
          {
            code: "check-digit-mismatch",
            message:
              "The check digit of this new-format personal code does not match; accepted, as some were issued so.",
          },
        ];
    return { ok: true, code, format: "new", warnings };
  }

  const centuryStart = CENTURY_START[tail[0] ?? ""];
  if (centuryStart === undefined) {
    return fail("bad-century", "The seventh digit of a legacy personal code (century) must be 0, 1 or 2.");
  }
  const day = Number(head.slice(0, 2));
  const month = Number(head.slice(2, 4));
  const year = centuryStart + Number(head.slice(4, 6));
  if (!isExistingDate(year, month, day)) {
    return fail("bad-date", "The birth date in this legacy personal code does not exist.");
  }
  const birthDate = isoDate(year, month, day);
  if (options.today !== undefined && birthDate > checkedToday(options.today)) {
    return fail("bad-date", "The birth date in this legacy personal code is in the future.");
  }
  if (!checkDigitMatches) {
    return fail("bad-check-digit", "The check digit of this legacy personal code does not match.");
  }
  const warnings: PersonalCodeWarning[] =
    birthDate >= NEW_FORMAT_START_DATE
      ? [
          {
            code: "legacy-date-after-format-change",
            message: "Legacy personal codes were no longer issued for births from 2017-07-01.",
          },
        ]
      : [];
  return { ok: true, code, format: "legacy", birthDate, warnings };
}

/** True when the input parses (warnings allowed). For a reason, use `parsePersonalCode`. */
export function isValidPersonalCode(input: string): boolean {
  return parsePersonalCode(input).ok;
}
