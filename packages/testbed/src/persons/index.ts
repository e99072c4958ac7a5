/**
 * Synthetic test persons for the testbed, tests and demos. Codes are synthetic and may coincide
 * with real people's: tests only.
 */
export {
  type Gender,
  type GenerateTestPersonsOptions,
  generateTestPersons,
  MAX_TEST_PERSONS,
  type TestPerson,
} from "./generate-test-persons.ts";
export { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAME_PAIRS } from "./latvian-names.ts";
export { createPrng, type Prng, type Seed } from "./prng.ts";
export {
  checkRemainderForGeneration,
  generateLegacyCode,
  generateNewFormatCode,
} from "./synthetic-personal-code.ts";
