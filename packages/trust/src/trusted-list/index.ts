/**
 * Trusted lists (ETSI TS 119 612 v2, TSLVersionIdentifier 5 and 6): parse national lists and
 * the EU list of lists, verify their enveloped signatures against the announced signer
 * certificates, read a service's status at a time, derive trust anchors, and decide a
 * signature's qualification (TS 119 615). See README.md.
 */
export {
  buildTrustedListXml,
  type CriteriaSpec,
  type PointerSpec,
  type ProviderSpec,
  type ServiceSpec,
  type ServiceStateSpec,
  type TrustedListSpec,
} from "./build-trusted-list.ts";
export { type CertificateQcInfo, certificateQcInfo, type QcType } from "./certificate-qc-info.ts";
export {
  TRUSTED_LIST_FORMAT_REASONS,
  TRUSTED_LIST_PROBLEM_CODES,
  TrustedListFormatError,
  type TrustedListFormatReason,
  type TrustedListProblem,
  type TrustedListProblemCode,
} from "./errors.ts";
export {
  type LoadedTrustedLists,
  type LoadTrustedListsOptions,
  loadTrustedLists,
  type TrustedListLoadProblem,
} from "./load-trusted-lists.ts";
export * as trustedListOids from "./oids.ts";
export {
  DEFAULT_TRUSTED_LIST_LIMITS,
  type ParseTrustedListOptions,
  parseTrustedList,
  type TrustedListLimits,
} from "./parse-trusted-list.ts";
export {
  type QualifySignatureInput,
  type QualifySignatureResult,
  qualifierFor,
  qualifySignature,
  type SignatureQualification,
} from "./qualify-signature.ts";
export { type SignTrustedListOptions, signTrustedList } from "./sign-trusted-list.ts";
export { isQualifyingStatus, statusAt, statusName } from "./status.ts";
export { trustAnchorsFrom } from "./trust-anchors.ts";
export type {
  CriteriaList,
  DigitalId,
  MultilingualString,
  OtherTslPointer,
  QualificationElement,
  ServiceInformationExtensions,
  ServiceState,
  TrustedList,
  TrustService,
  TrustServiceProvider,
} from "./types.ts";
export * as trustedListUris from "./uris.ts";
export { type TrustedListSignatureResult, verifyTrustedListSignature } from "./verify-signature.ts";
