/**
 * Valid new-format personal codes (`32XXXX-XXXXX`) for the anti-copying tests: scattered ones, as
 * a GP's day brings them, and a run in code order, as a script walking the code space tries them.
 */
import { checkRemainder } from "../../../core/personal-code/index.ts";

function codeOf(firstTen: string): string | undefined {
  const remainder = checkRemainder(firstTen);
  // A remainder of 10 has no valid check digit: such a serial is never issued.
  if (remainder === 10) return undefined;
  return `${firstTen.slice(0, 6)}-${firstTen.slice(6)}${remainder}`;
}

/** `count` valid codes far apart (no two continue each other), different for each `seed`. */
export function scatteredCodes(count: number, seed: number): string[] {
  const codes: string[] = [];
  for (let i = 0; codes.length < count; i++) {
    const serial = ((seed * 1_000_003 + i * 7_919_993) % 90_000_000) + 10_000_000;
    const code = codeOf(`32${serial}`);
    if (code) codes.push(code);
  }
  return codes;
}

/** `count` valid codes in code order from `start` (8 digits), skipping serials without a check digit. */
export function sequentialCodes(count: number, start: number): string[] {
  const codes: string[] = [];
  for (let serial = start; codes.length < count; serial++) {
    const code = codeOf(`32${String(serial).padStart(8, "0")}`);
    if (code) codes.push(code);
  }
  return codes;
}
