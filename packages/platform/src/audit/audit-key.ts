/**
 * The platform's audit key: signs checkpoints of the audit chain (checkpoint.ts). It lives in a
 * file, never in the database, so a database superuser does not hold it: generated on first use
 * in the data folder (Ed25519, PKCS#8 PEM, mode 0600, its folder 0700) or named in configuration
 * (AUDIT_SIGNING_KEY, a PKCS#8 PEM file: Ed25519, ECDSA P-256/P-384 or RSA). The public key is
 * written next to a generated key so an auditor can verify without the private key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** A PEM key file larger than this is not a key. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export class AuditKeyError extends Error {
  override name = "AuditKeyError";
}

export interface AuditPublicKey {
  publicKey: KeyObject;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER: names the key in every checkpoint. */
  keyId: string;
}

export interface AuditSigningKey extends AuditPublicKey {
  privateKey: KeyObject;
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

function readKeyFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AuditKeyError(`the audit key file ${path} cannot be read`);
  }
  if (size > MAX_KEY_FILE_BYTES)
    throw new AuditKeyError(`the audit key file ${path} is too large to be a key`);
  return readFileSync(path, "utf8");
}

/** Reads a PKCS#8 PEM private key. */
export function readAuditSigningKey(path: string): AuditSigningKey {
  const pem = readKeyFile(path);
  if (!pem.includes("-----BEGIN PRIVATE KEY-----"))
    throw new AuditKeyError(`the audit key file ${path} holds no PKCS#8 private key (BEGIN PRIVATE KEY)`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${path} is not a usable PKCS#8 key`, { cause: error });
  }
  checkKeyType(privateKey, path);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Reads a public key (SPKI PEM) or derives it from a PKCS#8 private key file. */
export function readAuditPublicKey(path: string): AuditPublicKey {
  const pem = readKeyFile(path);
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
 * Written with mode 0600 in a 0700 folder, exclusively, so two processes starting together
 * cannot each write a different key.
 */
export function ensureGeneratedAuditKey(path: string): AuditSigningKey {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    try {
      writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
      writeFileSync(publicKeyPathOf(path), publicKey.export({ type: "spki", format: "pem" }), {
        mode: 0o644,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    chmodSync(path, 0o600);
  }
  return readAuditSigningKey(path);
}

function checkKeyType(key: KeyObject, path: string): void {
  const type = key.asymmetricKeyType;
  if (type === "ed25519" || type === "rsa") return;
  if (type === "ec" && ["prime256v1", "secp384r1"].includes(key.asymmetricKeyDetails?.namedCurve ?? ""))
    return;
  throw new AuditKeyError(`the audit key in ${path} must be Ed25519, ECDSA P-256/P-384 or RSA, not ${type}`);
}

/** The digest node:crypto's sign/verify take for this key: none for Ed25519 (it hashes itself). */
export function digestFor(key: KeyObject): string | null {
  if (key.asymmetricKeyType === "ed25519") return null;
  return key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "sha384" : "sha256";
}
