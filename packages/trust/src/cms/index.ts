/** CMS (RFC 5652) SignedData building and reading for CAdES-based PAdES signatures. */
export {
  buildSignedData,
  type CmsHash,
  type CmsSignature,
  hashForKey,
  type SignedDataInput,
  signAttributes,
} from "./build-signed-data.ts";
export * as cmsOids from "./oids.ts";
export {
  type CmsAttribute,
  type ParsedSignedData,
  type ParsedSignerInfo,
  parseSignedData,
} from "./parse-signed-data.ts";
