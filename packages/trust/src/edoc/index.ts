/** Latvian eDoc (ASiC-E + XAdES): signing and verifying documents — the glue between asic and xades. */

export { type AugmentEdocOptions, augmentEdoc } from "./augment-edoc.ts";
export { type ContainerReferences, containerReferences } from "./container-references.ts";
export { type EdocDataFile, type SignEdocOptions, signEdoc } from "./sign-edoc.ts";
export {
  UnsupportedDocumentError,
  type VerifyDocumentOptions,
  verifyDocument,
  verifyParsedXmlDocument,
} from "./verify-document.ts";
