/**
 * Reads an ASiC-E container (EN 319 162-1 §4.4) tolerantly, as real eDocs require: a missing,
 * misplaced or compressed `mimetype` is a warning as long as the manifest or signature files say
 * ASiC-E (edoc-and-validation.md §1.4 item 10). The steps, in order:
 *   1. ZIP structure and every pre-inflation limit   (zip-directory.ts)
 *   2. mimetype: read and judge                       (checkMimetype)
 *   3. legacy eDoc 1.x layout → unsupported           (legacy-edoc.ts)
 *   4. manifest: parse, or warn                       (readManifest)
 *   5. is this ASiC-E at all?                         (checkContainerType)
 *   6. inflate the rest under the budget, sort into data / signature / other META-INF files
 *   7. cross-check manifest and data files            (crossCheckManifest)
 */
import { MalformedInputError } from "../errors.ts";
import {
  ASIC_E_MEDIA_TYPE,
  DEFAULT_DATA_MEDIA_TYPE,
  MANIFEST_ENTRY,
  META_INF_PREFIX,
  MIMETYPE_ENTRY,
  SIGNATURE_ENTRY_PATTERN,
} from "./constants.ts";
import { asicError } from "./errors.ts";
import { isLegacyEdocLayout } from "./legacy-edoc.ts";
import { resolveZipLimits, type ZipLimits } from "./limits.ts";
import { type AsicManifest, parseManifest } from "./manifest.ts";
import { type AsicWarning, asicWarning } from "./warnings.ts";
import { readZipDirectory, type ZipDirectory, type ZipEntryRecord } from "./zip-directory.ts";
import { extractEntry, InflateBudget } from "./zip-extract.ts";
import { METHOD_STORED } from "./zip-format.ts";

export interface AsicDataFile {
  /** The entry name exactly as in the ZIP ('+' and spaces literal). */
  name: string;
  /** From the manifest; application/octet-stream when it has none. */
  mediaType: string;
  size: number;
  content: Uint8Array;
}

export interface AsicNamedFile {
  name: string;
  content: Uint8Array;
}

export interface AsicContainer {
  /** The container's media type: application/vnd.etsi.asic-e+zip. */
  mediaType: string;
  /** The subset of `warnings` about the mimetype entry. */
  mimetypeWarnings: AsicWarning[];
  /** Every entry outside META-INF/ other than `mimetype` and directories, in archive order. */
  dataFiles: AsicDataFile[];
  /** META-INF/*signatures*.xml, in archive order. */
  signatureFiles: AsicNamedFile[];
  /** Other META-INF/ files (manifest.xml included), in archive order. */
  otherMetaInfFiles: AsicNamedFile[];
  manifest: AsicManifest | null;
  /** The ZIP comment (eDoc libraries write "EDOC/2.0; LIB/…"); "" when none. */
  comment: string;
  warnings: AsicWarning[];
}

const utf8Lenient = new TextDecoder("utf-8");

function checkMimetype(
  archive: Uint8Array,
  entry: ZipEntryRecord | undefined,
  budget: InflateBudget,
): { value: string | null; warnings: AsicWarning[] } {
  if (!entry) return { value: null, warnings: [asicWarning("mimetype-missing")] };
  const warnings: AsicWarning[] = [];
  // EN 319 162-1 §4.4.4 / A.1: first, STORED, no extra field — so the type shows at offset 38.
  if (entry.localHeaderOffset !== 0) warnings.push(asicWarning("mimetype-not-first"));
  if (entry.method !== METHOD_STORED) warnings.push(asicWarning("mimetype-compressed"));
  if (entry.localExtraLength !== 0) warnings.push(asicWarning("mimetype-extra-field"));
  const raw = utf8Lenient.decode(extractEntry(archive, entry, budget));
  const value = raw.trim();
  if (value !== raw) warnings.push(asicWarning("mimetype-whitespace"));
  return { value, warnings };
}

function readManifest(
  archive: Uint8Array,
  entry: ZipEntryRecord | undefined,
  budget: InflateBudget,
  limits: ZipLimits,
): { manifest: AsicManifest | null; content: Uint8Array | null; warnings: AsicWarning[] } {
  if (!entry) return { manifest: null, content: null, warnings: [asicWarning("manifest-missing")] };
  const content = extractEntry(archive, entry, budget);
  if (content.length > limits.maxManifestBytes) {
    return {
      manifest: null,
      content,
      warnings: [asicWarning("manifest-malformed", `${content.length} bytes > ${limits.maxManifestBytes}`)],
    };
  }
  try {
    return { manifest: parseManifest(content, limits.maxManifestBytes), content, warnings: [] };
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
    return { manifest: null, content, warnings: [asicWarning("manifest-malformed", error.message)] };
  }
}

