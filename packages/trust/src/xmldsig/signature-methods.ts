/**
 * SignatureMethod algorithms: verification and signing with node:crypto.
 * - RSA PKCS#1 v1.5 (rsa-sha1 verify only), RSASSA-PSS (RFC 6931 MGF1 URIs and rsa-pss with
 *   RSAPSSParams), ECDSA with XMLDSig's raw r||s value (XMLDSig 1.1 §6.4.3 — node:crypto needs
 *   `dsaEncoding: "ieee-p1363"`, STACK-NOTES), DSA (verify only), HMAC (verify only; truncation
 *   limited as the XMLDSig 1.1 errata E02 requires: at least half the hash and 80 bits).
 */
import {
  constants,
  createHash,
  createHmac,
  type KeyObject,
  publicDecrypt,
  sign,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { firstChildElement, textOf } from "../xml/dom.ts";
import { nodeHashOf } from "./digests.ts";
import { XmlDsigError } from "./errors.ts";
import * as U from "./uris.ts";

type Family = "rsa" | "rsa-pss" | "ecdsa" | "dsa" | "hmac";

interface MethodInfo {
  family: Family;
  hash: string;
  signing: boolean;
}

const METHODS: Record<string, MethodInfo> = {
  [U.SIG_RSA_SHA1]: { family: "rsa", hash: "sha1", signing: false },
  [U.SIG_RSA_SHA224]: { family: "rsa", hash: "sha224", signing: true },
  [U.SIG_RSA_SHA256]: { family: "rsa", hash: "sha256", signing: true },
  [U.SIG_RSA_SHA384]: { family: "rsa", hash: "sha384", signing: true },
  [U.SIG_RSA_SHA512]: { family: "rsa", hash: "sha512", signing: true },
  [U.SIG_RSA_PSS_SHA224_MGF1]: { family: "rsa-pss", hash: "sha224", signing: true },
  [U.SIG_RSA_PSS_SHA256_MGF1]: { family: "rsa-pss", hash: "sha256", signing: true },
  [U.SIG_RSA_PSS_SHA384_MGF1]: { family: "rsa-pss", hash: "sha384", signing: true },
  [U.SIG_RSA_PSS_SHA512_MGF1]: { family: "rsa-pss", hash: "sha512", signing: true },
  [U.SIG_RSA_PSS_SHA3_256_MGF1]: { family: "rsa-pss", hash: "sha3-256", signing: true },
  [U.SIG_RSA_PSS_SHA3_384_MGF1]: { family: "rsa-pss", hash: "sha3-384", signing: true },
  [U.SIG_RSA_PSS_SHA3_512_MGF1]: { family: "rsa-pss", hash: "sha3-512", signing: true },
  [U.SIG_RSA_PSS]: { family: "rsa-pss", hash: "sha256", signing: true },
  [U.SIG_ECDSA_SHA1]: { family: "ecdsa", hash: "sha1", signing: false },
  [U.SIG_ECDSA_SHA224]: { family: "ecdsa", hash: "sha224", signing: true },
  [U.SIG_ECDSA_SHA256]: { family: "ecdsa", hash: "sha256", signing: true },
  [U.SIG_ECDSA_SHA384]: { family: "ecdsa", hash: "sha384", signing: true },
  [U.SIG_ECDSA_SHA512]: { family: "ecdsa", hash: "sha512", signing: true },
  [U.SIG_DSA_SHA1]: { family: "dsa", hash: "sha1", signing: false },
  [U.SIG_DSA_SHA256]: { family: "dsa", hash: "sha256", signing: false },
  [U.SIG_HMAC_SHA1]: { family: "hmac", hash: "sha1", signing: false },
  [U.SIG_HMAC_SHA224]: { family: "hmac", hash: "sha224", signing: false },
  [U.SIG_HMAC_SHA256]: { family: "hmac", hash: "sha256", signing: false },
  [U.SIG_HMAC_SHA384]: { family: "hmac", hash: "sha384", signing: false },
  [U.SIG_HMAC_SHA512]: { family: "hmac", hash: "sha512", signing: false },
};

const HASH_BYTES: Record<string, number> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  "sha3-256": 32,
  "sha3-384": 48,
  "sha3-512": 64,
};

