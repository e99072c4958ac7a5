/**
 * Verifies a signature given as an AlgorithmIdentifier + the signer's SubjectPublicKeyInfo, with
 * node:crypto (faster than WebCrypto). Used for OCSP responses (RFC 6960 §4.2.1) and for the
 * delegated responder certificate's own signature (§4.2.2.2).
 */
import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import { RsaSaPssParams } from "@peculiar/asn1-rsa";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import type { HashName } from "./hash-algorithms.ts";
import { hashNameOf } from "./hash-algorithms.ts";
import {
  OID_ECDSA_WITH_SHA1,
  OID_ECDSA_WITH_SHA224,
  OID_ECDSA_WITH_SHA256,
  OID_ECDSA_WITH_SHA384,
  OID_ECDSA_WITH_SHA512,
  OID_ED25519,
  OID_MD2_WITH_RSA,
  OID_MD5_WITH_RSA,
  OID_MGF1,
  OID_RSASSA_PSS,
  OID_SHA1_WITH_RSA,
  OID_SHA224_WITH_RSA,
  OID_SHA256_WITH_RSA,
  OID_SHA384_WITH_RSA,
  OID_SHA512_WITH_RSA,
} from "./oids.ts";

export type SignatureCheck = "valid" | "invalid" | "weak-algorithm" | "unsupported-algorithm";

const simple: Record<string, { hash: HashName; family: "rsa" | "ecdsa" }> = {
  [OID_SHA1_WITH_RSA]: { hash: "sha1", family: "rsa" },
  [OID_SHA224_WITH_RSA]: { hash: "sha224", family: "rsa" },
  [OID_SHA256_WITH_RSA]: { hash: "sha256", family: "rsa" },
  [OID_SHA384_WITH_RSA]: { hash: "sha384", family: "rsa" },
  [OID_SHA512_WITH_RSA]: { hash: "sha512", family: "rsa" },
  [OID_ECDSA_WITH_SHA1]: { hash: "sha1", family: "ecdsa" },
  [OID_ECDSA_WITH_SHA224]: { hash: "sha224", family: "ecdsa" },
  [OID_ECDSA_WITH_SHA256]: { hash: "sha256", family: "ecdsa" },
  [OID_ECDSA_WITH_SHA384]: { hash: "sha384", family: "ecdsa" },
  [OID_ECDSA_WITH_SHA512]: { hash: "sha512", family: "ecdsa" },
};

/** Parsed public keys by SPKI: the same CA and responder keys verify response after response. */
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_SIZE = 256;

export function publicKeyFromSpki(spki: Uint8Array): KeyObject {
  const id = Buffer.from(spki).toString("base64");
  let key = keyCache.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(id, key);
  }
  return key;
}

export function verifySignature(input: {
  /** An AlgorithmIdentifier: OID and DER parameters (the asn1-x509 class fits this shape). */
  algorithm: { algorithm: string; parameters?: ArrayBuffer | null };
  spki: Uint8Array;
  data: Uint8Array;
  signature: Uint8Array;
  allowSha1?: boolean;
}): SignatureCheck {
  const { algorithm, data, signature } = input;
  const oid = algorithm.algorithm;
  // MD2/MD5 are always refused (RFC 6151, RFC 6149); SHA-1 by policy.
  if (oid === OID_MD2_WITH_RSA || oid === OID_MD5_WITH_RSA) return "weak-algorithm";
  let key: KeyObject;
  try {
    key = publicKeyFromSpki(input.spki);
  } catch {
    return "invalid";
  }
  try {
    const known = simple[oid];
    if (known) {
      if (known.hash === "sha1" && input.allowSha1 === false) return "weak-algorithm";
      const expected = known.family === "rsa" ? "rsa" : "ec";
      if (key.asymmetricKeyType !== expected) return "invalid";
      return verify(known.hash, data, { key, dsaEncoding: "der" }, signature) ? "valid" : "invalid";
    }
    if (oid === OID_ED25519) {
      if (key.asymmetricKeyType !== "ed25519") return "invalid";
      return verify(null, data, key, signature) ? "valid" : "invalid";
    }
    if (oid === OID_RSASSA_PSS) {
      // RFC 4055 §3.1: parameters are required; defaults are SHA-1/MGF1-SHA-1/salt 20.
      if (!algorithm.parameters) return "invalid";
      const params = AsnConvert.parse(algorithm.parameters, RsaSaPssParams);
      const hash = hashNameOf(params.hashAlgorithm.algorithm);
      if (!hash) return "unsupported-algorithm";
      if (params.maskGenAlgorithm.algorithm !== OID_MGF1) return "unsupported-algorithm";
      const mgfHashParams = params.maskGenAlgorithm.parameters;
      // MGF1's hash must equal the message hash: node:crypto cannot express a different one.
      const mgfHash = mgfHashParams
        ? AsnConvert.parse(mgfHashParams, AlgorithmIdentifier).algorithm
        : undefined;
      if (mgfHash !== undefined && hashNameOf(mgfHash) !== hash) return "unsupported-algorithm";
      if (hash === "sha1" && input.allowSha1 === false) return "weak-algorithm";
      if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "rsa-pss") return "invalid";
      return verify(
        hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength },
        signature,
      )
        ? "valid"
        : "invalid";
    }
    return "unsupported-algorithm";
  } catch {
    return "invalid";
  }
}
