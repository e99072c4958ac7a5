/** Coded errors of XAdES signing and augmentation (catalogue: XADES_ERROR_CODES). */
export const XADES_ERROR_CODES = [
  "xades-unsupported-key",
  "xades-bad-input",
  "xades-structure",
  "xades-tsa-failed",
  "xades-revocation-unavailable",
] as const;
export type XadesErrorCode = (typeof XADES_ERROR_CODES)[number];

export class XadesError extends Error {
  override name = "XadesError";
  constructor(
    readonly code: XadesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
