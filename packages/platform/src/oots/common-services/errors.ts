/**
 * Why a Common Services query could not be answered. A service's own refusal of the request
 * (EB:ERR:0003/0005/0006/0007, DSD:ERR:0003/0004/0006) keeps its EB/DSD code; the rest are ours.
 */
export type CommonServicesClientErrorCode =
  /** No base URL configured for the service (OOTS_EB_URL / OOTS_DSD_URL). */
  | "oots-cs-not-configured"
  /** Network failure or a redirect (refused: the configured URL is the service). */
  | "oots-cs-unreachable"
  | "oots-cs-timeout"
  /** The answer exceeded the size limit. */
  | "oots-cs-too-large"
  /** An HTTP status other than 200 (the RegRep REST binding always answers 200). */
  | "oots-cs-http-status"
  /** The answer failed the XSD or the EC business rules, or is not the expected message. */
  | "oots-cs-invalid-answer"
  | `EB:ERR:${string}`
  | `DSD:ERR:${string}`;

export class CommonServicesClientError extends Error {
  override name = "CommonServicesClientError";
  constructor(
    readonly code: CommonServicesClientErrorCode,
    message: string,
    /** For logs only (e.g. the first failed rules); never shown to users. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
