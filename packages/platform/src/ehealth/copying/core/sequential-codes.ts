/**
 * A pattern no person produces (CON-3, ANX2-18): patients opened in the order of their personal
 * codes. A script walking the code space tries code after code: the first ten digits (the last is
 * a check digit) grow by one — or by a few, where the check digit makes a serial invalid (legacy
 * codes) and the script skips it. A GP's list is in appointment order, so a run of five such
 * steps in a row is not a person at work.
 *
 * Pure, and without keeping a code: the caller stores only keyed hashes of the codes that would
 * continue a run (`successorsOf`), and compares the next patient's hash with them.
 */

/** How far ahead the next code may be and still continue a run (skipped invalid serials). */
export const MAX_SEQUENCE_STEP = 3;

/** The digits that count up in a scan: the code without its dash and check digit. */
function sequencePart(personalCode: string): bigint | undefined {
  const digits = personalCode.replace("-", "");
  if (!/^\d{11}$/.test(digits)) return undefined;
  return BigInt(digits.slice(0, 10));
}

/**
 * The sequence keys a scanning script would try after this code (as 10-digit strings); hash them
 * before storing. Empty for a text that is no personal code.
 */
export function successorsOf(personalCode: string): string[] {
  const part = sequencePart(personalCode);
  if (part === undefined) return [];
  const keys: string[] = [];
  for (let step = 1n; step <= BigInt(MAX_SEQUENCE_STEP); step++)
    keys.push((part + step).toString().padStart(10, "0"));
  return keys;
}

/** The sequence key of this code itself (what `successorsOf` of its predecessor lists). */
export function sequenceKeyOf(personalCode: string): string | undefined {
  return sequencePart(personalCode)?.toString().padStart(10, "0");
}

/** The run after this patient: one more when it continues the last one, else a new run of one. */
export function nextRun(previousRun: number, continues: boolean): number {
  return continues ? previousRun + 1 : 1;
}
