/**
 * Signing with node:crypto keys and the matching AlgorithmIdentifier — used to build OCSP
 * responses here and, by the testbed, certificates, CRLs and time-stamp tokens.
 * RSA → sha256WithRSAEncryption; P-256 → ecdsa-with-SHA256; P-384 → ecdsa-with-SHA384;
 * P-521 → ecdsa-with-SHA512; Ed25519 → id-Ed25519 (RFC 8410: no parameters, no hash).
 */
import { type KeyObject, sign } from "node:crypto";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { toArrayBuffer } from "./cert-id.ts";
import type { HashName } from "./hash-algorithms.ts";
import {
  OID_ECDSA_WITH_SHA256,
  OID_ECDSA_WITH_SHA384,
  OID_ECDSA_WITH_SHA512,
  OID_ED25519,
  OID_SHA256_WITH_RSA,
  OID_SHA384_WITH_RSA,
  OID_SHA512_WITH_RSA,
} from "./oids.ts";

const DER_NULL = new Uint8Array([0x05, 0x00]);

export interface SigningChoice {
  algorithm: AlgorithmIdentifier;
  /** The digest used (undefined for Ed25519). */
  hash: HashName | undefined;
}

export function signingChoiceFor(
  privateKey: KeyObject,
  rsaHash: "sha256" | "sha384" | "sha512" = "sha256",
): SigningChoice {
  const type = privateKey.asymmetricKeyType;
  if (type === "rsa") {
    const oid = { sha256: OID_SHA256_WITH_RSA, sha384: OID_SHA384_WITH_RSA, sha512: OID_SHA512_WITH_RSA }[
      rsaHash
    ];
    // RFC 4055 §5: the parameters of sha*WithRSAEncryption are NULL.
    return {
      algorithm: new AlgorithmIdentifier({ algorithm: oid, parameters: toArrayBuffer(DER_NULL) }),
      hash: rsaHash,
    };
  }
  if (type === "ec") {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    // RFC 5758 §3.2: ECDSA AlgorithmIdentifiers omit parameters.
    if (curve === "prime256v1" || curve === "P-256")
      return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 }), hash: "sha256" };
    if (curve === "secp384r1" || curve === "P-384")
      return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA384 }), hash: "sha384" };
    if (curve === "secp521r1" || curve === "P-521")
      return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA512 }), hash: "sha512" };
    throw new Error(`unsupported EC curve ${curve}`);
  }
  if (type === "ed25519")
    return { algorithm: new AlgorithmIdentifier({ algorithm: OID_ED25519 }), hash: undefined };
  throw new Error(`unsupported key type ${type}`);
}

/** Signs `data` with `privateKey`; ECDSA signatures are DER (as X.509/CMS/OCSP carry them). */
export function signData(privateKey: KeyObject, data: Uint8Array, choice: SigningChoice): Uint8Array {
  return new Uint8Array(sign(choice.hash ?? null, data, { key: privateKey, dsaEncoding: "der" }));
}
