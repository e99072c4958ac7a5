/**
 * ANX2-7: the channel uses keys of at least 2048 bits and SHA-2; ANX2-14: the operator may raise
 * the bar. Pure: judges a certificate's public key and signature algorithm against the policy.
 * (The TLS handshake's own signatures are limited to SHA-2 by the listener's `sigalgs`.)
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { ParsedCertificate } from "@tilts/trust";

export interface KeyPolicy {
  /** Smallest RSA modulus in bits (ANX2-7: 2048). */
  minRsaBits: number;
  /** Smallest elliptic curve in bits (256: P-256). */
  minEcBits: number;
}

export const DEFAULT_KEY_POLICY: KeyPolicy = { minRsaBits: 2048, minEcBits: 256 };

/** NIST curves by node's names, with their sizes (RFC 5480 §2.1.1.1). */
export const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** Signature algorithms over SHA-2 (RFC 4055 §5, RFC 5758 §3.2); RSASSA-PSS: its hash is checked by the path validator. */
const SHA2_SIGNATURES = new Set([
  "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
  "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
  "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
  "1.2.840.113549.1.1.10", // id-RSASSA-PSS
  "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
  "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
  "1.2.840.10045.4.3.4", // ecdsa-with-SHA512
]);

export type KeyPolicyFailure = { code: "weak-key" | "weak-signature"; message: string };

/** Why the leaf's key is too weak, or undefined when it meets the policy. */
export function keyPolicyFailure(cert: ParsedCertificate, policy: KeyPolicy): KeyPolicyFailure | undefined {
  let key: KeyObject | undefined;
  try {
    key = cert.publicKey ?? createPublicKey({ key: Buffer.from(cert.spki), format: "der", type: "spki" });
  } catch {
    return { code: "weak-key", message: "the public key cannot be read" };
  }
  const details = key?.asymmetricKeyDetails;
  if (key?.asymmetricKeyType === "rsa" || key?.asymmetricKeyType === "rsa-pss") {
    const bits = details?.modulusLength ?? 0;
    if (bits < policy.minRsaBits)
      return { code: "weak-key", message: `RSA key of ${bits} bits; at least ${policy.minRsaBits} required` };
    return undefined;
  }
  if (key?.asymmetricKeyType === "ec") {
    const curve = details?.namedCurve ?? "unknown";
    const bits = CURVE_BITS[curve];
    if (bits === undefined) return { code: "weak-key", message: `elliptic curve ${curve} is not allowed` };
    if (bits < policy.minEcBits)
      return { code: "weak-key", message: `EC key of ${bits} bits; at least ${policy.minEcBits} required` };
    return undefined;
  }
  return { code: "weak-key", message: `key type ${key?.asymmetricKeyType ?? "unknown"} is not allowed` };
}

/** Why a certificate of the path is signed without SHA-2, or undefined. */
export function signaturePolicyFailure(path: readonly ParsedCertificate[]): KeyPolicyFailure | undefined {
  const weak = path.find((c) => !SHA2_SIGNATURES.has(c.signatureAlgorithm.oid));
  return weak
    ? {
        code: "weak-signature",
        message: `certificate ${weak.serial} is signed with ${weak.signatureAlgorithm.oid}, not SHA-2`,
      }
    : undefined;
}
