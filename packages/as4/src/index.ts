/**
 * @tilts/as4 — eDelivery AS4 (ebMS 3.0) as a pure library: messages and their MIME packaging,
 * compression, WS-Security signing and encryption (on @tilts/trust's XML-DSig and path
 * validation), receipts, reception awareness and duplicate detection over ports, P-Modes and
 * Domibus P-Mode import. No server, no storage, no clock: the platform supplies those.
 */
export * from "./compression.ts";
export * from "./errors.ts";
export { BODY_ID, buildEnvelope, MESSAGING_ID } from "./message/build-envelope.ts";
export { errorSignalFor } from "./message/error-signal.ts";
export * from "./message/model.ts";
export { DEFAULT_ENVELOPE_LIMITS, type ParsedEnvelope, parseEnvelope } from "./message/parse-envelope.ts";
export * from "./mime/multipart.ts";
export * from "./namespaces.ts";
export * from "./open-message.ts";
export * from "./package-message.ts";
export * from "./pmode/import-domibus.ts";
export type * from "./pmode/model.ts";
export * from "./pmode/routing.ts";
export * from "./reliability/duplicates.ts";
export * from "./reliability/receipt.ts";
export * from "./reliability/retry-schedule.ts";
export { SIGNATURE_ALGORITHMS, type SignatureAlgorithmName } from "./security/algorithms.ts";
export { type DecryptedPart, decryptAttachments } from "./security/decrypt-attachments.ts";
export {
  encryptAttachments,
  type PlainAttachment,
  type RandomBytes,
} from "./security/encrypt-attachments.ts";
export { type AttachmentContent, type SigningCredentials, signEnvelope } from "./security/sign-envelope.ts";
export {
  type CertificateTrust,
  type SignaturePolicy,
  type VerifiedSignature,
  verifyEnvelopeSignature,
} from "./security/verify-envelope.ts";
