/**
 * The identity module's settings, derived from the platform configuration (config/config.ts keys
 * EPARAKSTS_URL, EPARAKSTS_CLIENT_ID, EPARAKSTS_CLIENT_SECRET; VPM_URL, VPM_REALM, VPM_ISSUER,
 * VPM_SIGNING_CERTIFICATES, VPM_CLOCK_SKEW_SECONDS, VPM_TOKEN_TYPE; EID_CARD_TRUSTED_CAS,
 * EID_CARD_HIGH_POLICIES).
 */
import { type CoreConfig, keyEncryptionOf } from "../config/config.ts";
import { readPemCertificates } from "../config/pem-certificates.ts";
import type { KeyEncryption } from "../core/keys/index.ts";
import type { TrustedXSettings } from "./adapters/trustedx-client.ts";
import type { IdentityConfig } from "./config-keys.ts";
import { type EidCardSettings, eidCardSettingsFrom } from "./methods/eid-card-settings.ts";
import { type EidasSettings, eidasSettingsFrom } from "./methods/eidas-settings.ts";
import type { MethodButton, SignInMethod } from "./methods/method.ts";
import { VPM_CALLBACK_PATH, type VpmSettings } from "./methods/vpm-method.ts";

export interface IdentityOptions {
  /** The issuer: the platform's public URL (discovery at `${issuer}/.well-known/openid-configuration`). */
  issuer: string;
  /** LVRTC's identity service; absent means eParaksts is shown as unavailable. */
  eparaksts?: TrustedXSettings;
  /** Latvija.lv's login module; absent means Latvija.lv leads to the "not available" page. */
  vpm?: VpmSettings;
  /** eIDAS nodes and our SAML keys (EIDAS_* keys); absent means eIDAS is listed as not available. */
  eidas?: EidasSettings;
  /** eID card sign-in (Web eID; EID_CARD_* keys); absent means the eID card is listed as not available. */
  eidCard?: EidCardSettings;
  /** Opens the ID-token signing keys, stored encrypted in the database (CON-13). */
  keyEncryption: KeyEncryption;
  /** The clock (DESIGN.md: injected so the dated policy is testable). */
  now?: () => Date;
  /** Sign-in method starts and callbacks per client address per minute (default 30; 0: none). */
  signInRateLimitPerMinute?: number;
  /** Replaces methods by button (tests: a stand-in for a method not built yet). */
  methodOverrides?: Partial<Record<MethodButton, SignInMethod>>;
  /** How often the expiry sweep and key reload run (ms); 0 disables both (tests). */
  maintenanceIntervalMs?: number;
}

/** Path of our callback registered with LVRTC. */
export const EPARAKSTS_CALLBACK_PATH = "/signin/callback/eparaksts";

export function identityOptionsFrom(
  config: CoreConfig & IdentityConfig,
  overrides: Partial<IdentityOptions> = {},
): IdentityOptions {
  const eparaksts: TrustedXSettings | undefined =
    config.eparakstsUrl && config.eparakstsClientId && config.eparakstsClientSecret
      ? {
          baseUrl: config.eparakstsUrl,
          clientId: config.eparakstsClientId,
          clientSecret: config.eparakstsClientSecret,
          redirectUri: config.publicUrl + EPARAKSTS_CALLBACK_PATH,
          pkce: true,
          timeoutMs: 10_000,
        }
      : undefined;
  const vpm: VpmSettings | undefined =
    config.vpmUrl && config.vpmRealm && config.vpmSigningCertificates
      ? {
          stsUrl: config.vpmUrl,
          realm: config.vpmRealm,
          replyUrl: config.publicUrl + VPM_CALLBACK_PATH,
          issuers: [config.vpmIssuer],
          // One or more (two during the module's key rollover); read once at start.
          signingCertificates: readPemCertificates(config.vpmSigningCertificates, "VPM_SIGNING_CERTIFICATES"),
          clockSkewMs: config.vpmClockSkewSeconds * 1000,
          tokenType: config.vpmTokenType,
        }
      : undefined;
  const eidas = eidasSettingsFrom(config);
  const eidCard = eidCardSettingsFrom(config);
  return {
    issuer: config.publicUrl,
    eparaksts,
    vpm,
    eidas,
    eidCard,
    ...overrides,
    keyEncryption: overrides.keyEncryption ?? keyEncryptionOf(config),
  };
}
