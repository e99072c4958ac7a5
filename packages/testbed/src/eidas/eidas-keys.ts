/**
 * Keys and configuration files of the eIDAS testbed, created on first start in a state folder
 * (default `<data-dir>/testbed/eidas`) and kept across restarts:
 *   node-<CC>.pem             each foreign node's signing key and self-signed certificate
 *   connector-signing.pem     the platform's SAML signing key and certificate (its "generated" key)
 *   connector-encryption.pem  the platform's decryption key and certificate
 *   nodes.json                the platform's EIDAS_NODES file pointing at the stand-ins (rewritten
 *                             each start, so a changed public URL is picked up)
 * Self-signed certificates, as eIDAS metadata uses; RSA-2048 test keys (real nodes and our production
 * keys follow the eIDAS Cryptographic Requirements: 3072 bits). With a `keyPassphrase` (the
 * platform's key-encryption secret) every key is written encrypted (PKCS#8, AES-256-CBC), and a
 * clear file from an older state folder is rewritten encrypted when read.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCertificate } from "../pki/certificate-builder.ts";
import {
  certificatesFromPemOrDer,
  certificateToPem,
  isEncryptedKeyPem,
  privateKeyFromPem,
  privateKeyToPem,
} from "../pki/keys.ts";
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

function selfSigned(commonName: string, country: string, bits: number, passphrase?: string): string {
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
  return privateKeyToPem(key, passphrase) + certificateToPem(der);
}

const KEY_BLOCK =
  /-----BEGIN (?:ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:ENCRYPTED )?PRIVATE KEY-----\n?/;

/** Key and certificate of a state file; a clear key is rewritten encrypted when a passphrase is set. */
function readPair(path: string, passphrase: string | undefined): KeyAndCertificate {
  let pem = readFileSync(path, "utf8");
  const keyPem = KEY_BLOCK.exec(pem)?.[0] ?? "";
  const [certificate] = certificatesFromPemOrDer(Buffer.from(pem));
  if (isEncryptedKeyPem(keyPem)) {
    if (passphrase === undefined)
      throw new Error(`${path} is encrypted: open the eIDAS testbed with its keyPassphrase`);
    return { key: privateKeyFromPem(keyPem, passphrase), certificate: certificate!, pem };
  }
  const key = privateKeyFromPem(keyPem);
  if (passphrase !== undefined) {
    pem = pem.replace(keyPem, privateKeyToPem(key, passphrase));
    replaceFile(path, pem);
  }
  return { key, certificate: certificate!, pem };
}

function replaceFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Creates `file` in `dir` with `make()` if absent (write-then-rename); returns its path. */
function ensureFile(dir: string, file: string, make: () => string): string {
  const path = join(dir, file);
  if (!existsSync(path)) replaceFile(path, make());
  return path;
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
  /** Encrypts the keys at rest (the platform passes its key-encryption secret). */
  keyPassphrase?: string;
}): EidasTestbed {
  const dir = options.stateDir;
  const bits = options.modulusLength ?? 2048;
  const passphrase = options.keyPassphrase;
  mkdirSync(dir, { recursive: true });
  const nodes = new Map<string, KeyAndCertificate>();
  for (const c of EIDAS_TEST_COUNTRIES) {
    nodes.set(
      c.code,
      readPair(
        ensureFile(dir, `node-${c.code}.pem`, () =>
          selfSigned(`Tilts test eIDAS node ${c.code}`, c.code, bits, passphrase),
        ),
        passphrase,
      ),
    );
  }
  const connectorSigning = readPair(
    ensureFile(dir, "connector-signing.pem", () =>
      selfSigned("Tilts eIDAS connector signing (test)", "LV", bits, passphrase),
    ),
    passphrase,
  );
  const connectorEncryption = readPair(
    ensureFile(dir, "connector-encryption.pem", () =>
      selfSigned("Tilts eIDAS connector encryption (test)", "LV", bits, passphrase),
    ),
    passphrase,
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
