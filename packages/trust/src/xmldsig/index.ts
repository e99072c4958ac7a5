/**
 * XML-DSig core: verification with exact coverage per reference, and signing. Shared by
 * XAdES, clinical-document signatures, SAML assertions and trusted lists.
 */
export * from "./errors.ts";
export { DEFAULT_ID_ATTRIBUTES, type IdAttribute, IdIndex } from "./id-index.ts";
export { type KeyInfoContent, readKeyInfo } from "./key-info.ts";
export type { ExternalResolver, ReferenceResult, ResolvedExternal } from "./references.ts";
export {
  type SignedXml,
  type SignObjectSpec,
  type SignReferenceSpec,
  type SignXmlOptions,
  signXml,
  type TransformSpec,
} from "./sign.ts";
export type { OctetTransform } from "./transforms.ts";
export * from "./uris.ts";
export {
  type SigningKeyInfo,
  type VerifyXmlSignatureOptions,
  verifyXmlSignature,
  type XmlSignatureVerification,
} from "./verify.ts";
