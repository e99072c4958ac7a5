/**
 * The eID card method's settings, from EID_CARD_TRUSTED_CAS (PEM file of trusted issuing CAs)
 * and EID_CARD_HIGH_POLICIES (policy OIDs of card authentication certificates). With the testbed
 * both default to its test PKI's eID CA and policy; modules.ts adds the stand-in extension script.
 */
import { ConfigError, type CoreConfig } from "../../config/config.ts";
import { watchedPemCertificates } from "../../config/pem-certificates.ts";
import type { IdentityConfig } from "../config-keys.ts";

export interface EidCardSettings {
  /** Our public origin as browsers see it (the origin the card's signature must cover). */
  origin: string;
  /** Trusted issuing CAs of eID authentication certificates, DER (the file's current set). */
  trustedCas: () => Uint8Array[];
  /** Certificate policy OIDs of eID card authentication certificates: the level "high". */
  highPolicies: readonly string[];
  /**
   * A Web eID stand-in script to load into the page before ours (the testbed's software card,
   * wired in by modules.ts only when the testbed is on). Absent: people use the real extension.
   */
  extensionScriptUrl?: string;
  /** OCSP request timeout (default 5 s). */
  ocspTimeoutMs?: number;
  /**
   * When certificates and OCSP answers are judged (default: the real time). The sign-in clock
   * (nonce expiry, dated policy) is the identity module's own `now`.
   */
  validationClock?: () => Date;
}

export function eidCardSettingsFrom(config: CoreConfig & IdentityConfig): EidCardSettings | undefined {
  if (!config.eidCardTrustedCas) return undefined;
  if (!config.eidCardHighPolicies?.length) {
    throw new ConfigError("EID_CARD_HIGH_POLICIES", "must be set when EID_CARD_TRUSTED_CAS is");
  }
  return {
    origin: new URL(config.publicUrl).origin,
    // Re-read when the file changes (a CA renewal needs no restart). Missing (the testbed's PKI not
    // made yet) or without certificates: nothing is trusted, every card is refused as untrusted.
    trustedCas: watchedPemCertificates(config.eidCardTrustedCas, "EID_CARD_TRUSTED_CAS", {
      missingIsEmpty: true,
      allowEmpty: true,
    }),
    highPolicies: config.eidCardHighPolicies,
  };
}
