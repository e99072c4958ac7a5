/**
 * X.509 path validation (RFC 5280 §6) with CRLs (§6.3) and OCSP: the front door.
 */

export { type ParsedCertificate, parseCertificate } from "./cert/certificate.ts";
export { type Name, nameToString } from "./cert/name.ts";
export type { IssuingDistributionPoint } from "./crl/issuing-distribution-point.ts";
export { type CrlEntry, type ParsedCrl, parseCrl } from "./crl/parse-crl.ts";
export { SIGNATURE_CACHE_LIMIT, SignatureCheckCache } from "./path/signature-cache.ts";
export { looksLikePem, type PemBlock, type PemLimits, readPemBlocks } from "./pem.ts";
export type {
  CertificateInfo,
  PathFailure,
  PathFailureCode,
  PathValidationInput,
  PathValidationResult,
  Purpose,
  RevocationMode,
} from "./types.ts";
export { validateCertificatePath } from "./validate-certificate-path.ts";
