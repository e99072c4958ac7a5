/** System access (ANX2, DEV-4): the mutual-TLS listener for institutions' own systems. See README.md. */

export { ehealthSystemBindCommand } from "./bind-command.ts";
export {
  type BindRequest,
  bindSystemCertificate,
  certificateFingerprint,
  findActiveBinding,
  type SystemBinding,
} from "./binding-store.ts";
export type { ClientVerdict, RefusalCode } from "./check-client-certificate.ts";
export { DEFAULT_KEY_POLICY, type KeyPolicy } from "./core/key-policy.ts";
export { httpCrlFetcher } from "./crl-fetcher.ts";
export { SystemAccessError, type SystemAccessErrorCode } from "./errors.ts";
export {
  type SystemAccessListener,
  type SystemAccessListenerOptions,
  startSystemAccessListener,
} from "./listener.ts";
export { ehealthSystemAccessMigrations } from "./migrations.ts";
export { WHOAMI_PATH, type WhoamiAnswer } from "./routes.ts";
export type { EhealthSystemAccessTables } from "./tables.ts";
