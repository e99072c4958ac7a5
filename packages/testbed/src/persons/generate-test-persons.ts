/**
 * Deterministic synthetic test persons: Latvian names with gender agreement, birth dates and
 * personal codes in both formats, some with a history of codes (shared/specs/latvian-identity.md
 * §2.2: the identity store keeps historical codes; §5.1: a one-time change to the 32-format).
 *
 * Synthetic codes obey the real rules and MAY coincide with real people's codes; they are for
 * tests and demos only (see synthetic-personal-code.ts).
 */
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAME_PAIRS } from "./latvian-names.ts";
import { createPrng, type Prng, type Seed } from "./prng.ts";
import { generateLegacyCode, generateNewFormatCode } from "./synthetic-personal-code.ts";

export type Gender = "male" | "female";

export interface TestPerson {
  /** Current code, `XXXXXX-XXXXX`. */
  readonly personalCode: string;
  /** Earlier codes, oldest first (a legacy code replaced by a 32-code). Empty for most. */
  readonly previousCodes: readonly string[];
  readonly givenName: string;
  readonly familyName: string;
  readonly gender: Gender;
  /** ISO `YYYY-MM-DD`. */
  readonly birthDate: string;
}

export interface GenerateTestPersonsOptions {
  readonly seed: Seed;
  readonly count: number;
  /**
   * Share of persons born before the format change who later switched from their legacy code
   * to a new one (default 0.1).
   */
  readonly changedCodeShare?: number;
  /**
   * Share of persons born before the format change who have only a new-format code — people
   * first registered after 2017-07-01, e.g. immigrants (default 0.05).
   */
  readonly newCodeOnlyShare?: number;
}

/** Upper bound on `count`: keeps a typo from filling memory. */
export const MAX_TEST_PERSONS = 100_000;

// Fixed range, not "now": the same seed must give the same persons next year too.
const FIRST_BIRTH_DAY = Date.UTC(1925, 0, 1) / 86_400_000;
const LAST_BIRTH_DAY = Date.UTC(2024, 11, 31) / 86_400_000;
/** §5.1: legacy codes were issued for births before this date, new-format codes from it. */
const NEW_FORMAT_START_DATE = "2017-07-01";

function isoDateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Draw until the code is not already taken, so no two persons (or histories) share a code. */
function uniqueCode(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const code = draw();
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

function checkShare(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
  return value;
}

function generateOne(prng: Prng, taken: Set<string>, changedShare: number, newOnlyShare: number): TestPerson {
  const gender: Gender = prng.chance(0.5) ? "female" : "male";
  const givenName = prng.pick(gender === "male" ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES);
  const [maleSurname, femaleSurname] = prng.pick(SURNAME_PAIRS);
  const familyName = gender === "male" ? maleSurname : femaleSurname;
  const birthDate = isoDateOfDay(prng.int(FIRST_BIRTH_DAY, LAST_BIRTH_DAY));

  const newCode = () => uniqueCode(taken, () => generateNewFormatCode(prng));
  const legacyCode = () => uniqueCode(taken, () => generateLegacyCode(birthDate, prng));

  let personalCode: string;
  let previousCodes: string[] = [];
  if (birthDate >= NEW_FORMAT_START_DATE) {
    personalCode = newCode();
  } else {
    const draw = prng.int(0, 999_999) / 1_000_000;
    if (draw < changedShare) {
      previousCodes = [legacyCode()];
      personalCode = newCode();
    } else if (draw < changedShare + newOnlyShare) {
      personalCode = newCode();
    } else {
      personalCode = legacyCode();
    }
  }
  return { personalCode, previousCodes, givenName, familyName, gender, birthDate };
}

/** `count` persons from `seed`: the same seed always gives the same list. */
export function generateTestPersons(options: GenerateTestPersonsOptions): TestPerson[] {
  const { seed, count } = options;
  if (!Number.isInteger(count) || count < 0 || count > MAX_TEST_PERSONS) {
    throw new RangeError(`count must be an integer from 0 to ${MAX_TEST_PERSONS}`);
  }
  const changedShare = checkShare("changedCodeShare", options.changedCodeShare ?? 0.1);
  const newOnlyShare = checkShare("newCodeOnlyShare", options.newCodeOnlyShare ?? 0.05);
  if (changedShare + newOnlyShare > 1)
    throw new RangeError("changedCodeShare + newCodeOnlyShare must not exceed 1");

  const prng = createPrng(seed);
  const taken = new Set<string>();
  const persons: TestPerson[] = [];
  for (let i = 0; i < count; i++) persons.push(generateOne(prng, taken, changedShare, newOnlyShare));
  return persons;
}
