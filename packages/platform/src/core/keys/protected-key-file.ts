/**
 * Private key files under the key-encryption secret. A new key is written encrypted, exclusively,
 * mode 0600 in a 0700 folder; a clear PKCS#8 file left by an older data folder is read once and
 * replaced by its encrypted form (write to a temporary file, then rename), so upgrading needs no
 * manual step and the clear copy does not stay on disk.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isClearPkcs8Pem, isEncryptedPem, type KeyEncryption, KeyEncryptionError } from "./key-encryption.ts";

/** A PEM key file larger than this is not a key. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface ReadKeyFile {
  key: KeyObject;
  /** The file held the key in clear and has now been rewritten encrypted. */
  migrated: boolean;
}

/** Reads a key file, encrypted or (migrating it) clear PKCS#8. */
export function readProtectedKeyFile(path: string, encryption: KeyEncryption): ReadKeyFile {
  const pem = readKeyPem(path);
  if (isEncryptedPem(pem)) return { key: encryption.decrypt(pem), migrated: false };
  if (!isClearPkcs8Pem(pem)) throw new KeyEncryptionError(`${path} holds no PKCS#8 private key`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new KeyEncryptionError(`${path} is not a usable PKCS#8 key`, { cause: error });
  }
  replaceKeyFile(path, encryption.encrypt(key));
  return { key, migrated: true };
}

/**
 * Writes a new key file encrypted; `false` when the file exists already (another process won the
 * race: read that one).
 */
export function writeNewProtectedKeyFile(path: string, key: KeyObject, encryption: KeyEncryption): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, encryption.encrypt(key), { mode: 0o600, flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export function readKeyPem(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new KeyEncryptionError(`the key file ${path} cannot be read`);
  }
  if (size > MAX_KEY_FILE_BYTES)
    throw new KeyEncryptionError(`the key file ${path} is too large to be a key`);
  return readFileSync(path, "utf8");
}

function replaceKeyFile(path: string, pem: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
