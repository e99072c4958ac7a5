/**
 * The operator's classifiers (ANX2-17, DEV-5): the versioned store, the loader of published
 * files (CSV, FHIR CodeSystem JSON), FHIR R4 forms, and the classifier contracts. See README.md.
 */
export { BOUND_CODES, SYSTEM_RIGHT_ACTIONS, type SystemRightAction } from "./bound-codes.ts";
export { LOINC_OID } from "./built-in.ts";
export {
  type CodeChange,
  type CodeChangeKind,
  type CodeSystemInfo,
  changesSince,
  findCodeSystem,
  isValidCode,
  listCodeSystems,
  publishedCodes,
  type StoredCode,
  validCodes,
} from "./classifier-store.ts";
export {
  type ClassifierContract,
  findClassifierContract,
  recordClassifierContract,
} from "./contract-store.ts";
export { fhirCodeSystem, fhirValueSet, valueSetUrl } from "./core/fhir.ts";
export { CSV_HEADER } from "./core/parse-csv.ts";
export { MAX_CLASSIFIER_FILE_BYTES, MAX_CODES } from "./core/read-file.ts";
export { ClassifierError, type ClassifierErrorCode, type FileProblem } from "./errors.ts";
export { type LoadResult, loadClassifier } from "./load-classifier.ts";
export { ehealthClassifierMigrations } from "./migration.ts";
export { isPurposeOffered, purposeChoices } from "./purpose-choices.ts";
export type { EhealthClassifierTables } from "./tables.ts";
