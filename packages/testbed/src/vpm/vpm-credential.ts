/**
 * The VPM stand-in's signing credential: an RSA-2048 key and a self-signed certificate, as a real
 * IdP publishes its signing certificate in its metadata (relying parties pin it; no CA path).
 * Kept in the testbed's state folder so a restarted platform and its stand-in agree on it; the
 * platform reads `signing-certificate.pem` as its pinned VPM certificate (VPM_SIGNING_CERTIFICATES).
 */
import { type KeyObject, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCertificate } from "../pki/certificate-builder.ts";
import { basicConstraints, keyUsage } from "../pki/extensions.ts";
import {
  certificatesFromPemOrDer,
  certificateToPem,
  generateKey,
  privateKeyToPem,
  readKeyFileEncrypting,
} from "../pki/keys.ts";
import { buildName } from "../pki/names.ts";

export interface VpmSigningCredential {
  key: KeyObject;
  certificate: Uint8Array;
}

export const VPM_CERTIFICATE_FILE = "signing-certificate.pem";
const VPM_KEY_FILE = "signing-key.pem";
/** keyUsage digitalSignature (RFC 5280 §4.2.1.3; KeyUsageFlags bit value 1). */
const DIGITAL_SIGNATURE = 1;

/** A fresh self-signed signing credential (valid from `now` − 1 day for 10 years). */
export function createVpmSigningCredential(
  now = new Date(),
  commonName = "Latvija.lv VPM test signing",
): VpmSigningCredential {
  const key = generateKey("rsa2048");
  const name = buildName({ country: "LV", organization: "Tilts testbed", commonName });
  const certificate = buildCertificate({
    serial: randomBytes(16),
    issuer: name,
    subject: name,
    publicKey: key,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    extensions: [basicConstraints(false), keyUsage(DIGITAL_SIGNATURE)],
    signerKey: key,
  });
  return { key, certificate };
}

/**
 * Loads the credential from `stateDir`, creating it on first use. With a `keyPassphrase` (the
 * platform's key-encryption secret) the key is kept encrypted; a clear key from an older state
 * folder is rewritten encrypted when read.
 */
export function ensureVpmSigningCredential(stateDir: string, keyPassphrase?: string): VpmSigningCredential {
  const keyPath = join(stateDir, VPM_KEY_FILE);
  const certPath = join(stateDir, VPM_CERTIFICATE_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const [certificate] = certificatesFromPemOrDer(readFileSync(certPath));
    if (certificate) return { key: readKeyFileEncrypting(keyPath, keyPassphrase), certificate };
  }
  mkdirSync(stateDir, { recursive: true });
  const credential = createVpmSigningCredential();
  writeFileSync(keyPath, privateKeyToPem(credential.key, keyPassphrase), { mode: 0o600 });
  writeFileSync(certPath, certificateToPem(credential.certificate));
  return credential;
}
