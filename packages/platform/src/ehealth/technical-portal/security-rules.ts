/**
 * The security rules of the system web services as the technical portal states them (ANX2-13),
 * read from what the listener runs with — its TLS constants and the key policy's configuration
 * keys — so the page and the listener cannot disagree (ANX2-7: TLS 1.2 or later, keys of at least
 * 2048 bits, SHA-2; ANX2-9: revocation read at least daily; ANX2-14: the operator may raise the bar).
 */
import type { EhealthConfig } from "../config-keys.ts";
import { CURVE_BITS } from "../system-access/core/key-policy.ts";
import {
  TLS_MAX_VERSION,
  TLS_MIN_VERSION,
  TLS_SIGNATURE_ALGORITHMS,
  TLS12_CIPHERS,
} from "../system-access/listener.ts";

/** Node's protocol names, oldest first. */
const TLS_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;

export interface SecurityRules {
  /** e.g. ["TLSv1.2", "TLSv1.3"]. */
  tlsVersions: string[];
  /** OpenSSL names of the TLS 1.2 suites (TLS 1.3's are all AEAD). */
  tls12Ciphers: string[];
  /** Handshake signature algorithms (SHA-2 only). */
  signatureAlgorithms: string[];
  minRsaBits: number;
  /** NIST curves allowed for EC keys, by their FIPS 186 names (P-256, …). */
  curves: string[];
  crlRefreshSeconds: number;
  /** The listener's port, when this installation opens it. */
  port: number | undefined;
}

type RuleConfig = Pick<
  EhealthConfig,
  "systemAccessMinRsaBits" | "systemAccessMinEcBits" | "systemAccessCrlRefreshSeconds" | "systemAccessPort"
>;

export function securityRules(config: RuleConfig): SecurityRules {
  const from = TLS_VERSIONS.indexOf(TLS_MIN_VERSION);
  const to = TLS_VERSIONS.indexOf(TLS_MAX_VERSION);
  return {
    tlsVersions: TLS_VERSIONS.slice(from, to + 1),
    tls12Ciphers: TLS12_CIPHERS.split(":"),
    signatureAlgorithms: TLS_SIGNATURE_ALGORITHMS.split(":"),
    minRsaBits: config.systemAccessMinRsaBits,
    curves: Object.values(CURVE_BITS)
      .filter((bits) => bits >= config.systemAccessMinEcBits)
      .map((bits) => `P-${bits}`),
    crlRefreshSeconds: config.systemAccessCrlRefreshSeconds,
    port: config.systemAccessPort,
  };
}

/** "TLSv1.2" → "TLS 1.2", as people write it. */
export function tlsVersionName(version: string): string {
  return version.replace(/^TLSv/, "TLS ");
}
