/**
 * The access point from configuration (AS4_* keys): the Domibus P-Mode file, our key and
 * certificate, partners' certificates by party name (what Domibus keeps in its truststore) and
 * the CAs they must chain to. Every file is read and checked at start-up, so a wrong path or a
 * P-Mode naming a party without a certificate stops the start with the key that is wrong.
 */
import type { KeyObject } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { importDomibusPMode } from "@tilts/as4";
import { ConfigError, type CoreConfig } from "../config/config.ts";
import { pemCertificates, readPemCertificates } from "../config/pem-certificates.ts";
import {
  CLEAR_KEYS_ONLY,
  type PrivateKeyContext,
  privateKeyContextOf,
  readPrivateKeyFile,
} from "../config/private-key-files.ts";
import type { AccessPoint } from "./access-point.ts";
import type { DeliveryConfig } from "./config-keys.ts";

/** A CRL is fetched over plain HTTP (RFC 5280 §4.2.1.13); larger or slower ones are refused. */
const MAX_CRL_BYTES = 20 * 1024 * 1024;
const CRL_TIMEOUT_MS = 15_000;

async function fetchCrl(url: string): Promise<Uint8Array | undefined> {
  if (!/^https?:\/\//.test(url)) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CRL_TIMEOUT_MS) });
    if (!response.ok || !response.body) return undefined;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > MAX_CRL_BYTES) return undefined;
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  } catch {
    return undefined;
  }
}

/**
 * Our private key and certificate from one PEM file (key first or certificate first); the key
 * encrypted under the key-encryption secret, or clear in development.
 */
export function readKeyAndCertificate(
  path: string,
  key: string,
  keys: PrivateKeyContext = CLEAR_KEYS_ONLY,
): { key: KeyObject; certificate: Uint8Array } {
  const { pem, key: privateKey } = readPrivateKeyFile(path, key, keys);
  const [certificate] = pemCertificates(pem, key, { source: path });
  return { key: privateKey, certificate: certificate! };
}

export function configuredAccessPoint(
  config: CoreConfig & DeliveryConfig,
  now: () => Date = () => new Date(),
): AccessPoint {
  const file = config.as4PmodeFile;
  if (!file || !config.as4Key || !config.as4PartyCertificates || !config.as4TrustAnchors)
    throw new ConfigError("AS4_PMODE_FILE", "the AS4 access point is not configured");
  const own = readKeyAndCertificate(config.as4Key, "AS4_KEY", privateKeyContextOf(config));
  const certificates: Record<string, Uint8Array[]> = {};
  let entries: string[];
  try {
    entries = readdirSync(config.as4PartyCertificates).filter((name) => name.endsWith(".pem"));
  } catch {
    throw new ConfigError(
      "AS4_PARTY_CERTIFICATES",
      `${config.as4PartyCertificates} is not a readable folder`,
    );
  }
  for (const name of entries)
    certificates[basename(name, ".pem")] = readPemCertificates(
      join(config.as4PartyCertificates, name),
      "AS4_PARTY_CERTIFICATES",
    );
  let xml: string;
  try {
    xml = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError("AS4_PMODE_FILE", `${file} cannot be read`);
  }
  let pmode: AccessPoint["pmode"];
  try {
    pmode = importDomibusPMode(xml, { certificates });
  } catch (error) {
    throw new ConfigError(
      "AS4_PMODE_FILE",
      `${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (config.as4Party) pmode = { ...pmode, self: config.as4Party };
  const self = pmode.parties.find((p) => p.name === pmode.self);
  if (!self) throw new ConfigError("AS4_PARTY", `party ${pmode.self} is not in ${file}`);
  // A party without a certificate would accept any certificate under the anchors as that party
  // (the library's "no allowed list" meaning): every partner must have its own.
  const missing = pmode.parties.filter((p) => p.name !== pmode.self && p.certificates.length === 0);
  if (missing.length > 0)
    throw new ConfigError(
      "AS4_PARTY_CERTIFICATES",
      `no certificate for party ${missing.map((p) => p.name).join(", ")} (expected <party name>.pem)`,
    );
  // Our own certificate is the one our partners know us by.
  if (!self.certificates.some((c) => Buffer.from(c).equals(Buffer.from(own.certificate))))
    self.certificates = [own.certificate, ...self.certificates];
  return {
    pmode,
    key: own.key,
    certificate: own.certificate,
    trust: {
      anchors: readPemCertificates(config.as4TrustAnchors, "AS4_TRUST_ANCHORS"),
      revocation: config.as4Revocation,
      fetchCrl,
    },
    now,
  };
}
