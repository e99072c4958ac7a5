/**
 * SignatureMethod algorithms: verification and signing with node:crypto.
 * - RSA PKCS#1 v1.5 (rsa-sha1 and rsa-ripemd160 verify only), RSASSA-PSS with every hash the
 *   RFC 6931 / RFC 9231 MGF1 URIs name and rsa-pss with RSAPSSParams (`rsa-pss.ts`), ECDSA with
 *   XMLDSig's raw r||s value (XMLDSig 1.1 §6.4.3 — node:crypto needs `dsaEncoding:
 *   "ieee-p1363"`, STACK-NOTES; Java's sign-octet halves normalised in `ecdsa-value.ts`),
 *   EdDSA Ed25519/Ed448 (RFC 9231 §2.3.13), DSA (verify only), HMAC (verify only; truncation
 *   limited as the XMLDSig 1.1 errata E02 requires: at least half the hash and 80 bits).
 * - MD5 and MD2 methods are refused with `xmldsig-weak-algorithm` (RFC 6151, RFC 6149).
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
import { normalizeEcdsaValue } from "./ecdsa-value.ts";
import { XmlDsigError } from "./errors.ts";
import { HASH_BYTES, pssParams, verifyPss } from "./rsa-pss.ts";
import * as U from "./uris.ts";

type Family = "rsa" | "rsa-pss" | "ecdsa" | "eddsa" | "dsa" | "hmac";

interface MethodInfo {
  family: Family;
  /** node:crypto hash name; for EdDSA the key type (ed25519 / ed448), which fixes the hash. */
  hash: string;
  signing: boolean;
}

const METHODS: Record<string, MethodInfo> = {
  [U.SIG_RSA_SHA1]: { family: "rsa", hash: "sha1", signing: false },
  [U.SIG_RSA_SHA224]: { family: "rsa", hash: "sha224", signing: true },
  [U.SIG_RSA_SHA256]: { family: "rsa", hash: "sha256", signing: true },
  [U.SIG_RSA_SHA384]: { family: "rsa", hash: "sha384", signing: true },
  [U.SIG_RSA_SHA512]: { family: "rsa", hash: "sha512", signing: true },
  [U.SIG_RSA_RIPEMD160]: { family: "rsa", hash: "ripemd160", signing: false },
  [U.SIG_RSA_PSS_SHA1_MGF1]: { family: "rsa-pss", hash: "sha1", signing: false },
  [U.SIG_RSA_PSS_SHA224_MGF1]: { family: "rsa-pss", hash: "sha224", signing: true },
  [U.SIG_RSA_PSS_SHA256_MGF1]: { family: "rsa-pss", hash: "sha256", signing: true },
  [U.SIG_RSA_PSS_SHA384_MGF1]: { family: "rsa-pss", hash: "sha384", signing: true },
  [U.SIG_RSA_PSS_SHA512_MGF1]: { family: "rsa-pss", hash: "sha512", signing: true },
  [U.SIG_RSA_PSS_SHA3_224_MGF1]: { family: "rsa-pss", hash: "sha3-224", signing: true },
  [U.SIG_RSA_PSS_SHA3_256_MGF1]: { family: "rsa-pss", hash: "sha3-256", signing: true },
  [U.SIG_RSA_PSS_SHA3_384_MGF1]: { family: "rsa-pss", hash: "sha3-384", signing: true },
  [U.SIG_RSA_PSS_SHA3_512_MGF1]: { family: "rsa-pss", hash: "sha3-512", signing: true },
  [U.SIG_RSA_PSS_RIPEMD160_MGF1]: { family: "rsa-pss", hash: "ripemd160", signing: false },
  [U.SIG_RSA_PSS]: { family: "rsa-pss", hash: "sha256", signing: true },
  [U.SIG_ECDSA_SHA1]: { family: "ecdsa", hash: "sha1", signing: false },
  [U.SIG_ECDSA_SHA224]: { family: "ecdsa", hash: "sha224", signing: true },
  [U.SIG_ECDSA_SHA256]: { family: "ecdsa", hash: "sha256", signing: true },
  [U.SIG_ECDSA_SHA384]: { family: "ecdsa", hash: "sha384", signing: true },
  [U.SIG_ECDSA_SHA512]: { family: "ecdsa", hash: "sha512", signing: true },
  [U.SIG_EDDSA_ED25519]: { family: "eddsa", hash: "ed25519", signing: true },
  [U.SIG_EDDSA_ED448]: { family: "eddsa", hash: "ed448", signing: true },
  [U.SIG_DSA_SHA1]: { family: "dsa", hash: "sha1", signing: false },
  [U.SIG_DSA_SHA256]: { family: "dsa", hash: "sha256", signing: false },
  [U.SIG_HMAC_SHA1]: { family: "hmac", hash: "sha1", signing: false },
  [U.SIG_HMAC_SHA224]: { family: "hmac", hash: "sha224", signing: false },
  [U.SIG_HMAC_SHA256]: { family: "hmac", hash: "sha256", signing: false },
  [U.SIG_HMAC_SHA384]: { family: "hmac", hash: "sha384", signing: false },
  [U.SIG_HMAC_SHA512]: { family: "hmac", hash: "sha512", signing: false },
  [U.SIG_HMAC_RIPEMD160]: { family: "hmac", hash: "ripemd160", signing: false },
};