export function signatureMethodInfo(uri: string): MethodInfo {
  const info = METHODS[uri];
  if (!info) throw new XmlDsigError("xmldsig-unsupported-algorithm", `unknown SignatureMethod ${uri}`);
  return info;
}

interface PssParams {
  hash: string;
  saltLength: number;
}

/** RSAPSSParams (RFC 6931 §2.3.10): defaults SHA-256, MGF1 with the same hash, salt = hash size. */
function pssParams(uri: string, methodElement: Element | undefined, info: MethodInfo): PssParams {
  if (uri !== U.SIG_RSA_PSS || !methodElement) return { hash: info.hash, saltLength: HASH_BYTES[info.hash]! };
  const params = firstChildElement(methodElement, U.DSIG_MORE_2007_NAMESPACE, "RSAPSSParams");
  let hash = "sha256";
  const dm = params && firstChildElement(params, U.DSIG_NAMESPACE, "DigestMethod");
  if (dm) hash = nodeHashOf(dm.getAttribute("Algorithm") ?? "", "verify");
  const mgf = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "MaskGenerationFunction");
  if (mgf) {
    if (mgf.getAttribute("Algorithm") !== U.MGF1) {
      throw new XmlDsigError(
        "xmldsig-unsupported-algorithm",
        `unsupported mask generation ${mgf.getAttribute("Algorithm")}`,
      );
    }
    const mgfDigest = firstChildElement(mgf, U.DSIG_NAMESPACE, "DigestMethod");
    if (mgfDigest && nodeHashOf(mgfDigest.getAttribute("Algorithm") ?? "", "verify") !== hash) {
      // node:crypto's PSS uses MGF1 with the signature hash.
      throw new XmlDsigError(
        "xmldsig-unsupported-algorithm",
        "RSA-PSS with an MGF1 hash other than the message hash",
      );
    }
  }
  const salt = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "SaltLength");
  const trailer = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "TrailerField");
  if (trailer && textOf(trailer).trim() !== "1") {
    throw new XmlDsigError("xmldsig-unsupported-algorithm", "RSA-PSS TrailerField other than 1");
  }
  return { hash, saltLength: salt ? Number(textOf(salt).trim()) : HASH_BYTES[hash]! };
}

function checkKeyFamily(family: Family, key: KeyObject): void {
  const expected: Record<Family, string[]> = {
    rsa: ["rsa"],
    "rsa-pss": ["rsa", "rsa-pss"],
    ecdsa: ["ec"],
    dsa: ["dsa"],
    hmac: [],
  };
  const ok =
    family === "hmac" ? key.type === "secret" : expected[family].includes(key.asymmetricKeyType ?? "");
  if (!ok) {
    throw new XmlDsigError(
      "xmldsig-key-mismatch",
      `a ${key.asymmetricKeyType ?? key.type} key cannot verify ${family}`,
    );
  }
}

export interface VerifyMethodOptions {
  /** Minimum HMACOutputLength in bits; default max(80, hash bits / 2). */
  minHmacOutputBits?: number;
  /** Accept RSA PKCS#1 v1.5 DigestInfo without the NULL parameter (default false). */
  allowLegacyDigestInfo?: boolean;
  /** Told when a signature verified only in a tolerated legacy form. */
  onWarning?: (code: "xmldsig-legacy-digest-info", message: string) => void;
}

/** DER of the hash algorithm OIDs (RFC 8017 App. A.2.4), value bytes only. */
const HASH_OID_BYTES: Record<string, string> = {
  sha1: "2b0e03021a",
  sha224: "608648016503040204",
  sha256: "608648016503040201",
  sha384: "608648016503040202",
  sha512: "608648016503040203",
};

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, body.length]), body]);
}

