/**
 * Errors of the trust library. Every failure that a caller may act on carries a stable code;
 * parsers of outside input throw `MalformedInputError` (never a bare Error, never a crash).
 */
export class TrustError extends Error {
  override name = "TrustError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input that cannot be parsed, or breaks a size, depth or time limit. */
export class MalformedInputError extends TrustError {
  override name = "MalformedInputError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("malformed", message, options);
  }
}
