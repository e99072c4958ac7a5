/**
 * OCSP (RFC 6960) — client side (request building, response checking) and the builders the
 * testbed's responder uses. The path validator calls `buildOcspRequest`, `ocspUrlsOf` and
 * `checkOcspResponse`.
 */
export { buildOcspRequest, type OcspRequestInput } from "./build-request.ts";
export {
  type BuildOcspResponseInput,
  buildOcspErrorResponse,
  buildOcspResponse,
  type OcspAnswer,
  type OcspSingleAnswer,
  wholeSeconds,
} from "./build-response.ts";
export { buildCertId, type CertIdParts, certIdMatches } from "./cert-id.ts";
export { type CertificateFields, certificateFields, serialToHex } from "./certificate-fields.ts";
export {
  type CheckOcspResponseInput,
  checkOcspResponse,
  checkOcspResponseDetailed,
  DEFAULT_OCSP_CLOCK_SKEW_MS,
  DEFAULT_OCSP_MAX_AGE_MS,
  type OcspCheckResult,
} from "./check-response.ts";
export { caIssuersUrlsOf, ocspUrlsOf } from "./ocsp-urls.ts";
export * as ocspOids from "./oids.ts";
export { type ParsedOcspRequest, parseOcspRequest } from "./parse-request.ts";
export {
  type BasicOcspResponse,
  type ParsedOcspResponse,
  parseOcspResponse,
  type SingleResponseValue,
} from "./parse-response.ts";
export { type SignatureCheck, verifySignature } from "./signature-verify.ts";
export { type SigningChoice, signData, signingChoiceFor } from "./signer.ts";
