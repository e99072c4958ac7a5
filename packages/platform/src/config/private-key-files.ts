/**
 * Private keys in files that configuration names (AS4_KEY, EIDAS_SP_SIGNING_KEY,
 * EIDAS_SP_ENCRYPTION_KEY, SYSTEM_ACCESS_SERVER_KEY): read bounded, opened under the
 * key-encryption secret when encrypted, refused in clear in production (core/keys/operator-key-file.ts
 * says why); every failure a ConfigError naming the key, so the start stops with what to fix.
 */
import type { KeyObject } from "node:crypto";
import { type KeyEncryption, operatorPrivateKey } from "../core/keys/index.ts";
import { ConfigError, type CoreConfig, keyEncryptionOf } from "./config.ts";
import { readPemFile } from "./pem-certificates.ts";

/** What reading a key needs of the configuration: the environment, and the secret on demand. */
export interface PrivateKeyContext {
  production: boolean;
  /** Only asked when a file holds an encrypted key, so a clear development setup needs no secret. */
  encryption(): KeyEncryption;
}

export function privateKeyContextOf(config: CoreConfig): PrivateKeyContext {
  let encryption: KeyEncryption | undefined;
  return {
    production: config.environment === "production",
    encryption: () => {
      encryption ??= keyEncryptionOf(config);
      return encryption;
    },
  };
}

/** Development without a configured secret: clear keys only (tests of parsers and such). */
export const CLEAR_KEYS_ONLY: PrivateKeyContext = {
  production: false,
  encryption: () => {
    throw new Error("no key-encryption secret in this context");
  },
};

/** The private key of a PEM text read from `path` for configuration key `key`. */
export function privateKeyOfPem(
  pem: string,
  path: string,
  key: string,
  context: PrivateKeyContext,
): KeyObject {
  try {
    const encrypted = pem.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    return operatorPrivateKey(pem, {
      production: context.production,
      source: path,
      ...(encrypted ? { encryption: context.encryption() } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(key, (error as Error).message);
  }
}

/** Reads `path` (bounded) and returns its text and private key. */
export function readPrivateKeyFile(
  path: string,
  key: string,
  context: PrivateKeyContext,
): { pem: string; key: KeyObject } {
  const pem = readPemFile(path, key);
  return { pem, key: privateKeyOfPem(pem, path, key, context) };
}
