/**
 * Limits of the bounded PDF reader (DESIGN "parsers of outside input have size, depth and time
 * limits"). Every loop of the reader is bounded by one of these, so a hostile file is refused
 * with a `PdfError` after a bounded amount of work.
 */
export interface PdfLimits {
  /** Whole file. */
  maxFileBytes: number;
  /** Highest object number / cross-reference entries over all sections. */
  maxObjects: number;
  /** Nesting of arrays and dictionaries. */
  maxDepth: number;
  /** Encoded length of one stream. */
  maxStreamBytes: number;
  /** Decoded length of one stream (Flate bombs). */
  maxDecodedBytes: number;
  /** Decoded bytes over all streams one document reads (many bombs just under the per-stream limit). */
  maxTotalDecodedBytes: number;
  /** Cross-reference sections followed through /Prev (also bounds incremental updates). */
  maxXrefSections: number;
  /** Bytes of one string (a /Contents holds the CMS: a few kB to a few hundred kB). */
  maxStringBytes: number;
  /** Tokens in one object (a flat array of a million numbers is as costly as deep nesting). */
  maxTokensPerObject: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxFileBytes: 512 * 1024 * 1024,
  maxObjects: 1_000_000,
  maxDepth: 64,
  maxStreamBytes: 256 * 1024 * 1024,
  maxDecodedBytes: 64 * 1024 * 1024,
  maxTotalDecodedBytes: 256 * 1024 * 1024,
  maxXrefSections: 256,
  maxStringBytes: 16 * 1024 * 1024,
  maxTokensPerObject: 1_000_000,
};