/** Methods built on MD5 or MD2: refused whatever the purpose (RFC 6151, RFC 6149). */
const BROKEN_METHODS = new Set([
  U.SIG_RSA_MD5,
  U.SIG_HMAC_MD5,
  U.SIG_RSA_PSS_MD5_MGF1,
  U.SIG_RSA_PSS_MD2_MGF1,
]);
/** Listed by RFC 6931 but without a hash node:crypto (OpenSSL 3 default provider) offers. */
const UNAVAILABLE_METHODS = new Set([U.SIG_RSA_PSS_RIPEMD128_MGF1, U.SIG_RSA_PSS_WHIRLPOOL_MGF1]);

export function signatureMethodInfo(uri: string): MethodInfo {
  if (BROKEN_METHODS.has(uri))
    throw new XmlDsigError(
      "xmldsig-weak-algorithm",
      `SignatureMethod ${uri} uses a broken hash and is refused`,
    );
  if (UNAVAILABLE_METHODS.has(uri)) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `SignatureMethod ${uri} needs a hash node:crypto does not offer`,
    );
  }
  const info = METHODS[uri];
  if (!info) throw new XmlDsigError("xmldsig-unsupported-algorithm", `unknown SignatureMethod ${uri}`);
  return info;
}

function checkKeyFamily(info: MethodInfo, key: KeyObject): void {
  const family = info.family;
  const expected: Record<Family, string[]> = {
    rsa: ["rsa"],
    "rsa-pss": ["rsa", "rsa-pss"],
    ecdsa: ["ec"],
    eddsa: ["ed25519", "ed448"],
    dsa: ["dsa"],
    hmac: [],
  };
  const ok =
    family === "hmac"
      ? key.type === "secret"
      : family === "eddsa"
        ? key.asymmetricKeyType === info.hash // Ed25519 and Ed448 URIs each name their curve
        : expected[family].includes(key.asymmetricKeyType ?? "");
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
  checkKeyFamily(info, key);
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
    case "rsa-pss":
      return verifyPss(key, pssParams(uri, methodElement, info.hash), data, signature);
    case "ecdsa":
      return verify(info.hash, data, { key, dsaEncoding: "ieee-p1363" }, normalizeEcdsaValue(signature, key));
    case "eddsa":
      // PureEdDSA (RFC 8032 §5.1.6): no prehash, so node:crypto takes a null algorithm.
      return verify(null, data, key, signature);
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
    case "eddsa":
      if (key.asymmetricKeyType !== info.hash)
        throw new XmlDsigError("xmldsig-key-mismatch", `a ${key.asymmetricKeyType} key cannot sign ${uri}`);
      return sign(null, data, key);
    default:
      throw new XmlDsigError("xmldsig-unsupported-algorithm", `signing with ${uri} is not offered`);
  }
}
