/** The OOTS Common Services client (Evidence Broker OOTS-6, Data Service Directory OOTS-7; DIGEST §5). */
export {
  type CommonServicesClient,
  type CommonServicesClientOptions,
  commonServicesClient,
  commonServicesClientFrom,
  type EvidenceTypesResult,
  type ProvidersResult,
} from "./common-services-client.ts";
export { CommonServicesClientError, type CommonServicesClientErrorCode } from "./errors.ts";
export type { FetchLike } from "./fetch-answer.ts";
