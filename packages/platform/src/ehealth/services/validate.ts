/** Checks of service input (outside input: bounded, typed errors naming the field). */

import { checkMailAddress } from "../../core/outbox/index.ts";
import type { CalendarDate } from "../core/calendar-date.ts";
import { readTypedDate } from "../core/people-dates.ts";
import { EhealthError } from "../errors.ts";

const PERSON_CODE = /^\d{6}-\d{5}$/;
const REGISTRATION_NUMBER = /^\d{11}$/;

export function personCode(value: string, field = "personCode"): string {
  const v = value.trim();
  if (!PERSON_CODE.test(v))
    throw new EhealthError("bad-input", "not a personal code (XXXXXX-XXXXX)", { field });
  return v;
}

export function registrationNumber(value: string, field = "registrationNumber"): string {
  const v = value.trim();
  if (!REGISTRATION_NUMBER.test(v))
    throw new EhealthError("bad-input", "not a registration number (11 digits)", { field });
  return v;
}

/** Required text, trimmed, at most `max` characters, no control characters but line breaks. */
export function text(value: string, field: string, max = 200): string {
  const v = value.trim();
  if (!v) throw new EhealthError("bad-input", `${field} is required`, { field });
  if (v.length > max)
    throw new EhealthError("bad-input", `${field} is longer than ${max} characters`, { field });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(v))
    throw new EhealthError("bad-input", `${field} has control characters`, { field });
  return v;
}

export function email(value: string, field = "email"): string {
  const v = value.trim();
  try {
    checkMailAddress(v);
  } catch {
    throw new EhealthError("bad-input", "not a usable e-mail address", { field });
  }
  return v;
}

/** A date as people type it (7.12.2026, 07.12.2026, 2026-12-07), kept as `YYYY-MM-DD`. */
export function calendarDate(value: string, field: string): CalendarDate {
  const date = readTypedDate(value);
  if (date === undefined)
    throw new EhealthError("bad-input", `${field} is not a date (dd.mm.gggg or YYYY-MM-DD)`, { field });
  return date;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new EhealthError("bad-input", `${field} must be one of ${allowed.join(", ")}`, { field });
  return value as T;
}
