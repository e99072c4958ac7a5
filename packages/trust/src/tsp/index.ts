/** RFC 3161 time-stamping: requests, tokens (CMS SignedData over TSTInfo), responses, token checks. */

export * as tspOids from "./oids.ts";
export {
  buildTimeStampRequest,
  type ParsedTimeStampRequest,
  parseTimeStampRequest,
  type TimeStampRequestInput,
} from "./time-stamp-request.ts";
export {
  buildTimeStampGranted,
  buildTimeStampRejection,
  parseTimeStampResponse,
  type TimeStampFailure,
} from "./time-stamp-response.ts";
export { buildTimeStampToken, type TimeStampTokenInput } from "./time-stamp-token.ts";
export { type TimeStampTokenCheck, type TimeStampTokenInfo, verifyTimeStampToken } from "./verify-token.ts";
