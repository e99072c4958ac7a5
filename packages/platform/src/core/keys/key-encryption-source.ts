/**
 * Where the key-encryption secret comes from: KEY_ENCRYPTION_SECRET, else the file
 * KEY_ENCRYPTION_KEY_FILE. In development the file defaults to `<data-dir>/keys/key-encryption.key`
 * and is created on first start (32 random bytes, mode 0600 in a 0700 folder); production names
 * one of the two explicitly (config.ts refuses to start without). Either way the database holds
 * no secret that opens the keys it stores.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { KeyEncryption, KeyEncryptionError } from "./key-encryption.ts";

const MAX_SECRET_FILE_BYTES = 4096;

export interface KeyEncryptionSource {
  keyEncryptionSecret?: string;
  keyEncryptionKeyFile?: string;
}

/**
 * The configured KeyEncryption. `createMissingFile`: create the key file when it does not exist
 * (the development default only; an operator's named file that is missing is an error).
 */
export function keyEncryptionFrom(source: KeyEncryptionSource, createMissingFile = false): KeyEncryption {
  if (source.keyEncryptionSecret) return new KeyEncryption(source.keyEncryptionSecret);
  const file = source.keyEncryptionKeyFile;
  if (!file) throw new KeyEncryptionError("no key-encryption secret is configured");
  if (!existsSync(file)) {
    if (!createMissingFile)
      throw new KeyEncryptionError(`the key-encryption key file ${file} does not exist`);
    createSecretFile(file);
  }
  return new KeyEncryption(readSecretFile(file));
}

function createSecretFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // Exclusive: two processes starting together keep one secret.
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(file, 0o600);
}

function readSecretFile(file: string): string {
  const size = statSync(file).size;
  if (size > MAX_SECRET_FILE_BYTES)
    throw new KeyEncryptionError(`the key-encryption key file ${file} is too large to hold a secret`);
  return readFileSync(file, "utf8").trim();
}
