/**
 * The eID card method's settings, from EID_CARD_TRUSTED_CAS (PEM file of trusted issuing CAs)
 * and EID_CARD_HIGH_POLICIES (policy OIDs of card authentication certificates). With the testbed
 * both default to its test PKI's eID CA and policy; modules.ts adds the stand-in extension script.
 */
import { readFileSync, statSync } from "node:fs";
import { ConfigError, type PlatformConfig } from "../../config/config.ts";

export interface EidCardSettings {
  /** Our public origin as browsers see it (the origin the card's signature must cover). */
  origin: string;
  /** Trusted issuing CAs of eID authentication certificates, DER (read when first needed). */
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

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,20000})-----END CERTIFICATE-----/g;
/** A bundle of trust anchors is small; a larger file is a mistake, not a CA list. */
const MAX_PEM_BYTES = 1024 * 1024;

function certificatesFromPem(pem: string): Uint8Array[] {
  if (pem.length > MAX_PEM_BYTES) throw new ConfigError("EID_CARD_TRUSTED_CAS", "file larger than 1 MiB");
  return [...pem.matchAll(PEM_CERTIFICATE)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")),
  );
}

/** Reads a PEM bundle again only when the file changed (a CA renewal needs no restart). */
export function pemFileCertificates(path: string): () => Uint8Array[] {
  let cached: { mtimeMs: number; certificates: Uint8Array[] } | undefined;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      return []; // not there (yet): nothing is trusted, every card is refused as untrusted
    }
    if (!cached || cached.mtimeMs !== mtimeMs)
      cached = { mtimeMs, certificates: certificatesFromPem(readFileSync(path, "latin1")) };
    return cached.certificates;
  };
}

export function eidCardSettingsFrom(config: PlatformConfig): EidCardSettings | undefined {
  if (!config.eidCardTrustedCas) return undefined;
  if (!config.eidCardHighPolicies?.length) {
    throw new ConfigError("EID_CARD_HIGH_POLICIES", "must be set when EID_CARD_TRUSTED_CAS is");
  }
  return {
    origin: new URL(config.publicUrl).origin,
    trustedCas: pemFileCertificates(config.eidCardTrustedCas),
    highPolicies: config.eidCardHighPolicies,
  };
}
