/**
 * RSASSA-PSS verification with any parameter set XML-DSig can name (RFC 6931 §2.3.10, RFC 9231
 * §2.3.10): the `*-rsa-MGF1` URIs (MGF1 with the message hash, salt = hash length, trailer 1)
 * and `rsa-pss` with RSAPSSParams (DigestMethod, MGF1 DigestMethod, SaltLength, TrailerField).
 *
 * node:crypto's `verify` has no MGF1-hash option: it always uses the message hash for MGF1.
 * OpenSSL, however, takes the MGF1 hash from an RSASSA-PSS key's parameters (RFC 4055 §3.1), so
 * a combination with a different MGF1 hash is verified by re-wrapping the same public key as an
 * id-RSASSA-PSS SubjectPublicKeyInfo carrying those parameters. OpenSSL 3.0 accepts only SHA-1
 * and SHA-2 there, so e.g. SHA3-256 with MGF1-SHA3-512 is reported as
 * `xmldsig-unsupported-algorithm` (the combination cannot be checked), never as a forgery.
 */
import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import { firstChildElement, textOf } from "../xml/dom.ts";
import { nodeHashOf } from "./digests.ts";
import { XmlDsigError } from "./errors.ts";
import * as U from "./uris.ts";

export interface PssParams {
  hash: string;
  mgf1Hash: string;
  saltLength: number;
}

export const HASH_BYTES: Record<string, number> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  "sha3-224": 28,
  "sha3-256": 32,
  "sha3-384": 48,
  "sha3-512": 64,
  ripemd160: 20,
};

/** Largest SaltLength we accept: a 16384-bit modulus leaves no room for more. */
const MAX_SALT_BYTES = 2048;

function integerText(element: Element, what: string): number {
  const text = textOf(element).trim();
  if (!/^\d{1,5}$/.test(text)) throw new XmlDsigError("xmldsig-structure", `${what} is not a small integer`);
  return Number(text);
}

/**
 * RSAPSSParams (RFC 6931 §2.3.10) of an `rsa-pss` SignatureMethod; defaults: SHA-256, MGF1 with
 * the message hash, salt = hash length, trailer 1. For the `*-rsa-MGF1` URIs, `hash` alone.
 */
export function pssParams(uri: string, methodElement: Element | undefined, hash: string): PssParams {
  if (uri !== U.SIG_RSA_PSS || !methodElement) return { hash, mgf1Hash: hash, saltLength: HASH_BYTES[hash]! };
  const params = firstChildElement(methodElement, U.DSIG_MORE_2007_NAMESPACE, "RSAPSSParams");
  const dm = params && firstChildElement(params, U.DSIG_NAMESPACE, "DigestMethod");
  const messageHash = dm ? nodeHashOf(dm.getAttribute("Algorithm") ?? "", "verify") : "sha256";
  let mgf1Hash = messageHash;
  const mgf = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "MaskGenerationFunction");
  if (mgf) {
    if (mgf.getAttribute("Algorithm") !== U.MGF1) {
      throw new XmlDsigError(
        "xmldsig-unsupported-algorithm",
        `unsupported mask generation ${mgf.getAttribute("Algorithm")}`,
      );
    }
    const mgfDigest = firstChildElement(mgf, U.DSIG_NAMESPACE, "DigestMethod");
    if (mgfDigest) mgf1Hash = nodeHashOf(mgfDigest.getAttribute("Algorithm") ?? "", "verify");
  }
  const salt = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "SaltLength");
  const saltLength = salt ? integerText(salt, "SaltLength") : HASH_BYTES[messageHash]!;
  if (saltLength > MAX_SALT_BYTES) throw new XmlDsigError("xmldsig-structure", "SaltLength is too large");
  const trailer = params && firstChildElement(params, U.DSIG_MORE_2007_NAMESPACE, "TrailerField");
  if (trailer && integerText(trailer, "TrailerField") !== 1) {
    throw new XmlDsigError("xmldsig-unsupported-algorithm", "RSA-PSS TrailerField other than 1");
  }
  return { hash: messageHash, mgf1Hash, saltLength };
}

// --- id-RSASSA-PSS SubjectPublicKeyInfo (RFC 4055 §3.1), minimal DER ---

