/**
 * The platform's AS4 access point (OOTS-10): endpoint, durable message store, sender with
 * retries, subscriber registry. The protocol itself is @tilts/as4's.
 */
export type { AccessPoint } from "./access-point.ts";
export { as4PmodeImportCommand } from "./cli/as4-pmode-import.ts";
export { as4SendCommand } from "./cli/as4-send.ts";
export { configuredAccessPoint } from "./configured-access-point.ts";
export { deliveryManifest } from "./manifest.ts";
export { type Delivery, type DeliveryModuleOptions, deliveryModule } from "./module.ts";
export type { OutgoingUserMessage } from "./sender.ts";
export { type DeliveredMessage, type Subscriber, SubscriberRegistry } from "./subscribers.ts";