/**
 * Pre-Java-8 signers wrote DigestInfo with AlgorithmIdentifier.parameters absent instead of
 * NULL (edoc spec §1.4 item 9); OpenSSL rejects those. Accept exactly that one encoding:
 * SEQUENCE { SEQUENCE { OID }, OCTET STRING digest }, after PKCS#1 type-1 unpadding.
 */
function legacyDigestInfoMatches(
  hash: string,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const oid = HASH_OID_BYTES[hash];
  if (!oid) return false;
  let decoded: Buffer;
  try {
    decoded = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const digest = createHash(hash).update(data).digest();
  const expected = tlv(
    0x30,
    Buffer.concat([tlv(0x30, tlv(0x06, Buffer.from(oid, "hex"))), tlv(0x04, digest)]),
  );
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}

/** Verifies `signature` over `data`; throws a coded error for unusable algorithms or keys. */
export function verifySignatureValue(
  uri: string,
  methodElement: Element | undefined,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyMethodOptions = {},
): boolean {
  const info = signatureMethodInfo(uri);
  checkKeyFamily(info.family, key);
  switch (info.family) {
    case "rsa": {
      if (verify(info.hash, data, key, signature)) return true;
      if (
        options.allowLegacyDigestInfo === true &&
        legacyDigestInfoMatches(info.hash, key, data, signature)
      ) {
        options.onWarning?.(
          "xmldsig-legacy-digest-info",
          "RSA DigestInfo without the NULL parameter (legacy signer)",
        );
        return true;
      }
      return false;
    }
    case "rsa-pss": {
      const p = pssParams(uri, methodElement, info);
      return verify(
        p.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
        signature,
      );
    }
    case "ecdsa":
    case "dsa":
      return verify(info.hash, data, { key, dsaEncoding: "ieee-p1363" }, signature);
    case "hmac":
      return verifyHmac(info.hash, methodElement, key, data, signature, options);
  }
}

function verifyHmac(
  hash: string,
  methodElement: Element | undefined,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyMethodOptions,
): boolean {
  const full = createHmac(hash, key).update(data).digest();
  const lengthElement =
    methodElement && firstChildElement(methodElement, U.DSIG_NAMESPACE, "HMACOutputLength");
  let bits = full.length * 8;
  if (lengthElement) {
    const text = textOf(lengthElement).trim();
    if (!/^\d+$/.test(text)) throw new XmlDsigError("xmldsig-structure", "HMACOutputLength is not a number");
    bits = Number(text);
    const minimum = options.minHmacOutputBits ?? Math.max(80, (full.length * 8) / 2);
    if (bits < minimum) {
      throw new XmlDsigError(
        "xmldsig-hmac-truncated",
        `HMACOutputLength ${bits} is below the minimum of ${minimum} bits`,
      );
    }
    if (bits > full.length * 8 || bits % 8 !== 0) {
      throw new XmlDsigError(
        "xmldsig-hmac-truncated",
        `HMACOutputLength ${bits} is not a whole number of bytes of the MAC`,
      );
    }
  }
  const expected = full.subarray(0, bits / 8);
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

/** Produces a SignatureValue (raw r||s for ECDSA). */
export function createSignatureValue(uri: string, key: KeyObject, data: Uint8Array): Buffer {
  const info = signatureMethodInfo(uri);
  if (!info.signing)
    throw new XmlDsigError("xmldsig-unsupported-algorithm", `SignatureMethod ${uri} is verify-only`);
  if (uri === U.SIG_RSA_PSS) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      "sign with an RFC 6931 *-rsa-MGF1 URI instead of rsa-pss",
    );
  }
  switch (info.family) {
    case "rsa":
      return sign(info.hash, data, key);
    case "rsa-pss":
      return sign(info.hash, data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: HASH_BYTES[info.hash]!,
      });
    case "ecdsa":
      return sign(info.hash, data, { key, dsaEncoding: "ieee-p1363" });
    default:
      throw new XmlDsigError("xmldsig-unsupported-algorithm", `signing with ${uri} is not offered`);
  }
}