/** DER of each hash's OID (RFC 8017 App. A.2.1, NIST CSOR, TeleTrusT for RIPEMD-160). */
const HASH_OIDS: Record<string, string> = {
  sha1: "06052b0e03021a",
  sha224: "0609608648016503040204",
  sha256: "0609608648016503040201",
  sha384: "0609608648016503040202",
  sha512: "0609608648016503040203",
  "sha3-224": "0609608648016503040207",
  "sha3-256": "0609608648016503040208",
  "sha3-384": "0609608648016503040209",
  "sha3-512": "060960864801650304020a",
  ripemd160: "06052b24030201",
};
const OID_RSASSA_PSS = "06092a864886f70d01010a"; // 1.2.840.113549.1.1.10
const OID_MGF1 = "06092a864886f70d010108"; // 1.2.840.113549.1.1.8

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function der(tag: number, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}
function hashAlgorithm(hash: string): Buffer {
  const oid = HASH_OIDS[hash];
  if (!oid) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `RSA-PSS with hash ${hash} cannot be expressed to node:crypto`,
    );
  }
  return der(0x30, Buffer.from(oid, "hex"), Buffer.from([0x05, 0x00]));
}
function smallInteger(n: number): Buffer {
  const bytes = n < 0x80 ? [n] : n < 0x8000 ? [n >> 8, n & 0xff] : [0, n >> 8, n & 0xff];
  return der(0x02, Buffer.from(bytes));
}

/** The RSAPublicKey (PKCS#1) inside any RSA or RSA-PSS public key object. */
function rsaPublicKeyDer(key: KeyObject): Buffer {
  const spki = key.export({ format: "der", type: "spki" });
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  let i = 1;
  const readLength = (): number => {
    const first = spki[i++]!;
    if (first < 0x80) return first;
    let n = 0;
    for (let k = 0; k < (first & 0x7f); k++) n = n * 256 + spki[i++]!;
    return n;
  };
  readLength(); // outer SEQUENCE
  i++; // AlgorithmIdentifier tag
  const algorithmLength = readLength();
  i += algorithmLength;
  if (spki[i++] !== 0x03) throw new XmlDsigError("xmldsig-key-mismatch", "not an RSA public key");
  const length = readLength();
  return spki.subarray(i + 1, i + length); // skip the unused-bits octet
}

/** The same public key as an RSASSA-PSS key bound to `p` (RSASSA-PSS-params, RFC 4055 §3.1). */
function pssBoundKey(key: KeyObject, p: PssParams): KeyObject {
  const params = der(
    0x30,
    der(0xa0, hashAlgorithm(p.hash)),
    der(0xa1, der(0x30, Buffer.from(OID_MGF1, "hex"), hashAlgorithm(p.mgf1Hash))),
    der(0xa2, smallInteger(p.saltLength)),
  );
  const algorithm = der(0x30, Buffer.from(OID_RSASSA_PSS, "hex"), params);
  const spki = der(0x30, algorithm, der(0x03, Buffer.from([0]), rsaPublicKeyDer(key)));
  try {
    return createPublicKey({ key: spki, format: "der", type: "spki" });
  } catch (cause) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `RSA-PSS with ${p.hash} and MGF1-${p.mgf1Hash} cannot be expressed to node:crypto`,
      { cause },
    );
  }
}

/** Verifies an RSASSA-PSS SignatureValue with the parameters `p`. */
export function verifyPss(key: KeyObject, p: PssParams, data: Uint8Array, signature: Uint8Array): boolean {
  // An RSA-PSS key that restricts its own parameters, or a different MGF1 hash: bind the key.
  const restricted = key.asymmetricKeyType === "rsa-pss" && key.asymmetricKeyDetails?.hashAlgorithm;
  const verifyKey = p.mgf1Hash === p.hash && !restricted ? key : pssBoundKey(key, p);
  try {
    return verify(
      p.hash,
      data,
      { key: verifyKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
      signature,
    );
  } catch (cause) {
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `RSA-PSS with ${p.hash}, MGF1-${p.mgf1Hash}, salt ${p.saltLength} cannot be verified by node:crypto (OpenSSL binds only SHA-1/SHA-2 to a PSS key)`,
      { cause },
    );
  }
}
