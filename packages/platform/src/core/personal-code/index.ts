/**
 * Latvian personal codes (personas kods): parse, validate, format, ETSI identifier form.
 * Pure logic, no I/O. Spec: shared/specs/latvian-identity.md §5.
 */
export { checkRemainder, computeCheckDigit, PERSONAL_CODE_CHECK_WEIGHTS } from "./check-digit.ts";
export {
  ETSI_LATVIAN_PERSONAL_NUMBER_PREFIX,
  parseEtsiIdentifier,
  toEtsiIdentifier,
} from "./etsi-identifier.ts";
export { formatPersonalCode } from "./format-personal-code.ts";
export {
  isValidPersonalCode,
  MAX_PERSONAL_CODE_INPUT_LENGTH,
  NEW_FORMAT_PREFIX,
  NEW_FORMAT_START_DATE,
  parsePersonalCode,
} from "./parse-personal-code.ts";
export {
  type InvalidPersonalCode,
  type ParsePersonalCodeOptions,
  PERSONAL_CODE_ERROR_CODES,
  PERSONAL_CODE_WARNING_CODES,
  type PersonalCode,
  type PersonalCodeError,
  type PersonalCodeErrorCode,
  type PersonalCodeFormat,
  type PersonalCodeResult,
  type PersonalCodeWarning,
  type PersonalCodeWarningCode,
  type ValidPersonalCode,
} from "./types.ts";
