/**
 * Private keys the operator supplies in files named by configuration (the AS4 access point's key,
 * the eIDAS connector's signing and decryption keys, the system-access listener's TLS key), each
 * in one PEM file with its certificate. Such a file may hold its key encrypted under the platform's
 * key-encryption secret (ENCRYPTED PRIVATE KEY, what `tilts keys encrypt` writes and `openssl pkcs8
 * -topk8 -v2 aes-256-cbc` makes) or in clear. In production a clear key is refused (CON-13: a
 * stolen backup or a misplaced copy of the configuration folder must not hand over the key); in
 * development it is read as it is. The file is never rewritten here: it belongs to the operator
 * (configuration management, read-only mounts); `tilts keys encrypt` does it on request.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { type KeyEncryption, KeyEncryptionError } from "./key-encryption.ts";
import { readKeyPem } from "./protected-key-file.ts";

const CLEAR_BLOCK = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n?/;
const ENCRYPTED_BLOCK =
  /-----BEGIN ENCRYPTED PRIVATE KEY-----[\s\S]+?-----END ENCRYPTED PRIVATE KEY-----\r?\n?/;

export interface OperatorKeyOptions {
  /** Opens an encrypted block; absent: an encrypted block is an error naming the missing secret. */
  encryption?: KeyEncryption;
  /** Production refuses a clear key. */
  production: boolean;
  /** Where the PEM came from, for messages (a path). */
  source: string;
}

/** The private key in a PEM text that may also hold certificates; KeyEncryptionError when none is usable. */
export function operatorPrivateKey(pem: string, options: OperatorKeyOptions): KeyObject {
  const encrypted = ENCRYPTED_BLOCK.exec(pem)?.[0];
  if (encrypted) {
    if (!options.encryption)
      throw new KeyEncryptionError(
        `${options.source}: the key is encrypted but no key-encryption secret is configured`,
      );
    return options.encryption.decrypt(encrypted);
  }
  const clear = CLEAR_BLOCK.exec(pem)?.[0];
  if (!clear) throw new KeyEncryptionError(`${options.source} holds no PKCS#8 private key`);
  if (options.production)
    throw new KeyEncryptionError(
      `${options.source} holds its private key in clear; production needs it encrypted under the key-encryption secret (tilts keys encrypt ${options.source})`,
    );
  try {
    return createPrivateKey({ key: clear, format: "pem" });
  } catch (error) {
    throw new KeyEncryptionError(`${options.source}: the private key cannot be read`, { cause: error });
  }
}

/**
 * Replaces the clear PKCS#8 block of a PEM file by its encrypted form, keeping everything else
 * (certificates, their order) as it was; write to a temporary file, then rename, so a reader sees
 * the old file or the new one. `false` when the key was encrypted already.
 */
export function encryptKeyFileInPlace(path: string, encryption: KeyEncryption): boolean {
  const pem = readKeyPem(path);
  if (ENCRYPTED_BLOCK.test(pem)) {
    encryption.decrypt(ENCRYPTED_BLOCK.exec(pem)![0]); // opens under this secret, or says so
    return false;
  }
  const key = operatorPrivateKey(pem, { production: false, source: path });
  const replaced = pem.replace(CLEAR_BLOCK, encryption.encrypt(key));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, replaced, { mode: 0o600, flag: "wx" });
  renameSync(temporary, path);
  return true;
}
