/**
 * eIDAS settings from configuration (config/config.ts keys EIDAS_NODES, EIDAS_SP_SIGNING_KEY,
 * EIDAS_SP_ENCRYPTION_KEY, EIDAS_CLOCK_SKEW_SECONDS). The nodes file is JSON:
 *
 *   [{ "country": "EE", "name": { "lv": "Igaunija", "en": "Estonia" },
 *      "url": "https://…/SpecificProxyService/ColleagueRequest",   (HTTP-POST single sign-on)
 *      "certificates": "-----BEGIN CERTIFICATE-----…",              (the node's signing certificate(s))
 *      "entityId": "https://…/metadata" }]                           (optional: the Issuer it must use)
 *
 * The key files hold a PKCS#8 private key (encrypted under the key-encryption secret; clear only in
 * development) and its certificate in PEM. A bad file stops the start with a ConfigError naming the key.
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError, type CoreConfig } from "../../config/config.ts";
import { pemCertificates, readPemFile } from "../../config/pem-certificates.ts";
import {
  CLEAR_KEYS_ONLY,
  type PrivateKeyContext,
  privateKeyContextOf,
  privateKeyOfPem,
} from "../../config/private-key-files.ts";
import type { IdentityConfig } from "../config-keys.ts";

export const EIDAS_METADATA_PATH = "/signin/eidas/metadata";
export const EIDAS_CALLBACK_PATH = "/signin/callback/eidas";
/** The destination country of every PersonIdentifier we accept. */
export const OUR_COUNTRY = "LV";

export interface EidasNode {
  country: string;
  name: { lv: string; en: string };
  url: string;
  certificates: Uint8Array[];
  entityId?: string;
}

export interface EidasKeyPair {
  key: KeyObject;
  certificate: Uint8Array;
}

export interface EidasSettings {
  /** Our SP entity ID: the metadata URL. */
  entityId: string;
  acsUrl: string;
  providerName: string;
  organizationUrl: string;
  signing: EidasKeyPair;
  encryption: EidasKeyPair;
  nodes: EidasNode[];
  skewMs: number;
  /** How old a node's Response may be when it arrives. */
  maxAgeMs: number;
}

const MAX_NODES = 60;

/** eIDAS Cryptographic Requirements v1.2 §2: RSA keys of at least 3072 bits (the testbed's are 2048). */
export const MIN_PRODUCTION_RSA_BITS = 3072;

export function readKeyPair(
  path: string,
  key: string,
  minBits = 0,
  keys: PrivateKeyContext = CLEAR_KEYS_ONLY,
): EidasKeyPair {
  const pem = readPemFile(path, key);
  // No certificate is judged below, with the private key, in one message.
  const [certificate] = pemCertificates(pem, key, { source: path, allowEmpty: true });
  if (!certificate || !/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(pem))
    throw new ConfigError(key, `${path} needs a PKCS#8 private key and a certificate`);
  const privateKey = privateKeyOfPem(pem, path, key, keys);
  try {
    const cert = new X509Certificate(certificate);
    if (!cert.checkPrivateKey(privateKey)) throw new Error("the key does not belong to the certificate");
    if (privateKey.asymmetricKeyType !== "rsa")
      throw new Error("an RSA key is needed (RSA-PSS signing, RSA-OAEP)");
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < minBits)
      throw new Error(`the RSA key must have at least ${minBits} bits`);
    return { key: privateKey, certificate };
  } catch (error) {
    throw new ConfigError(key, `${path}: ${(error as Error).message}`);
  }
}

/** eIDAS Cryptographic Requirements v1.2 §2: RSA of at least 2048 bits (3072 in production, see above). */
export const MIN_RSA_BITS = 2048;
/** EC curves of at least 256 bits that the same requirements list (NIST P-256/384/521, Brainpool r1). */
const ACCEPTED_EC_CURVES = new Set([
  "prime256v1",
  "secp384r1",
  "secp521r1",
  "brainpoolP256r1",
  "brainpoolP384r1",
  "brainpoolP512r1",
]);

