/**
 * Certificate files named by configuration keys (a PEM file of one or more certificates): read,
 * bounded and checked, every failure a ConfigError naming the key, so a bad file stops the start
 * with one line. Shared by keys of any module (config is the shared core; identity's older keys
 * still carry their own readers: vpm-certificates.ts, eid-card-settings.ts).
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { ConfigError } from "./config-error.ts";

/** A bundle of trust anchors is small; a larger file is a mistake, not a CA list. */
export const MAX_PEM_FILE_BYTES = 1024 * 1024;
/** More certificates than this in one key's file is a mistake too (a CA list of a few dozen at most). */
export const MAX_PEM_CERTIFICATES = 100;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,65536})-----END CERTIFICATE-----/g;

export interface PemCertificateOptions {
  /** Every certificate must be a CA (basicConstraints cA): for trust-anchor files. */
  requireCa?: boolean;
}

/** The DER certificates of a PEM file; at least one, each parsing as X.509. */
export function readPemCertificates(
  path: string,
  key: string,
  options: PemCertificateOptions = {},
): Uint8Array[] {
  let pem: string;
  try {
    if (statSync(path).size > MAX_PEM_FILE_BYTES)
      throw new ConfigError(key, `${path} is larger than ${MAX_PEM_FILE_BYTES / 1024} KiB`);
    pem = readFileSync(path, "latin1");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(key, `cannot read ${path}: ${why}`);
  }
  const certificates: Uint8Array[] = [];
  for (const match of pem.matchAll(PEM_CERTIFICATE)) {
    if (certificates.length === MAX_PEM_CERTIFICATES)
      throw new ConfigError(key, `${path} holds more than ${MAX_PEM_CERTIFICATES} certificates`);
    const der = new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ""), "base64"));
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch {
      throw new ConfigError(key, `${path}: certificate ${certificates.length + 1} is not valid X.509`);
    }
    if (options.requireCa && !certificate.ca)
      throw new ConfigError(
        key,
        `${path}: certificate ${certificates.length + 1} (${certificate.subject.replace(/\n/g, ", ")}) is not a CA certificate`,
      );
    certificates.push(der);
  }
  if (certificates.length === 0) throw new ConfigError(key, `${path} holds no PEM certificate`);
  return certificates;
}

/**
 * The certificates of a PEM file, read now (a bad file throws: the start stops) and again when
 * the file changes, so a CA renewal needs no restart. A file that turns bad later (half written
 * during a renewal, removed) keeps the last good certificates rather than trusting nothing or
 * failing every validation.
 */
export function watchedPemCertificates(
  path: string,
  key: string,
  options: PemCertificateOptions = {},
): () => Uint8Array[] {
  const certificates = readPemCertificates(path, key, options);
  let current = { mtimeMs: statSync(path).mtimeMs, certificates };
  return () => {
    try {
      const mtimeMs = statSync(path).mtimeMs;
      if (mtimeMs !== current.mtimeMs)
        current = { mtimeMs, certificates: readPemCertificates(path, key, options) };
    } catch {
      // keep the last good set (see above)
    }
    return current.certificates;
  };
}
