/** Key generation and PEM round trips with node:crypto. */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";

export const keyKinds = ["rsa2048", "rsa3072", "rsa4096", "p256", "p384"] as const;
export type KeyKind = (typeof keyKinds)[number];

export function isKeyKind(text: string): text is KeyKind {
  return (keyKinds as readonly string[]).includes(text);
}

export function generateKey(kind: KeyKind): KeyObject {
  switch (kind) {
    case "rsa2048":
    case "rsa3072":
    case "rsa4096":
      return generateKeyPairSync("rsa", { modulusLength: Number(kind.slice(3)), publicExponent: 0x10001 })
        .privateKey;
    case "p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    case "p384":
      return generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey;
  }
}

/** PKCS#8 PEM; with a passphrase encrypted (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC), as openssl reads it. */
export function privateKeyToPem(key: KeyObject, passphrase?: string): string {
  if (passphrase === undefined) return key.export({ type: "pkcs8", format: "pem" }).toString();
  return key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }).toString();
}

export function privateKeyFromPem(pem: string, passphrase?: string): KeyObject {
  return createPrivateKey({ key: pem, format: "pem", passphrase });
}

export function isEncryptedKeyPem(pem: string): boolean {
  return pem.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----");
}

/**
 * A key file of the testbed's state: encrypted ones opened with `passphrase`; a clear one (an
 * older state folder) read, and rewritten encrypted (write, then rename) when a passphrase is set.
 */
export function readKeyFileEncrypting(path: string, passphrase: string | undefined): KeyObject {
  const pem = readFileSync(path, "utf8");
  if (isEncryptedKeyPem(pem)) {
    if (passphrase === undefined)
      throw new Error(
        `${path} is encrypted: open the test PKI with its keyPassphrase (the key-encryption secret)`,
      );
    return privateKeyFromPem(pem, passphrase);
  }
  const key = privateKeyFromPem(pem);
  if (passphrase !== undefined) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, privateKeyToPem(key, passphrase), { mode: 0o600 });
    renameSync(temporary, path);
  }
  return key;
}

export function certificateToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;
}

/** All DER certificates of a PEM text (or the DER itself when the input is binary DER). */
export function certificatesFromPemOrDer(data: Uint8Array): Uint8Array[] {
  const text = Buffer.from(data).toString("latin1");
  if (!text.includes("-----BEGIN")) return [data];
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")));
  }
  return out;
}
