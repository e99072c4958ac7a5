/**
 * Shape-only formatting of a personal code for display and storage keys: `29015611605` →
 * `290156-11605`. It checks the shape (eleven ASCII digits, hyphen optional, whitespace around)
 * but not the date or check digit — use it for codes already validated, or for historical codes
 * that must be shown as they were recorded.
 */
import { MAX_PERSONAL_CODE_INPUT_LENGTH } from "./parse-personal-code.ts";

const SHAPE = /^(\d{6})-?(\d{5})$/;

/** The code as `XXXXXX-XXXXX`, or `undefined` when the input does not have that shape. */
export function formatPersonalCode(input: string): string | undefined {
  if (typeof input !== "string" || input.length > MAX_PERSONAL_CODE_INPUT_LENGTH) return undefined;
  const match = SHAPE.exec(input.trim());
  return match ? `${match[1]}-${match[2]}` : undefined;
}
