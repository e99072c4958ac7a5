/**
 * XML Encryption 1.1 decryption of an eIDAS EncryptedAssertion (eIDAS Cryptographic Requirements
 * v1.2 §3.3): key transport RSA-OAEP (`xmlenc#rsa-oaep-mgf1p`: MGF1 with SHA-1 and the digest
 * named by ds:DigestMethod; `xmlenc11#rsa-oaep`: digest and xenc11:MGF as named), block
 * encryption AES-128/256-GCM (CipherValue = IV(12) ‖ ciphertext ‖ tag(16), XML Encryption 1.1
 * §5.2.4). OAEP is decoded here (RFC 8017 §7.1.2) because node:crypto ties MGF1's hash to the
 * label hash, and mgf1p with SHA-256 needs them apart. Every failure is one coded error without
 * detail (no padding or MAC oracle); the caller never learns which step failed.
 */
import {
  constants,
  createDecipheriv,
  createHash,
  type KeyObject,
  privateDecrypt,
  timingSafeEqual,
} from "node:crypto";
import { DIGEST_SHA1, DIGEST_SHA256, DIGEST_SHA384, DIGEST_SHA512, DSIG_NAMESPACE } from "@tilts/trust";
import {
  children,
  ENC_AES128_GCM,
  ENC_AES256_GCM,
  ENC_TYPE_ELEMENT,
  KT_RSA_OAEP,
  KT_RSA_OAEP_MGF1P,
  MGF1_SHA1,
  MGF1_SHA224,
  MGF1_SHA256,
  MGF1_SHA384,
  MGF1_SHA512,
  textContent,
  XMLENC_NS,
  XMLENC11_NS,
} from "./eidas-saml.ts";

export class XmlDecryptionError extends Error {
  override name = "XmlDecryptionError";
  readonly code = "eidas-undecryptable";
}

/** Ciphertext larger than this is refused before decoding (an assertion is a few kB). */
export const MAX_CIPHER_BYTES = 1024 * 1024;

const DIGESTS: Record<string, string> = {
  [DIGEST_SHA1]: "sha1",
  [DIGEST_SHA256]: "sha256",
  [DIGEST_SHA384]: "sha384",
  [DIGEST_SHA512]: "sha512",
};
const MGFS: Record<string, string> = {
  [MGF1_SHA1]: "sha1",
  [MGF1_SHA224]: "sha224",
  [MGF1_SHA256]: "sha256",
  [MGF1_SHA384]: "sha384",
  [MGF1_SHA512]: "sha512",
};
const KEY_BYTES: Record<string, number> = { [ENC_AES128_GCM]: 16, [ENC_AES256_GCM]: 32 };

function fail(message: string): never {
  throw new XmlDecryptionError(message);
}

function only(parent: Element, ns: string, local: string, required: true): Element;
function only(parent: Element, ns: string, local: string, required: false): Element | undefined;
function only(parent: Element, ns: string, local: string, required: boolean): Element | undefined {
  const found = children(parent, ns, local);
  if (found.length > 1 || (required && found.length === 0)) fail(`expected one ${local}`);
  return found[0];
}

