/**
 * Private keys at rest are encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo; PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC, RFC 8018), the format `openssl pkey -passin` reads, under
 * the platform's key-encryption secret (KEY_ENCRYPTION_SECRET or KEY_ENCRYPTION_KEY_FILE). The
 * secret must carry at least 256 bits of entropy (a generated file holds 32 random bytes), so the
 * strength lies in the secret, not in the KDF's iteration count: the PBKDF2 cost stays node:crypto's
 * (2048 rounds), which keeps starts and tests fast without a special setting.
 */
import { createHmac, createPrivateKey, type KeyObject } from "node:crypto";

export const ENCRYPTED_PEM_LABEL = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
export const CLEAR_PEM_LABEL = "-----BEGIN PRIVATE KEY-----";

/** 43 base64url characters: what 32 random bytes give. Shorter secrets are refused. */
export const MIN_KEY_ENCRYPTION_SECRET_LENGTH = 43;

export class KeyEncryptionError extends Error {
  override name = "KeyEncryptionError";
}

export class KeyEncryption {
  readonly #secret: string;

  constructor(secret: string) {
    if (secret.length < MIN_KEY_ENCRYPTION_SECRET_LENGTH)
      throw new KeyEncryptionError(
        `the key-encryption secret is too short (at least ${MIN_KEY_ENCRYPTION_SECRET_LENGTH} characters, e.g. 32 random bytes in base64url)`,
      );
    this.#secret = secret;
  }

  /** The key as an ENCRYPTED PRIVATE KEY PEM block. */
  encrypt(key: KeyObject): string {
    return key.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: this.#secret,
    }) as string;
  }

  /** Reads an ENCRYPTED PRIVATE KEY PEM block; a wrong secret or a damaged block is a KeyEncryptionError. */
  decrypt(pem: string): KeyObject {
    if (!pem.includes(ENCRYPTED_PEM_LABEL))
      throw new KeyEncryptionError("the key is not an encrypted PKCS#8 key (BEGIN ENCRYPTED PRIVATE KEY)");
    try {
      return createPrivateKey({ key: pem, format: "pem", passphrase: this.#secret });
    } catch (error) {
      throw new KeyEncryptionError("the key cannot be decrypted with the configured key-encryption secret", {
        cause: error,
      });
    }
  }

  /**
   * A secret derived for one purpose (HMAC-SHA256 of the label under the key-encryption secret,
   * base64url): what a component must present but need not store, e.g. the portal's client
   * secret at our broker. The label keeps purposes apart.
   */
  deriveSecret(label: string): string {
    return createHmac("sha256", this.#secret)
      .update(`tilts-derived-secret\u0000${label}`, "utf8")
      .digest("base64url");
  }

  /**
   * The passphrase of the encrypted PKCS#8 files, for a component outside this package that writes
   * its own key files (the testbed's PKI): the same secret, so `openssl pkey -passin` opens all.
   */
  pkcs8Passphrase(): string {
    return this.#secret;
  }

  /** The secret never reaches logs or error reports through this object. */
  toJSON(): string {
    return "[KeyEncryption]";
  }
}

export function isEncryptedPem(pem: string): boolean {
  return pem.includes(ENCRYPTED_PEM_LABEL);
}

export function isClearPkcs8Pem(pem: string): boolean {
  return pem.includes(CLEAR_PEM_LABEL);
}
