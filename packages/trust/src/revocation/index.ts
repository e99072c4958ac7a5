/** Revocation: shared status types, CRLReason codes, and the server-side CRL cache. */
export * from "./reason-codes.ts";
export {
  type DistributionPointOptions,
  type DistributionPointState,
  type DistributionPointStatus,
  type HoldReleasedEvent,
  type RefreshFailedEvent,
  RevocationCache,
  type RevocationCacheOptions,
  type RevocationEvent,
  type RevokedEvent,
  type WatchedCertificate,
} from "./revocation-cache.ts";
export { ManualScheduler, type Scheduler, systemScheduler } from "./scheduler.ts";
export * from "./types.ts";
