/**
 * Keys and configuration files of the eIDAS testbed, created on first start in a state folder
 * (default `<data-dir>/testbed/eidas`) and kept across restarts:
 *   node-<CC>.pem             each foreign node's signing key and self-signed certificate
 *   connector-signing.pem     the platform's SAML signing key and certificate (its "generated" key)
 *   connector-encryption.pem  the platform's decryption key and certificate
 *   nodes.json                the platform's EIDAS_NODES file pointing at the stand-ins (rewritten
 *                             each start, so a changed public URL is picked up)
 * Self-signed certificates, as eIDAS metadata uses; RSA-2048 test keys (real nodes and our production
 * keys follow the eIDAS Cryptographic Requirements: 3072 bits).
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCertificate } from "../pki/certificate-builder.ts";
import { certificatesFromPemOrDer, certificateToPem, privateKeyToPem } from "../pki/keys.ts";
import { buildName } from "../pki/names.ts";

export interface EidasTestCountry {
  code: string;
  name: { lv: string; en: string };
}

/** The stand-in countries. */
export const EIDAS_TEST_COUNTRIES: readonly EidasTestCountry[] = [
  { code: "EE", name: { lv: "Igaunija (testa mezgls)", en: "Estonia (test node)" } },
  { code: "LT", name: { lv: "Lietuva (testa mezgls)", en: "Lithuania (test node)" } },
];

export interface KeyAndCertificate {
  key: KeyObject;
  certificate: Uint8Array;
  pem: string;
}

function selfSigned(commonName: string, country: string, bits: number): string {
  const key = generateKeyPairSync("rsa", { modulusLength: bits }).privateKey;
  const name = buildName({ country, organization: "Tilts testbed", commonName });
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = (serial[0]! & 0x7f) | 1;
  const now = Date.now();
  const der = buildCertificate({
    serial,
    issuer: name,
    subject: name,
    publicKey: key,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 5 * 365 * 24 * 3600_000),
    extensions: [],
    signerKey: key,
  });
  return privateKeyToPem(key) + certificateToPem(der);
}

function readPair(pem: string): KeyAndCertificate {
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0] ?? "";
  const [certificate] = certificatesFromPemOrDer(Buffer.from(pem));
  return { key: createPrivateKey(keyPem), certificate: certificate!, pem };
}

/** Reads `file` in `dir`, creating it with `make()` first if absent (write-then-rename). */
function ensureFile(dir: string, file: string, make: () => string): string {
  const path = join(dir, file);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, make(), { mode: 0o600 });
    renameSync(tmp, path);
  }
  return readFileSync(path, "utf8");
}

export function nodeSsoPath(country: string): string {
  return `/${country}/sso`;
}

export interface EidasTestbed {
  stateDir: string;
  nodes: Map<string, KeyAndCertificate>;
  connectorSigning: KeyAndCertificate;
  connectorEncryption: KeyAndCertificate;
}

/**
 * Makes sure every key exists and writes nodes.json for a stand-in reachable at `baseUrl`
 * (e.g. `${PUBLIC_URL}/testbed/eidas`).
 */
export function ensureEidasTestbed(options: {
  stateDir: string;
  baseUrl: string;
  /**
   * RSA key size of keys created now. Default 2048: these are test keys, and every fresh test
   * platform creates four of them (3072, what eIDAS asks of real nodes, takes ~3 s each here).
   */
  modulusLength?: number;
}): EidasTestbed {
  const dir = options.stateDir;
  const bits = options.modulusLength ?? 2048;
  mkdirSync(dir, { recursive: true });
  const nodes = new Map<string, KeyAndCertificate>();
  for (const c of EIDAS_TEST_COUNTRIES) {
    nodes.set(
      c.code,
      readPair(
        ensureFile(dir, `node-${c.code}.pem`, () =>
          selfSigned(`Tilts test eIDAS node ${c.code}`, c.code, bits),
        ),
      ),
    );
  }
  const connectorSigning = readPair(
    ensureFile(dir, "connector-signing.pem", () =>
      selfSigned("Tilts eIDAS connector signing (test)", "LV", bits),
    ),
  );
  const connectorEncryption = readPair(
    ensureFile(dir, "connector-encryption.pem", () =>
      selfSigned("Tilts eIDAS connector encryption (test)", "LV", bits),
    ),
  );
  const list = EIDAS_TEST_COUNTRIES.map((c) => ({
    country: c.code,
    name: c.name,
    url: `${options.baseUrl}${nodeSsoPath(c.code)}`,
    entityId: `${options.baseUrl}/${c.code}/metadata`,
    certificates: certificateToPem(nodes.get(c.code)!.certificate),
  }));
  const tmp = join(dir, `nodes.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(list, null, 2)}\n`);
  renameSync(tmp, join(dir, "nodes.json"));
  return { stateDir: dir, nodes, connectorSigning, connectorEncryption };
}
