/**
 * One code as the operator's file states it, and the checks every format shares: a code of
 * printable characters without spaces at its ends, both displays present, real dates in order.
 * A check returns problems instead of throwing, so a file is reported whole, not one line a run.
 */
import { dayNumber } from "../../core/calendar-date.ts";

export interface ClassifierEntry {
  code: string;
  displayLv: string;
  displayEn: string;
  validFrom: string;
  validTo: string | null;
}

export const MAX_CODE_LENGTH = 64;
export const MAX_DISPLAY_LENGTH = 500;

// Control characters (C0, DEL, C1) have no place in a code or a display someone reads.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control range is what it refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function isRealDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with one entry (empty when nothing is). */
export function entryProblems(entry: ClassifierEntry): string[] {
  const problems: string[] = [];
  const { code } = entry;
  if (code.length === 0) problems.push("code is empty");
  else if (code.length > MAX_CODE_LENGTH) problems.push(`code is longer than ${MAX_CODE_LENGTH} characters`);
  else if (code.trim() !== code || CONTROL.test(code))
    problems.push("code has spaces at its ends or control characters");
  for (const [field, text] of [
    ["display_lv", entry.displayLv],
    ["display_en", entry.displayEn],
  ] as const) {
    if (text.trim().length === 0) problems.push(`${field} is empty`);
    else if (text.length > MAX_DISPLAY_LENGTH)
      problems.push(`${field} is longer than ${MAX_DISPLAY_LENGTH} characters`);
    else if (CONTROL.test(text)) problems.push(`${field} has control characters`);
  }
  const fromOk = isRealDate(entry.validFrom);
  if (!fromOk) problems.push(`valid_from "${entry.validFrom}" is not a YYYY-MM-DD date`);
  if (entry.validTo !== null) {
    if (!isRealDate(entry.validTo)) problems.push(`valid_to "${entry.validTo}" is not a YYYY-MM-DD date`);
    else if (fromOk && entry.validTo < entry.validFrom) problems.push("valid_to is before valid_from");
  }
  return problems;
}
