/** ASiC-E (EN 319 162-1) / Latvian eDoc containers: create, add a signature, read tolerantly; hardened ZIP reading. */
export {
  type AddSignatureOptions,
  type AsicDataFileInput,
  addSignature,
  type CreateAsicEOptions,
  createAsicE,
  nextSignatureEntryName,
} from "./asic-create.ts";
export { type AsicContainer, type AsicDataFile, type AsicNamedFile, readAsicE } from "./asic-read.ts";
export {
  ASIC_E_MEDIA_TYPE,
  ASIC_S_MEDIA_TYPE,
  DEFAULT_DATA_MEDIA_TYPE,
  MANIFEST_ENTRY,
  MIMETYPE_ENTRY,
  ODF_MANIFEST_NS,
  SIGNATURE_ENTRY_PATTERN,
} from "./constants.ts";
export { ASIC_ERROR_CODES, AsicError, type AsicErrorCode } from "./errors.ts";
export { isLegacyEdocLayout } from "./legacy-edoc.ts";
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./limits.ts";
export { type AsicManifest, buildManifest, type ManifestFileEntry, parseManifest } from "./manifest.ts";
export {
  entryNameToReferenceUri,
  findEntryByReferenceUri,
  referenceUriToEntryName,
} from "./reference-uri.ts";
export { ASIC_WARNING_CODES, type AsicWarning, type AsicWarningCode } from "./warnings.ts";
