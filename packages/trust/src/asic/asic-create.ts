/**
 * Builds ASiC-E containers (EN 319 162-1 §4.4, Latvian eDoc form) and adds signatures to them.
 * Entry order: `mimetype` (first, STORED, no extra field: §A.1), the data files, the manifest,
 * then META-INF/signaturesN.xml. Adding a signer appends an entry and leaves every existing
 * byte in place, so earlier signatures over the data files (and over each other) stay valid.
 */

import { readAsicEWithDirectory } from "./asic-read.ts";
import {
  ASIC_E_MEDIA_TYPE,
  DEFAULT_DATA_MEDIA_TYPE,
  MANIFEST_ENTRY,
  MIMETYPE_ENTRY,
  NUMBERED_SIGNATURE_ENTRY,
} from "./constants.ts";
import { asicError } from "./errors.ts";
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./limits.ts";
import { buildManifest } from "./manifest.ts";
import { checkEntryName } from "./zip-names.ts";
import { appendZipEntries, writeZip, type ZipWriteEntry } from "./zip-write.ts";

export interface AsicDataFileInput {
  /** Entry name: a relative path, kept exactly (spaces, '+', non-ASCII are fine). */
  name: string;
  /** Recorded in the manifest; application/octet-stream when omitted. */
  mediaType?: string;
  content: Uint8Array;
}

export interface CreateAsicEOptions {
  dataFiles: AsicDataFileInput[];
  /** Signature files' contents, written as META-INF/signatures0.xml, signatures1.xml, … */
  signatures?: Uint8Array[];
  /** Modification time of every entry; the caller's clock (defaults to now). */
  modifiedAt?: Date;
  /** ZIP archive comment. */
  comment?: string;
}

export interface AddSignatureOptions {
  /** Limits for reading the existing container. */
  limits?: Partial<ZipLimits>;
  modifiedAt?: Date;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const MEDIA_TYPE_FORBIDDEN = /[\u0000-\u001f\u007f]/;
const MAX_MEDIA_TYPE_LENGTH = 255;

function checkDataFile(file: AsicDataFileInput, seen: Set<string>): void {
  checkEntryName(file.name, false);
  const label = JSON.stringify(file.name);
  if (new TextEncoder().encode(file.name).length > DEFAULT_ZIP_LIMITS.maxNameBytes) {
    throw asicError("name-too-long", label);
  }
  // ASiC-E reserves META-INF/ and mimetype (§4.4.1); compare case-insensitively so a container
  // extracted on a case-insensitive file system cannot clash either.
  if (file.name.toUpperCase().startsWith("META-INF/") || file.name.toLowerCase() === MIMETYPE_ENTRY) {
    throw asicError("bad-argument", `${label} is a reserved name`);
  }
  if (seen.has(file.name)) throw asicError("duplicate-entry", label);
  seen.add(file.name);
  const mediaType = file.mediaType ?? DEFAULT_DATA_MEDIA_TYPE;
  if (mediaType === "" || mediaType.length > MAX_MEDIA_TYPE_LENGTH || MEDIA_TYPE_FORBIDDEN.test(mediaType)) {
    throw asicError("bad-argument", `media type of ${label} is empty, too long or has control characters`);
  }
}

/** A new ASiC-E container. Throws AsicError (`bad-argument`, `path-traversal`, …) for unusable input. */
export function createAsicE(options: CreateAsicEOptions): Uint8Array {
  if (options.dataFiles.length === 0)
    throw asicError("bad-argument", "an ASiC-E container needs at least one data file");
  const seen = new Set<string>();
  for (const file of options.dataFiles) checkDataFile(file, seen);
  const signatures = options.signatures ?? [];
  for (const signature of signatures) {
    if (signature.length === 0) throw asicError("bad-argument", "empty signature file");
  }
  const entries: ZipWriteEntry[] = [
    { name: MIMETYPE_ENTRY, content: new TextEncoder().encode(ASIC_E_MEDIA_TYPE), method: "stored" },
    ...options.dataFiles.map(
      (f): ZipWriteEntry => ({ name: f.name, content: f.content, method: "deflated" }),
    ),
    {
      name: MANIFEST_ENTRY,
      content: buildManifest(
        options.dataFiles.map((f) => ({
          fullPath: f.name,
          mediaType: f.mediaType ?? DEFAULT_DATA_MEDIA_TYPE,
        })),
      ),
      method: "deflated",
    },
    ...signatures.map(
      (content, n): ZipWriteEntry => ({ name: `META-INF/signatures${n}.xml`, content, method: "deflated" }),
    ),
  ];
  return writeZip(entries, {
    modifiedAt: options.modifiedAt ?? new Date(),
    comment: options.comment === undefined ? undefined : new TextEncoder().encode(options.comment),
  });
}

/** The name the next signature gets: META-INF/signatures{N}.xml with N one past the highest in use (0 if none). */
export function nextSignatureEntryName(existingNames: Iterable<string>): string {
  const names = new Set(existingNames);
  let next = 0;
  for (const name of names) {
    const match = NUMBERED_SIGNATURE_ENTRY.exec(name);
    if (match) next = Math.max(next, Number.parseInt(match[1] as string, 10) + 1);
  }
  while (names.has(`META-INF/signatures${next}.xml`)) next++;
  return `META-INF/signatures${next}.xml`;
}

/**
 * `container` plus one signature file. The container is first read in full (limits, CRCs,
 * ASiC-E checks), then the new entry is appended without touching any existing byte.
 */
export function addSignature(
  container: Uint8Array,
  signatureXml: Uint8Array,
  options: AddSignatureOptions = {},
): Uint8Array {
  if (signatureXml.length === 0) throw asicError("bad-argument", "empty signature file");
  const { directory } = readAsicEWithDirectory(container, options.limits);
  const name = nextSignatureEntryName(directory.entries.map((e) => e.name));
  return appendZipEntries(
    container,
    directory,
    [{ name, content: signatureXml, method: "deflated" }],
    options.modifiedAt ?? new Date(),
  );
}
