/**
 * Default algorithms, chosen like real eDocs: Canonical XML 1.1, SHA-256 (SHA-384 with P-384,
 * SHA-512 with P-521), ECDSA or RSA PKCS#1 v1.5 by key type (EN 319 132-1 leaves the choice to
 * the signature policy; TS 119 312 lists these as recommended).
 */
import type { KeyObject } from "node:crypto";
import { C14N_11 } from "../c14n/algorithms.ts";
import * as U from "../xmldsig/uris.ts";
import { XadesError } from "./errors.ts";

export interface XadesAlgorithms {
  canonicalization: string;
  signature: string;
  digest: { uri: string; node: string };
}

const SHA256 = { uri: U.DIGEST_SHA256, node: "sha256" };
const SHA384 = { uri: U.DIGEST_SHA384, node: "sha384" };
const SHA512 = { uri: U.DIGEST_SHA512, node: "sha512" };

export function algorithmsFor(key: KeyObject): XadesAlgorithms {
  const type = key.asymmetricKeyType;
  if (type === "rsa") return { canonicalization: C14N_11, signature: U.SIG_RSA_SHA256, digest: SHA256 };
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "secp384r1")
      return { canonicalization: C14N_11, signature: U.SIG_ECDSA_SHA384, digest: SHA384 };
    if (curve === "secp521r1")
      return { canonicalization: C14N_11, signature: U.SIG_ECDSA_SHA512, digest: SHA512 };
    return { canonicalization: C14N_11, signature: U.SIG_ECDSA_SHA256, digest: SHA256 };
  }
  throw new XadesError("xades-unsupported-key", `cannot sign XAdES with a ${type ?? key.type} key`);
}

/** node:crypto hash name of a digest URI used in XAdES properties (SHA-1 accepted for reading). */
export function hashOfDigestUri(uri: string): string | undefined {
  return {
    [U.DIGEST_SHA1]: "sha1",
    [U.DIGEST_SHA224]: "sha224",
    [U.DIGEST_SHA256]: "sha256",
    [U.DIGEST_SHA384]: "sha384",
    [U.DIGEST_SHA512]: "sha512",
    [U.DIGEST_SHA3_256]: "sha3-256",
    [U.DIGEST_SHA3_384]: "sha3-384",
    [U.DIGEST_SHA3_512]: "sha3-512",
  }[uri];
}
