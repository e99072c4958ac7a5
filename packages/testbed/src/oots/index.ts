/** OOTS Common Services stand-ins: the Evidence Broker and the Data Service Directory (DIGEST §5), as Fastify plugins. */
export {
  type CommonServicesStandInOptions,
  dataServiceDirectoryStandIn,
  EBRS_CONTENT_TYPE,
  evidenceBrokerStandIn,
} from "./common-services-standin.ts";
export type * from "./cs-model.ts";
export { CommonServicesRegistry } from "./cs-registry.ts";
export {
  evidenceTypeClassification,
  requirementId,
  STATES as OOTS_TESTBED_STATES,
  uuidFrom,
} from "./cs-seed.ts";
export { DSD_QUERY_DATA_SERVICES } from "./data-service-directory.ts";
export { EB_QUERY_EVIDENCE_TYPES, EB_QUERY_REQUIREMENTS } from "./evidence-broker.ts";
