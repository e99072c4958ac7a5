/** The OOTS transport port and its implementations (AS4 in the platform, in memory for tests). */
export { as4OotsTransport } from "./as4-transport.ts";
export { type MemoryTransportPair, memoryTransportPair } from "./memory-transport.ts";
export { propertiesOf, readProperties } from "./message-properties.ts";
export {
  type CornerId,
  OOTS_ACTIONS,
  OOTS_QUERY_SERVICE,
  type OotsAction,
  type OotsAttachment,
  type OotsExchange,
  type OotsHandler,
  type OotsTransport,
  OotsTransportError,
  REGREP_MIME_TYPE,
  type ReceivedOotsExchange,
} from "./transport.ts";
