/** XAdES (ETSI EN 319 132-1) baseline signatures B-B, B-T, B-LT, B-LTA: signing, augmentation, reading. */
export { algorithmsFor, type XadesAlgorithms } from "./algorithms.ts";
export { type AugmentXadesOptions, augmentXades, findSignature, qualifyingPropertiesOf } from "./augment.ts";
export { orderChain } from "./chain.ts";
export { collectRevocation, crlUrlsOf } from "./collect-revocation.ts";
export * from "./constants.ts";
export { XADES_ERROR_CODES, XadesError, type XadesErrorCode } from "./errors.ts";
export type { RevocationFetchers, TimeStampAuthority } from "./ports.ts";
export { readXadesProperties, type XadesProperties } from "./read-properties.ts";
export { signXadesEnveloped } from "./sign-enveloped.ts";
export {
  type SignedXades,
  type SignXadesOptions,
  signXades,
  type XadesDataObject,
  type XadesSigner,
} from "./sign-xades.ts";
export { type ProductionPlace, xadesDateTime } from "./signed-properties.ts";