/** The mimetype decides when present; without it, the manifest's root entry or signature files must say ASiC-E. */
function checkContainerType(
  mimetype: string | null,
  manifest: AsicManifest | null,
  names: string[],
): AsicWarning[] {
  if (mimetype !== null) {
    if (mimetype !== ASIC_E_MEDIA_TYPE)
      throw asicError("not-asic-e", `mimetype is ${JSON.stringify(mimetype.slice(0, 100))}`);
    if (manifest && manifest.rootMediaType !== ASIC_E_MEDIA_TYPE) {
      return [asicWarning("manifest-root-media-type", JSON.stringify(manifest.rootMediaType))];
    }
    return [];
  }
  const rootType = manifest?.rootMediaType ?? null;
  if (rootType !== null && rootType !== ASIC_E_MEDIA_TYPE) {
    throw asicError("not-asic-e", `manifest root media type is ${JSON.stringify(rootType.slice(0, 100))}`);
  }
  const hasSignatures = names.some((n) => SIGNATURE_ENTRY_PATTERN.test(n));
  if (rootType === null && !hasSignatures) {
    throw asicError("not-asic-e", "no mimetype, no ASiC-E manifest root entry and no signature files");
  }
  return rootType === null && manifest ? [asicWarning("manifest-root-media-type", "no '/' entry")] : [];
}

function crossCheckManifest(
  manifest: AsicManifest,
  dataFiles: AsicDataFile[],
  allNames: Set<string>,
): AsicWarning[] {
  const warnings: AsicWarning[] = [];
  const listed = new Set<string>();
  for (const { fullPath } of manifest.entries) {
    if (listed.has(fullPath))
      warnings.push(asicWarning("manifest-duplicate-entry", JSON.stringify(fullPath)));
    listed.add(fullPath);
    // ODF manifests may list folders ("dir/"); those need no entry of their own.
    if (!fullPath.endsWith("/") && !allNames.has(fullPath)) {
      warnings.push(asicWarning("manifest-file-missing", JSON.stringify(fullPath)));
    }
  }
  for (const file of dataFiles) {
    if (!listed.has(file.name))
      warnings.push(asicWarning("data-file-not-in-manifest", JSON.stringify(file.name)));
  }
  return warnings;
}

/** Internal: the container and the ZIP directory it came from (addSignature needs both). */
export function readAsicEWithDirectory(
  bytes: Uint8Array,
  limitOverrides?: Partial<ZipLimits>,
): { container: AsicContainer; directory: ZipDirectory } {
  const limits = resolveZipLimits(limitOverrides);
  const directory = readZipDirectory(bytes, limits);
  const byName = new Map(directory.entries.map((e) => [e.name, e]));
  const names = directory.entries.map((e) => e.name);
  const budget = new InflateBudget(limits);

  const mimetype = checkMimetype(bytes, byName.get(MIMETYPE_ENTRY), budget);
  if (mimetype.value !== ASIC_E_MEDIA_TYPE && isLegacyEdocLayout(names)) {
    throw asicError(
      "unsupported-legacy-edoc",
      "OPC layout with EDoc/ folder ([Content_Types].xml, _rels/.rels)",
    );
  }
  const manifestRead = readManifest(bytes, byName.get(MANIFEST_ENTRY), budget, limits);
  const typeWarnings = checkContainerType(mimetype.value, manifestRead.manifest, names);

  const mediaTypes = new Map<string, string>();
  for (const { fullPath, mediaType } of manifestRead.manifest?.entries ?? []) {
    if (!mediaTypes.has(fullPath) && mediaType !== "") mediaTypes.set(fullPath, mediaType);
  }
  const dataFiles: AsicDataFile[] = [];
  const signatureFiles: AsicNamedFile[] = [];
  const otherMetaInfFiles: AsicNamedFile[] = [];
  const nameWarnings: AsicWarning[] = [];
  for (const entry of directory.entries) {
    if (entry.nameCp437) nameWarnings.push(asicWarning("file-name-not-utf8", JSON.stringify(entry.name)));
    if (entry.isDirectory || entry.name === MIMETYPE_ENTRY) continue;
    if (entry.name === MANIFEST_ENTRY) {
      if (manifestRead.content) otherMetaInfFiles.push({ name: entry.name, content: manifestRead.content });
      continue;
    }
    const content = extractEntry(bytes, entry, budget);
    if (SIGNATURE_ENTRY_PATTERN.test(entry.name)) signatureFiles.push({ name: entry.name, content });
    else if (entry.name.startsWith(META_INF_PREFIX)) otherMetaInfFiles.push({ name: entry.name, content });
    else {
      const mediaType = mediaTypes.get(entry.name) ?? DEFAULT_DATA_MEDIA_TYPE;
      dataFiles.push({ name: entry.name, mediaType, size: content.length, content });
    }
  }

  const manifestWarnings = manifestRead.manifest
    ? crossCheckManifest(manifestRead.manifest, dataFiles, new Set(names))
    : [];
  const warnings = [
    ...mimetype.warnings,
    ...manifestRead.warnings,
    ...typeWarnings,
    ...manifestWarnings,
    ...nameWarnings,
    ...(dataFiles.length === 0 ? [asicWarning("no-data-files")] : []),
  ];
  const container: AsicContainer = {
    mediaType: ASIC_E_MEDIA_TYPE,
    mimetypeWarnings: mimetype.warnings,
    dataFiles,
    signatureFiles,
    otherMetaInfFiles,
    manifest: manifestRead.manifest,
    comment: utf8Lenient.decode(directory.comment),
    warnings,
  };
  return { container, directory };
}

/**
 * Reads an ASiC-E / eDoc container. Throws `AsicError` (a MalformedInputError) with a stable
 * code for anything it refuses; tolerated deviations come back as `warnings`.
 */
export function readAsicE(bytes: Uint8Array, limits?: Partial<ZipLimits>): AsicContainer {
  return readAsicEWithDirectory(bytes, limits).container;
}
