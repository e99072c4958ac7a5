/**
 * Coded refusals of the ZIP / ASiC-E layer. Every one is a `MalformedInputError` (outside input
 * that cannot be accepted), with a stable `code` a caller or report can act on (DESIGN "Errors
 * carry codes"). Codes are never reused for another meaning.
 */
import { MalformedInputError } from "../errors.ts";

export const ASIC_ERROR_CODES = {
  "not-a-zip": "the input is not a ZIP archive (no valid end-of-central-directory record)",
  "input-too-large": "the input is larger than the allowed compressed size",
  "too-many-entries": "the archive has more entries than allowed",
  "name-too-long": "an entry name is longer than allowed",
  "path-traversal":
    "an entry name is absolute, climbs out of the archive (..), or holds a backslash, drive letter or NUL",
  "bad-file-name":
    "an entry name is empty, has empty or '.' segments, control characters, or is not valid text",
  "duplicate-entry": "two entries have the same name",
  "encrypted-entry": "an entry is encrypted",
  "unsupported-compression": "an entry uses a compression method other than STORED or DEFLATE",
  "unsupported-zip": "the archive uses a ZIP feature not supported here (multi-disk)",
  truncated: "a record or an entry's data lies outside the input",
  "overlapping-entries": "two entries share bytes of the archive (an overlap zip bomb)",
  "corrupt-entry": "an entry's headers disagree or its data cannot be inflated",
  "size-mismatch": "an entry inflates to a size other than the one its header declares",
  "crc-mismatch": "an entry's CRC-32 does not match its content",
  "entry-too-large": "an entry's uncompressed size is larger than allowed",
  "total-too-large": "the archive's total uncompressed size is larger than allowed",
  "zip-bomb": "an entry's compression ratio is higher than allowed",
  "not-asic-e":
    "the ZIP is not an ASiC-E container (its mimetype or manifest names another type, or nothing says ASiC-E)",
  "unsupported-legacy-edoc": "a legacy eDoc 1.x (pre-ASiC, OPC-style) container; not supported",
  "bad-reference-uri": "a reference URI cannot name a container entry",
  "bad-argument": "an argument given to the container builder is not acceptable",
} as const;

export type AsicErrorCode = keyof typeof ASIC_ERROR_CODES;

/** A container or ZIP refusal. `code` is one of ASIC_ERROR_CODES. */
export class AsicError extends MalformedInputError {
  override name = "AsicError";
  declare readonly code: AsicErrorCode;
  constructor(code: AsicErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The base class fixes code "malformed"; the container layer gives the precise reason.
    Object.defineProperty(this, "code", { value: code, enumerable: true, writable: false });
  }
}

export function asicError(code: AsicErrorCode, detail?: string, options?: { cause?: unknown }): AsicError {
  const base = ASIC_ERROR_CODES[code];
  return new AsicError(code, detail ? `${base}: ${detail}` : base, options);
}