/** Why a node certificate's key is too weak (RSA < minRsaBits, EC below P-256, other kinds), or undefined. */
export function weakNodeKey(certificate: X509Certificate, minRsaBits: number): string | undefined {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") {
    const bits = details.modulusLength ?? 0;
    return bits < minRsaBits ? `an RSA key of ${bits} bits (at least ${minRsaBits} needed)` : undefined;
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = details.namedCurve ?? "unnamed";
    return ACCEPTED_EC_CURVES.has(curve) ? undefined : `an EC key on ${curve} (P-256 or stronger needed)`;
  }
  return `a ${key.asymmetricKeyType ?? "unknown"} key (RSA or EC needed)`;
}

/** `minRsaBits`: the least RSA node key (eidasSettingsFrom passes 3072 in production). */
export function readNodes(path: string, minRsaBits = MIN_RSA_BITS): EidasNode[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError("EIDAS_NODES", `cannot read ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(raw) || raw.length > MAX_NODES)
    throw new ConfigError("EIDAS_NODES", `${path} must hold a list of at most ${MAX_NODES} nodes`);
  return raw.map((entry, i) => {
    const bad = (what: string): never => {
      throw new ConfigError("EIDAS_NODES", `${path} [${i}]: ${what}`);
    };
    if (typeof entry !== "object" || entry === null) bad("not an object");
    const e = entry as Record<string, unknown>;
    const country =
      typeof e.country === "string" && /^[A-Z]{2}$/.test(e.country) ? e.country : bad("country");
    // A node for LV would assert "LV/LV/…" identifiers: subjects PNOLV-…, those of Latvian persons.
    if (country === OUR_COUNTRY) bad(`country ${OUR_COUNTRY} is ours, not a foreign node's`);
    const name = e.name as Record<string, unknown> | undefined;
    if (typeof name?.lv !== "string" || typeof name.en !== "string") bad("name.lv and name.en");
    let url: URL | undefined;
    try {
      url = new URL(String(e.url));
    } catch {
      bad("url");
    }
    if (url!.protocol !== "https:" && url!.protocol !== "http:") bad("url must be http(s)");
    const certificates =
      typeof e.certificates === "string"
        ? pemCertificates(e.certificates, "EIDAS_NODES", {
            source: `${path} [${i}] (country ${country}) certificates`,
            allowEmpty: true,
          })
        : [];
    if (certificates.length === 0) bad("certificates (PEM) missing");
    for (const der of certificates) {
      // A node signs every Response we trust: its key must be as strong as ours.
      const weak = weakNodeKey(new X509Certificate(der), Math.max(minRsaBits, MIN_RSA_BITS));
      if (weak) bad(`country ${country}: the node certificate has ${weak}`);
    }
    const node: EidasNode = {
      country,
      name: { lv: name!.lv as string, en: name!.en as string },
      url: url!.toString(),
      certificates,
    };
    if (typeof e.entityId === "string") node.entityId = e.entityId;
    return node;
  });
}

/** Undefined when eIDAS is not configured (the method is then shown as unavailable). */
export function eidasSettingsFrom(config: CoreConfig & IdentityConfig): EidasSettings | undefined {
  if (!config.eidasNodes || !config.eidasSpSigningKey || !config.eidasSpEncryptionKey) return undefined;
  const minBits = config.environment === "production" ? MIN_PRODUCTION_RSA_BITS : 0;
  const keys = privateKeyContextOf(config);
  const nodes = readNodes(config.eidasNodes, Math.max(minBits, MIN_RSA_BITS));
  if (new Set(nodes.map((n) => n.country)).size !== nodes.length)
    throw new ConfigError("EIDAS_NODES", "a country is listed twice");
  return {
    entityId: config.publicUrl + EIDAS_METADATA_PATH,
    acsUrl: config.publicUrl + EIDAS_CALLBACK_PATH,
    providerName: "Tilts",
    organizationUrl: config.publicUrl,
    signing: readKeyPair(config.eidasSpSigningKey, "EIDAS_SP_SIGNING_KEY", minBits, keys),
    encryption: readKeyPair(config.eidasSpEncryptionKey, "EIDAS_SP_ENCRYPTION_KEY", minBits, keys),
    nodes,
    skewMs: config.eidasClockSkewSeconds * 1000,
    maxAgeMs: 5 * 60 * 1000,
  };
}
