/**
 * The VPM's signing certificates, pinned by configuration (VPM_SIGNING_CERTIFICATES: a PEM file
 * with one or more certificates — two during the module's key rollover). Read once at start; a
 * missing or unreadable file, or one without a certificate, stops the start with a clear error.
 */

import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError } from "../../config/config.ts";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g;

/** DER certificates of a PEM text; each one must parse as X.509. */
export function vpmCertificatesFromPem(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(PEM_CERTIFICATE)) {
    const der = new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
    new X509Certificate(der); // throws on a broken certificate
    out.push(der);
    if (out.length > 10) break;
  }
  return out;
}

export function readVpmCertificates(path: string): Uint8Array[] {
  let certificates: Uint8Array[];
  try {
    certificates = vpmCertificatesFromPem(readFileSync(path, "utf8"));
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError("VPM_SIGNING_CERTIFICATES", `cannot read ${path}: ${why}`);
  }
  if (certificates.length === 0)
    throw new ConfigError("VPM_SIGNING_CERTIFICATES", `${path} holds no PEM certificate`);
  return certificates;
}
