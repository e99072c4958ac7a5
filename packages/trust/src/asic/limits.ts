/**
 * Limits for reading ZIP archives from outside (DESIGN "parsers of outside input have size
 * limits"; issue 4 acceptance: zip bombs, 50 MB files). All are checked before any byte is
 * inflated, and the size limits once more while inflating, since headers can lie.
 */
const MIB = 1024 * 1024;

export interface ZipLimits {
  /** Size of the archive itself (the compressed input). */
  maxInputBytes: number;
  /** Number of entries in the central directory. */
  maxEntries: number;
  /** Uncompressed size of any one entry. */
  maxEntryBytes: number;
  /** Uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Highest uncompressed:compressed ratio allowed for entries larger than `ratioThresholdBytes`. */
  maxCompressionRatio: number;
  /** Entries at or below this uncompressed size are exempt from the ratio rule (tiny files compress well). */
  ratioThresholdBytes: number;
  /** Length of an entry name in bytes, as stored in the archive. */
  maxNameBytes: number;
  /** Size of META-INF/manifest.xml that will be parsed as XML. */
  maxManifestBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxInputBytes: 50 * MIB,
  maxEntries: 1000,
  maxEntryBytes: 100 * MIB,
  maxTotalBytes: 100 * MIB,
  maxCompressionRatio: 100,
  ratioThresholdBytes: 1 * MIB,
  maxNameBytes: 1024,
  maxManifestBytes: 1 * MIB,
});

export function resolveZipLimits(overrides?: Partial<ZipLimits>): ZipLimits {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`ZIP limit ${key} must be a non-negative finite number`);
    }
  }
  return limits;
}
