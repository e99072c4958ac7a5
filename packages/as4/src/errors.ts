/**
 * The ebMS 3.0 error codes (Core §6.7.1, AS4 §3.x for EBMS:0301–0303). Every failure of this
 * library is an `As4Error` carrying one of them, so the platform can answer a sender with an
 * eb:SignalMessage/eb:Error without translating: the code, its short description, severity and
 * category come from the table below; `detail` is for logs (never personal data).
 */
export const EBMS_ERRORS = {
  "EBMS:0001": { short: "ValueNotRecognized", severity: "failure", category: "Content" },
  "EBMS:0003": { short: "ValueInconsistent", severity: "failure", category: "Content" },
  "EBMS:0004": { short: "Other", severity: "failure", category: "Content" },
  "EBMS:0005": { short: "ConnectionFailure", severity: "failure", category: "Communication" },
  "EBMS:0007": { short: "MimeInconsistency", severity: "failure", category: "Unpackaging" },
  "EBMS:0008": { short: "FeatureNotSupported", severity: "failure", category: "Unpackaging" },
  "EBMS:0009": { short: "InvalidHeader", severity: "failure", category: "Unpackaging" },
  "EBMS:0010": { short: "ProcessingModeMismatch", severity: "failure", category: "Processing" },
  "EBMS:0011": { short: "ExternalPayloadError", severity: "failure", category: "Content" },
  "EBMS:0101": { short: "FailedAuthentication", severity: "failure", category: "Processing" },
  "EBMS:0102": { short: "FailedDecryption", severity: "failure", category: "Processing" },
  "EBMS:0103": { short: "PolicyNoncompliance", severity: "failure", category: "Processing" },
  "EBMS:0202": { short: "DeliveryFailure", severity: "failure", category: "Communication" },
  "EBMS:0301": { short: "MissingReceipt", severity: "failure", category: "Communication" },
  "EBMS:0302": { short: "InvalidReceipt", severity: "failure", category: "Communication" },
  "EBMS:0303": { short: "DecompressionFailure", severity: "failure", category: "Communication" },
} as const;

export type EbmsErrorCode = keyof typeof EBMS_ERRORS;

export class As4Error extends Error {
  override name = "As4Error";
  readonly shortDescription: string;
  readonly severity: "failure" | "warning";
  readonly category: string;
  /** The MessageId of the message in error, when known (eb:Error/@refToMessageInError). */
  refToMessageId?: string;
  constructor(
    readonly code: EbmsErrorCode,
    /** What went wrong, for logs and the eb:ErrorDetail; never personal data. */
    readonly detail: string,
    options?: { cause?: unknown; refToMessageId?: string },
  ) {
    super(`${code} ${EBMS_ERRORS[code].short}: ${detail}`, options);
    this.shortDescription = EBMS_ERRORS[code].short;
    this.severity = EBMS_ERRORS[code].severity;
    this.category = EBMS_ERRORS[code].category;
    if (options?.refToMessageId) this.refToMessageId = options.refToMessageId;
  }
}

export function isAs4Error(e: unknown, code?: EbmsErrorCode): e is As4Error {
  return e instanceof As4Error && (code === undefined || e.code === code);
}
