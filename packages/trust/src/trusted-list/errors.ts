/**
 * Failures of trusted-list parsing. A list that cannot be read throws TrustedListFormatError,
 * a MalformedInputError (code "malformed") with a finer `reason`; signature and qualification
 * checks never throw for a bad list: they return coded problems.
 */
import { MalformedInputError } from "../errors.ts";

export const TRUSTED_LIST_FORMAT_REASONS = [
  "tl-not-a-trusted-list", // root is not tsl:TrustServiceStatusList
  "tl-unsupported-version", // TSLVersionIdentifier other than 5 or 6
  "tl-missing-element", // a mandatory element is absent
  "tl-bad-value", // a value of the wrong shape (date, integer, base64, certificate)
  "tl-too-large", // beyond the list limits (providers, services, history, identities)
] as const;
export type TrustedListFormatReason = (typeof TRUSTED_LIST_FORMAT_REASONS)[number];

export class TrustedListFormatError extends MalformedInputError {
  override name = "TrustedListFormatError";
  constructor(
    readonly reason: TrustedListFormatReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Codes in `verifyTrustedListSignature` results and `qualifySignature` warnings. */
export const TRUSTED_LIST_PROBLEM_CODES = [
  "tl-malformed",
  "tl-signature-missing",
  "tl-signature-misplaced",
  "tl-signature-invalid",
  "tl-signature-partial-coverage",
  "tl-signer-unknown",
  "tl-signer-not-valid-at-issue",
  "tl-no-signer-certificates",
  "tl-list-expired",
  "tl-no-service",
  "tl-service-not-granted",
  "tl-not-qualified-at-issuance",
  "tl-type-conflict",
  "tl-qualifier-conflict",
  "tl-conflicting-services",
  "tl-qc-for-wsa",
  "tl-certificate-unreadable",
  "tl-fetch-failed",
  "tl-territory-mismatch",
] as const;
export type TrustedListProblemCode = (typeof TRUSTED_LIST_PROBLEM_CODES)[number];

export interface TrustedListProblem {
  code: TrustedListProblemCode;
  message: string;
}
