/**
 * The Web eID authentication signature: the card signs hash(origin) ‖ hash(nonce), both hashed
 * with the algorithm's own hash (Web eID authentication token specification, "Token
 * validation"). Verified with node:crypto over those bytes; ECDSA signatures come raw (r ‖ s,
 * IEEE P1363) as cards produce them; PS* is RSASSA-PSS with a salt as long as the hash. Pure.
 */
import { createHash, constants as cryptoConstants, type KeyObject, verify } from "node:crypto";
import type { WebEidAlgorithm } from "./eid-card-token.ts";

interface AlgorithmSpec {
  hash: "sha256" | "sha384" | "sha512";
  keyType: "ec" | "rsa";
  pss: boolean;
}

const SPECS: Record<WebEidAlgorithm, AlgorithmSpec> = {
  ES256: { hash: "sha256", keyType: "ec", pss: false },
  ES384: { hash: "sha384", keyType: "ec", pss: false },
  ES512: { hash: "sha512", keyType: "ec", pss: false },
  PS256: { hash: "sha256", keyType: "rsa", pss: true },
  PS384: { hash: "sha384", keyType: "rsa", pss: true },
  PS512: { hash: "sha512", keyType: "rsa", pss: true },
  RS256: { hash: "sha256", keyType: "rsa", pss: false },
  RS384: { hash: "sha384", keyType: "rsa", pss: false },
  RS512: { hash: "sha512", keyType: "rsa", pss: false },
};

/** hash(origin) ‖ hash(nonce): the bytes the signature covers (before the signature's own hash). */
export function signedDataOf(algorithm: WebEidAlgorithm, origin: string, nonce: string): Buffer {
  const { hash } = SPECS[algorithm];
  return Buffer.concat([
    createHash(hash).update(origin, "utf8").digest(),
    createHash(hash).update(nonce, "utf8").digest(),
  ]);
}

/** True when `signature` by `publicKey` covers our origin and the nonce; false otherwise (never throws). */
export function verifyWebEidSignature(input: {
  algorithm: WebEidAlgorithm;
  publicKey: KeyObject;
  signature: Uint8Array;
  origin: string;
  nonce: string;
}): boolean {
  const spec = SPECS[input.algorithm];
  const keyType = input.publicKey.asymmetricKeyType;
  if (spec.keyType === "ec" ? keyType !== "ec" : keyType !== "rsa") return false;
  const data = signedDataOf(input.algorithm, input.origin, input.nonce);
  try {
    if (spec.keyType === "ec") {
      return verify(spec.hash, data, { key: input.publicKey, dsaEncoding: "ieee-p1363" }, input.signature);
    }
    return verify(
      spec.hash,
      data,
      spec.pss
        ? {
            key: input.publicKey,
            padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
            saltLength: cryptoConstants.RSA_PSS_SALTLEN_DIGEST,
          }
        : { key: input.publicKey, padding: cryptoConstants.RSA_PKCS1_PADDING },
      input.signature,
    );
  } catch {
    return false; // a signature of the wrong size for the key, or a key node cannot use
  }
}
