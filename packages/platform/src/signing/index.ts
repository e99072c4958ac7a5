/**
 * The signing module's front door: its manifest and what tests and the composition may set.
 * The public verification page (issue "Signing") lives here; see README.md.
 */
export { type SigningConfig, signingConfigKeys, testbedReportSealPath } from "./config-keys.ts";
export type { SigningHooks } from "./hooks.ts";
export { signingManifest } from "./manifest.ts";
