/**
 * PEM text → DER certificates, the one implementation for configuration keys of any module
 * (config is the shared core): a PEM file of one or more certificates named by a key, or PEM text
 * inside a key's file (EIDAS_NODES' "certificates", the private key files of EIDAS_SP_*). Bounded
 * (size, count) and checked (each certificate X.509, optionally a CA); every failure is a
 * ConfigError naming the key, so a bad file stops the start with one line.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readPemBlocks } from "@tilts/trust";
import { ConfigError } from "./config-error.ts";

/** A bundle of trust anchors is small; a larger file is a mistake, not a CA list. */
export const MAX_PEM_FILE_BYTES = 1024 * 1024;
/** More certificates than this in one key's file is a mistake too (a CA list of a few dozen at most). */
export const MAX_PEM_CERTIFICATES = 100;

/** Labels of a certificate block (RFC 7468 §5.1, and OpenSSL's trusted-certificate form). */
const CERTIFICATE_LABELS = ["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"];

export interface PemCertificateOptions {
  /** Every certificate must be a CA (basicConstraints cA): for trust-anchor files. */
  requireCa?: boolean;
  /**
   * No certificate at all is a valid answer (an empty list) rather than an error: for callers
   * that judge absence themselves (with their own message) or trust nothing until a file is filled.
   */
  allowEmpty?: boolean;
}

export interface PemTextOptions extends PemCertificateOptions {
  /** What the text is, for messages (a path, `nodes.json [2]`); default "the PEM text". */
  source?: string;
}

/**
 * The DER certificates of a PEM text, each parsing as X.509; at least one unless `allowEmpty`.
 * The text is bounded like a file (MAX_PEM_FILE_BYTES, MAX_PEM_CERTIFICATES).
 */
export function pemCertificates(pem: string, key: string, options: PemTextOptions = {}): Uint8Array[] {
  const source = options.source ?? "the PEM text";
  if (pem.length > MAX_PEM_FILE_BYTES)
    throw new ConfigError(key, `${source} is larger than ${MAX_PEM_FILE_BYTES / 1024} KiB`);
  // RFC 7468 §2: explanatory text before, between and after the blocks (e.g. what
  // `openssl x509 -text` writes) is ignored by the one PEM reader.
  let blocks: Uint8Array[];
  try {
    blocks = readPemBlocks(pem, CERTIFICATE_LABELS).map((b) => b.der);
  } catch (error) {
    throw new ConfigError(key, `${source}: ${(error as Error).message}`);
  }
  if (blocks.length > MAX_PEM_CERTIFICATES)
    throw new ConfigError(key, `${source} holds more than ${MAX_PEM_CERTIFICATES} certificates`);
  const certificates: Uint8Array[] = [];
  for (const der of blocks) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch {
      throw new ConfigError(key, `${source}: certificate ${certificates.length + 1} is not valid X.509`);
    }
    if (options.requireCa && !certificate.ca)
      throw new ConfigError(
        key,
        `${source}: certificate ${certificates.length + 1} (${certificate.subject.replace(/\n/g, ", ")}) is not a CA certificate`,
      );
    certificates.push(der);
  }
  if (certificates.length === 0 && !options.allowEmpty)
    throw new ConfigError(key, `${source} holds no PEM certificate`);
  return certificates;
}

/** The text of a key's PEM file, at most MAX_PEM_FILE_BYTES; a missing or unreadable file is a ConfigError. */
export function readPemFile(path: string, key: string): string {
  try {
    if (statSync(path).size > MAX_PEM_FILE_BYTES)
      throw new ConfigError(key, `${path} is larger than ${MAX_PEM_FILE_BYTES / 1024} KiB`);
    return readFileSync(path, "latin1");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(key, `cannot read ${path}: ${why}`);
  }
}

/** The DER certificates of a PEM file (see pemCertificates); at least one unless `allowEmpty`. */
export function readPemCertificates(
  path: string,
  key: string,
  options: PemCertificateOptions = {},
): Uint8Array[] {
  return pemCertificates(readPemFile(path, key), key, { ...options, source: path });
}

export interface WatchedPemOptions extends PemCertificateOptions {
  /**
   * A missing file means no certificates (trust nothing) rather than an error, now and whenever it
   * is missing later: for a file another part creates after the start (the testbed's test PKI).
   */
  missingIsEmpty?: boolean;
}

/**
 * The certificates of a PEM file, read now (a bad file throws: the start stops) and again when
 * the file changes, so a CA renewal needs no restart. A file that turns bad later (half written
 * during a renewal, or removed without `missingIsEmpty`) keeps the last good certificates rather
 * than trusting nothing or failing every validation. Used by EID_CARD_TRUSTED_CAS and
 * EHEALTH_SIGNATURE_ANCHORS.
 */
export function watchedPemCertificates(
  path: string,
  key: string,
  options: WatchedPemOptions = {},
): () => Uint8Array[] {
  const { missingIsEmpty, ...pemOptions } = options;
  /** The file's mtime; undefined when it cannot be seen (missing). */
  const modified = (): number | undefined => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return undefined;
    }
  };
  const read = (mtimeMs: number | undefined) => ({
    mtimeMs,
    certificates: mtimeMs === undefined && missingIsEmpty ? [] : readPemCertificates(path, key, pemOptions),
  });
  let current = read(modified());
  return () => {
    try {
      const mtimeMs = modified();
      if (mtimeMs !== current.mtimeMs) current = read(mtimeMs);
    } catch {
      // keep the last good set (see above)
    }
    return current.certificates;
  };
}
