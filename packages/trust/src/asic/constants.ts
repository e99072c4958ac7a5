/** Names and URIs of ETSI EN 319 162-1 ASiC-E as Latvia's eDoc uses it. */

/** EN 319 162-1 §4.4.4 / Annex A: the `mimetype` entry's content for ASiC-E. */
export const ASIC_E_MEDIA_TYPE = "application/vnd.etsi.asic-e+zip";
/** ASiC-S, recognised only to refuse it with a clear code. */
export const ASIC_S_MEDIA_TYPE = "application/vnd.etsi.asic-s+zip";
/** Media type given to data files the manifest does not describe. */
export const DEFAULT_DATA_MEDIA_TYPE = "application/octet-stream";

export const MIMETYPE_ENTRY = "mimetype";
export const META_INF_PREFIX = "META-INF/";
export const MANIFEST_ENTRY = "META-INF/manifest.xml";

/** OpenDocument v1.2 manifest namespace, which ASiC-E (EN 319 162-1 §A.1) borrows. */
export const ODF_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
export const ODF_MANIFEST_VERSION = "1.2";

/** EN 319 162-1 §4.4.3: XAdES signatures of ASiC-E live in META-INF/*signatures*.xml. */
export const SIGNATURE_ENTRY_PATTERN = /^META-INF\/[^/]*signatures[^/]*\.xml$/;
/** The names this library writes: META-INF/signaturesN.xml (DigiDoc4j form). */
export const NUMBERED_SIGNATURE_ENTRY = /^META-INF\/signatures(\d+)\.xml$/;
