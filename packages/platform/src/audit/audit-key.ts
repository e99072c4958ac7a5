/**
 * The platform's audit key: signs checkpoints of the audit chain (checkpoint.ts). It lives in a
 * file, never in the database, so a database superuser does not hold it: generated on first use
 * in the data folder (Ed25519, encrypted PKCS#8 under the key-encryption secret, mode 0600, its
 * folder 0700; a clear key left by an older data folder is rewritten encrypted on start) or named
 * in configuration (AUDIT_SIGNING_KEY, a PKCS#8 PEM file, clear or encrypted under the same
 * secret: Ed25519, ECDSA P-256/P-384 or RSA). The public key is written next to a generated key so
 * an auditor can verify without the private key or the secret (CON-9, CON-13).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import {
  isEncryptedPem,
  type KeyEncryption,
  KeyEncryptionError,
  type KeySigner,
  readKeyPem,
  readProtectedKeyFile,
  softwareSigner,
  writeNewProtectedKeyFile,
} from "../core/keys/index.ts";

export { digestFor } from "../core/keys/index.ts";

export class AuditKeyError extends Error {
  override name = "AuditKeyError";
}

export interface AuditPublicKey {
  publicKey: KeyObject;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER: names the key in every checkpoint. */
  keyId: string;
}

export interface AuditSigningKey extends AuditPublicKey {
  /** Signs checkpoints; the key behind it may be in memory or in a PKCS#11 token. */
  signer: KeySigner;
}

/** Where a generated key's public half is written: `<key>.pub.pem` beside `<key>.pem`. */
export function publicKeyPathOf(privateKeyPath: string): string {
  return privateKeyPath.replace(/(\.pem)?$/, ".pub.pem");
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

/** The audit key's signer from a private key held in memory. */
export function auditSigningKeyFrom(privateKey: KeyObject, path = "the audit key"): AuditSigningKey {
  checkKeyType(privateKey, path);
  return fromSigner(softwareSigner(privateKey), path);
}

/** The audit key behind any signer (e.g. a PKCS#11 token). */
export function fromSigner(signer: KeySigner, path: string): AuditSigningKey {
  checkKeyType(signer.publicKey, path);
  return { signer, publicKey: signer.publicKey, keyId: keyIdOf(signer.publicKey) };
}

function readPem(path: string): string {
  try {
    return readKeyPem(path);
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${path} cannot be read or is too large to be a key`, {
      cause: error,
    });
  }
}

/**
 * Reads a PKCS#8 PEM private key: clear (an operator's file, left as it is) or encrypted under
 * the key-encryption secret.
 */
export function readAuditSigningKey(path: string, encryption?: KeyEncryption): AuditSigningKey {
  const pem = readPem(path);
  if (isEncryptedPem(pem)) {
    if (!encryption)
      throw new AuditKeyError(`the audit key file ${path} is encrypted: the key-encryption secret is needed`);
    return auditSigningKeyFrom(decryptOrFail(encryption, pem, path), path);
  }
  if (!pem.includes("-----BEGIN PRIVATE KEY-----"))
    throw new AuditKeyError(`the audit key file ${path} holds no PKCS#8 private key (BEGIN PRIVATE KEY)`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${path} is not a usable PKCS#8 key`, { cause: error });
  }
  return auditSigningKeyFrom(privateKey, path);
}

/**
 * Reads a public key (SPKI PEM), or derives it from a private key file: a clear one, or an
 * encrypted one through the `.pub.pem` written beside it (else the secret).
 */
export function readAuditPublicKey(path: string, encryption?: KeyEncryption): AuditPublicKey {
  const pem = readPem(path);
  if (isEncryptedPem(pem)) {
    const beside = publicKeyPathOf(path);
    if (existsSync(beside)) return readAuditPublicKey(beside);
    const { publicKey, keyId } = readAuditSigningKey(path, encryption);
    return { publicKey, keyId };
  }
  if (pem.includes("-----BEGIN PRIVATE KEY-----")) {
    const { publicKey, keyId } = readAuditSigningKey(path);
    return { publicKey, keyId };
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new AuditKeyError(`the audit public key file ${path} is not a usable key`, { cause: error });
  }
  checkKeyType(publicKey, path);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * The generated key: read it, or create it when the file does not exist yet (first start).
 * Written encrypted, mode 0600 in a 0700 folder, exclusively, so two processes starting together
 * cannot each write a different key. A clear key from an older data folder is rewritten encrypted.
 */
export function ensureGeneratedAuditKey(path: string, encryption: KeyEncryption): AuditSigningKey {
  if (!existsSync(path)) {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    if (writeNewProtectedKeyFile(path, privateKey, encryption))
      writeFileSync(publicKeyPathOf(path), publicKey.export({ type: "spki", format: "pem" }), {
        mode: 0o644,
      });
  }
  try {
    return auditSigningKeyFrom(readProtectedKeyFile(path, encryption).key, path);
  } catch (error) {
    if (error instanceof KeyEncryptionError) throw new AuditKeyError(error.message, { cause: error });
    throw error;
  }
}

function decryptOrFail(encryption: KeyEncryption, pem: string, path: string): KeyObject {
  try {
    return encryption.decrypt(pem);
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function checkKeyType(key: KeyObject, path: string): void {
  const type = key.asymmetricKeyType;
  if (type === "ed25519" || type === "rsa") return;
  if (type === "ec" && ["prime256v1", "secp384r1"].includes(key.asymmetricKeyDetails?.namedCurve ?? ""))
    return;
  throw new AuditKeyError(`the audit key in ${path} must be Ed25519, ECDSA P-256/P-384 or RSA, not ${type}`);
}
