/**
 * What one call of validateCertificatePath shares between its steps: inputs resolved to parsed
 * objects, and a per-validation cache of signature checks (a candidate issuer is often tried
 * for several paths and again as a CRL signer).
 */
import type { KeyObject } from "node:crypto";
import type { AlgorithmIdentifier, ParsedCertificate } from "../cert/certificate.ts";
import type { ParsedCrl } from "../crl/parse-crl.ts";
import { type SignatureCheck, verifySignature } from "../crypto-verify.ts";
import type { PolicyInputs } from "../policy/process-policies.ts";
import type { CertificateProfile } from "../profile/codes.ts";
import type { Purpose, RevocationMode } from "../types.ts";
import type { SignatureCheckCache } from "./signature-cache.ts";

export interface ValidationContext {
  at: Date;
  allowSha1: boolean;
  clockSkewMs: number;
  purpose: Purpose;
  revocation: RevocationMode;
  anchorConstraints: "enforce" | "ignore";
  profile: CertificateProfile;
  policy: PolicyInputs;
  pool: ParsedCertificate[];
  anchors: ParsedCertificate[];
  crls: ParsedCrl[];
  ocspResponses: Uint8Array[];
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
  ocspNonceLength?: number;
  randomBytes: (length: number) => Uint8Array;
  /** Nesting of CRL-signer validations (a CRL signer's own CRLs need their signer…). */
  depth: number;
  /** Per validation, or shared by the caller between validations (see signature-cache.ts). */
  signatureCache: SignatureCheckCache;
  /** Total work budget shared by nested validations (paths tried), against pathological pools. */
  budget: { paths: number };
  /** CRL URLs already fetched in this validation. */
  fetchedCrlUrls: Set<string>;
  /** CRL/signer pairs whose signer validation is under way (breaks self-referential cycles). */
  signersInProgress: Set<string>;
}

/** Verifies `signed` (by its fingerprint id) under `key`, memoised within the validation. */
export function checkSignature(
  ctx: ValidationContext,
  id: string,
  keyId: string,
  alg: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
  key: KeyObject,
): SignatureCheck {
  // The SHA-1 policy decides "weak" before any cryptography: part of the key for shared caches.
  const cacheKey = `${ctx.allowSha1 ? "sha1-ok" : "sha1-weak"}/${id}/${keyId}`;
  let r = ctx.signatureCache.get(cacheKey);
  if (r === undefined) {
    r = verifySignature(alg, data, signature, key, ctx.allowSha1);
    ctx.signatureCache.set(cacheKey, r);
  }
  return r;
}
