/**
 * The identity module's front door: the qualified sign-in broker (OpenID Provider) and its
 * administration (relying parties, signing keys). See README.md.
 */

export {
  ensureClientSecret,
  listClients,
  type NewClient,
  type RegisteredClient,
  registerClient,
} from "./adapters/client-store.ts";
export {
  ensureSecret,
  listSigningKeys,
  RETIRED_KEY_PUBLICATION_MS,
  rotateSigningKey,
  type SigningKeyInfo,
} from "./adapters/signing-keys.ts";
export { EPARAKSTS_CALLBACK_PATH, type IdentityOptions, identityOptionsFrom } from "./config.ts";
export {
  type IdentityConfig,
  identityConfigKeys,
  TESTBED_EID_CARD_POLICY,
  TESTBED_EPARAKSTS_CLIENT_ID,
  TESTBED_EPARAKSTS_CLIENT_SECRET,
} from "./config-keys.ts";
export type { MethodId, SignInEvidence } from "./core/evidence.ts";
export { isLevel, LEVELS, type Level } from "./core/levels.ts";
export { PROFESSIONAL_HIGH_ONLY_FROM } from "./core/policy.ts";
export { IdentityError, type IdentityErrorCode } from "./errors.ts";
export { identityManifest } from "./manifest.ts";
export { EIDAS_METADATA_PATH } from "./methods/eidas-settings.ts";
export { VPM_CALLBACK_PATH } from "./methods/vpm-method.ts";
export { identityModule } from "./module.ts";
