/** EN 319 102-1 signature validation and the validation report model. */

export { checkSignerCertificate, type SignerCertificateOutcome } from "./check-signer-certificate.ts";
export { checkTimeStamp, type TimeStampEvidence } from "./check-time-stamps.ts";
export { REPORT_MESSAGE_CODES, type ReportMessageCode } from "./codes.ts";
export { verifyRsaLegacyDigestInfo } from "./legacy-rsa.ts";
export * from "./types.ts";
export { type ValidateXmlSignatureOptions, validateXmlSignature } from "./validate-xml-signature.ts";