function base64Of(element: Element): Buffer {
  const text = textContent(element).replace(/[\s]+/g, "");
  if (text.length > (MAX_CIPHER_BYTES * 4) / 3 + 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    fail("bad base64");
  return Buffer.from(text, "base64");
}

function cipherValueOf(parent: Element): Buffer {
  const cipherData = only(parent, XMLENC_NS, "CipherData", true);
  if (children(cipherData, XMLENC_NS, "CipherReference").length > 0) fail("CipherReference is not supported");
  return base64Of(only(cipherData, XMLENC_NS, "CipherValue", true));
}

export function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** RFC 8017 §7.1.2 steps 3a–3g on the raw RSA output `em` (k bytes). */
export function oaepDecode(em: Buffer, hash: string, mgfHash: string, label: Buffer): Buffer | undefined {
  const lHash = createHash(hash).update(label).digest();
  const hLen = lHash.length;
  const k = em.length;
  if (k < 2 * hLen + 2) return undefined;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seed = Buffer.alloc(hLen);
  const seedMask = mgf1(mgfHash, maskedDb, hLen);
  for (let i = 0; i < hLen; i++) seed[i] = maskedSeed[i]! ^ seedMask[i]!;
  const dbMask = mgf1(mgfHash, seed, k - hLen - 1);
  const db = Buffer.alloc(k - hLen - 1);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ dbMask[i]!;
  // Walk the whole padding whatever we find, and decide once at the end.
  let bad = em[0]! !== 0 ? 1 : 0;
  bad |= timingSafeEqual(db.subarray(0, hLen), lHash) ? 0 : 1;
  let separator = -1;
  for (let i = hLen; i < db.length; i++) {
    const looking = separator < 0 ? 1 : 0;
    if (looking && db[i] === 1) separator = i;
    else if (looking && db[i] !== 0) bad |= 1;
  }
  if (bad || separator < 0) return undefined;
  return db.subarray(separator + 1);
}

interface KeyTransport {
  hash: string;
  mgfHash: string;
  label: Buffer;
  cipher: Buffer;
}

function keyTransportOf(encryptedKey: Element): KeyTransport {
  const method = only(encryptedKey, XMLENC_NS, "EncryptionMethod", true);
  const algorithm = method.getAttribute("Algorithm");
  const digestElement = only(method, DSIG_NAMESPACE, "DigestMethod", false);
  const digestUri = digestElement?.getAttribute("Algorithm") ?? DIGEST_SHA1;
  const hash = DIGESTS[digestUri];
  if (!hash) fail("unsupported OAEP digest");
  const params = only(method, XMLENC_NS, "OAEPparams", false);
  const label = params ? base64Of(params) : Buffer.alloc(0);
  let mgfHash: string | undefined;
  if (algorithm === KT_RSA_OAEP_MGF1P) mgfHash = "sha1";
  else if (algorithm === KT_RSA_OAEP) {
    const mgf = only(method, XMLENC11_NS, "MGF", false);
    mgfHash = MGFS[mgf?.getAttribute("Algorithm") ?? MGF1_SHA1];
  } else fail("unsupported key transport");
  if (!mgfHash) fail("unsupported MGF");
  return { hash, mgfHash, label, cipher: cipherValueOf(encryptedKey) };
}

function unwrapKey(transport: KeyTransport, keys: readonly KeyObject[], length: number): Buffer | undefined {
  for (const key of keys) {
    let em: Buffer;
    try {
      em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, transport.cipher);
    } catch {
      continue; // wrong modulus size for this key
    }
    const cek = oaepDecode(em, transport.hash, transport.mgfHash, transport.label);
    if (cek && cek.length === length) return cek;
  }
  return undefined;
}

/**
 * Decrypts `container` (a saml2:EncryptedAssertion: one xenc:EncryptedData, its EncryptedKey in
 * the data's ds:KeyInfo or beside it, SAML Core §2.2.4) with one of `keys` and returns the octets.
 */
export function decryptEncryptedElement(container: Element, keys: readonly KeyObject[]): Buffer {
  const data = only(container, XMLENC_NS, "EncryptedData", true);
  const type = data.getAttribute("Type");
  if (type && type !== ENC_TYPE_ELEMENT) fail("EncryptedData is not an element");
  const algorithm = only(data, XMLENC_NS, "EncryptionMethod", true).getAttribute("Algorithm") ?? "";
  const keyLength = KEY_BYTES[algorithm];
  if (!keyLength) fail("unsupported block encryption");
  const keyInfo = only(data, DSIG_NAMESPACE, "KeyInfo", false);
  const encryptedKeys = [
    ...(keyInfo ? children(keyInfo, XMLENC_NS, "EncryptedKey") : []),
    ...children(container, XMLENC_NS, "EncryptedKey"),
  ];
  if (encryptedKeys.length === 0 || encryptedKeys.length > 4) fail("expected one to four EncryptedKeys");
  let cek: Buffer | undefined;
  for (const encryptedKey of encryptedKeys) {
    cek = unwrapKey(keyTransportOf(encryptedKey), keys, keyLength);
    if (cek) break;
  }
  if (!cek) fail("no key could be unwrapped");
  const payload = cipherValueOf(data);
  if (payload.length < 12 + 16 + 1 || payload.length > MAX_CIPHER_BYTES) fail("bad ciphertext length");
  try {
    const decipher = createDecipheriv(
      keyLength === 16 ? "aes-128-gcm" : "aes-256-gcm",
      cek,
      payload.subarray(0, 12),
    );
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    return Buffer.concat([decipher.update(payload.subarray(12, payload.length - 16)), decipher.final()]);
  } catch {
    fail("authentication tag mismatch");
  }
}
