/**
 * The platform's configuration: a schema of keys with types, defaults and descriptions, read
 * from the environment and, optionally, a JSON file named by TILTS_CONFIG (the environment wins).
 * A bad value stops the start with one line naming the key and the problem; unknown keys in the
 * file stop it too, and insecure development settings refuse to run in production.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type KeyEncryption,
  keyEncryptionFrom,
  MIN_KEY_ENCRYPTION_SECRET_LENGTH,
} from "../core/keys/index.ts";
import { ConfigError } from "./config-error.ts";
import { readPemCertificates } from "./pem-certificates.ts";

export type Environment = "development" | "production";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface PlatformConfig {
  environment: Environment;
  host: string;
  port: number;
  /** The address people and relying parties use to reach the platform. */
  publicUrl: string;
  dataDir: string;
  /** PostgreSQL server; absent means the embedded PGlite database in dataDir. */
  databaseUrl?: string;
  logLevel: LogLevel;
  /** Mount the testbed (stand-ins for LVRTC and other outside services). */
  testbed: boolean;
  /** LVRTC's eParaksts identity service (TrustedX); absent: eParaksts sign-in is unavailable. */
  eparakstsUrl?: string;
  /** Our client id at LVRTC's identity service. */
  eparakstsClientId?: string;
  /** Our client secret at LVRTC's identity service. */
  eparakstsClientSecret?: string;
  /** Mail relay for the e-health outbox (CON-5 notices): smtp:// or smtps://; absent: mail stays queued. */
  smtpUrl?: string;
  /** The From address of the platform's mail. */
  mailFrom?: string;
  /** Latvija.lv login module (VPM) passive STS endpoint; absent: Latvija.lv sign-in is unavailable. */
  vpmUrl?: string;
  /** Our realm (wtrealm) at the VPM, as assigned at onboarding. */
  vpmRealm?: string;
  /** The assertion issuer we accept from the VPM. */
  vpmIssuer: string;
  /** PEM file with the VPM's signing certificate(s), pinned. */
  vpmSigningCertificates?: string;
  /** Clock skew tolerated on the VPM assertion's validity window, in seconds. */
  vpmClockSkewSeconds: number;
  /** The token we ask the VPM for: saml11 (its default) or saml20. */
  vpmTokenType: "saml11" | "saml20";
  /** JSON file listing the eIDAS nodes (country → URL, signing certificates, names); absent: eIDAS unavailable. */
  eidasNodes?: string;
  /** PEM file with our eIDAS SAML signing key and certificate. */
  eidasSpSigningKey?: string;
  /** PEM file with our eIDAS SAML decryption key and certificate (published in our metadata). */
  eidasSpEncryptionKey?: string;
  /** Clock skew tolerated on eIDAS responses' validity windows, in seconds. */
  eidasClockSkewSeconds: number;
  /** PEM file of the issuing CAs trusted for eID card authentication certificates (Web eID). */
  eidCardTrustedCas?: string;
  /** Certificate policy OIDs of eID card authentication certificates (level "high"). */
  eidCardHighPolicies?: string[];
  /** PEM file of the CA certificates trusted as anchors for clinical documents' XML signatures (SIG-5). */
  ehealthSignatureAnchors?: string;
  /** Seconds between checkpoints of the audit chain (signed, time-stamped, written outside the database). */
  auditCheckpointIntervalSeconds: number;
  /** Folder of the audit checkpoint files (outside the database). */
  auditCheckpointDir: string;
  /** PKCS#8 PEM file with the audit key; the default path is generated on first use. */
  auditSigningKey: string;
  /** RFC 3161 TSA that stamps checkpoints; absent (production without one): `tilts start` refuses. */
  auditTsaUrl?: string;
  /** PEM file of the trust anchors of the TSA's certificate (checked by `tilts audit verify`). */
  auditTsaTrustAnchors?: string;
  /** Encrypts private keys at rest (ID-token keys, audit key, test CA keys); wins over the key file. */
  keyEncryptionSecret?: string;
  /** File holding the key-encryption secret; development default `DATA_DIR/keys/key-encryption.key` (created). */
  keyEncryptionKeyFile?: string;
  /** PKCS#11 library of a token that holds the audit key instead of a file; with its label and PIN. */
  pkcs11Module?: string;
  pkcs11TokenLabel?: string;
  pkcs11Pin?: string;
  /** The mutual-TLS port for institutions' own systems (ANX2-7, DEV-4); absent: off. */
  systemAccessPort?: number;
  /** The address the system-access listener binds to. */
  systemAccessHost: string;
  /** PEM file with the system-access listener's certificate (and chain). */
  systemAccessServerCertificate?: string;
  /** PEM file with the system-access listener's private key (PKCS#8). */
  systemAccessServerKey?: string;
  /** PEM file of the CAs that institutions' connection certificates must chain to. */
  systemAccessClientCas?: string;
  /** Smallest RSA key of a connection certificate, in bits (ANX2-7: 2048; ANX2-14: may be raised). */
  systemAccessMinRsaBits: number;
  /** Smallest elliptic-curve key of a connection certificate, in bits (256: P-256). */
  systemAccessMinEcBits: number;
  /** Seconds between refreshes of the connection certificates' CRLs (ANX2-9: at most a day). */
  systemAccessCrlRefreshSeconds: number;
  /** The OOTS Evidence Broker's base URL (OOTS-6); absent: no EB queries. */
  ootsEbUrl?: string;
  /** The OOTS Data Service Directory's base URL (OOTS-7); absent: no DSD queries. */
  ootsDsdUrl?: string;
  /** Domibus P-Mode XML of our AS4 access point (OOTS-10); absent: the AS4 endpoint is off. */
  as4PmodeFile?: string;
  /** Our party name in the P-Mode; absent: the file's `party` attribute. */
  as4Party?: string;
  /** PEM file with our AS4 private key (PKCS#8) and certificate: signs, and decrypts what is sent to us. */
  as4Key?: string;
  /** Folder of `<party name>.pem` certificate files of our partners (Domibus keeps them in a truststore). */
  as4PartyCertificates?: string;
  /** PEM file of the CAs partners' AS4 certificates must chain to. */
  as4TrustAnchors?: string;
  /** Revocation checking of partners' certificates: require, if-available or off. */
  as4Revocation: "require" | "if-available" | "off";
  /** The path of the AS4 endpoint. */
  as4Path: string;
  /** Largest AS4 message accepted, in bytes. */
  as4MaxMessageBytes: number;
}

/** The testbed's eParaksts stand-in knows the platform by these (development only; testbed is refused in production). */
export const TESTBED_EPARAKSTS_CLIENT_ID = "tilts-platform";
export const TESTBED_EPARAKSTS_CLIENT_SECRET = "testbed-eparaksts-secret";

/** The testbed's eID CA policy (packages/testbed pki/oids.ts OID_TESTBED_POLICY_EID, under the ITU-T example arc). */
export const TESTBED_EID_CARD_POLICY = "2.999.1597.1.1";

export { ConfigError };

type Raw = string | number | boolean;

interface KeySpec<T> {
  env: string;
  description: string;
  parse: (value: Raw, key: string) => T;
  default?: (partial: Partial<PlatformConfig>) => T | undefined;
}

const integer = (min: number, max: number) => (value: Raw, key: string) => {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(
      key,
      `expected a whole number from ${min} to ${max}, got ${JSON.stringify(String(value))}`,
    );
  }
  return Number(text);
};

const oneOf =
  <T extends string>(...allowed: T[]) =>
  (value: Raw, key: string): T => {
    if (!allowed.includes(String(value) as T)) {
      throw new ConfigError(
        key,
        `expected one of ${allowed.join(", ")}, got ${JSON.stringify(String(value))}`,
      );
    }
    return String(value) as T;
  };

const text = (value: Raw, key: string): string => {
  const s = String(value).trim();
  if (!s) throw new ConfigError(key, "must not be empty");
  return s;
};

const boolean = (value: Raw, key: string): boolean => {
  if (typeof value === "boolean") return value;
  const s = String(value).toLowerCase();
  if (["1", "true", "yes", "on"].includes(s)) return true;
  if (["0", "false", "no", "off"].includes(s)) return false;
  throw new ConfigError(key, `expected true or false, got ${JSON.stringify(String(value))}`);
};

const url =
  (...protocols: string[]) =>
  (value: Raw, key: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(String(value));
    } catch {
      throw new ConfigError(key, "is not a valid URL");
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(key, `expected a ${protocols.join(" or ")} URL, got ${parsed.protocol}`);
    }
    return String(value).replace(/\/+$/, "");
  };

/** The schema: every key, its environment variable and its meaning (also shown by `tilts start --help`). */
export const configSchema: { [K in keyof PlatformConfig]-?: KeySpec<PlatformConfig[K]> } = {
  environment: {
    env: "TILTS_ENV",
    description: "development or production; production refuses insecure development settings",
    parse: oneOf("development", "production"),
    default: () => "development",
  },
  host: {
    env: "HOST",
    description: "address to listen on",
    parse: text,
    default: () => "127.0.0.1",
  },
  port: { env: "PORT", description: "TCP port to listen on", parse: integer(0, 65535), default: () => 8080 },
  publicUrl: {
    env: "PUBLIC_URL",
    description: "the URL people use to reach the platform",
    parse: url("http:", "https:"),
    default: (c) =>
      `http://${c.host === "0.0.0.0" ? "localhost" : (c.host ?? "127.0.0.1")}:${c.port ?? 8080}`,
  },
  dataDir: {
    env: "DATA_DIR",
    description: "folder for the embedded database and local state",
    parse: (v, k) => resolve(text(v, k)),
    default: () => resolve("data"),
  },
  databaseUrl: {
    env: "DATABASE_URL",
    description:
      "postgres://user:password@host:port/database — use a PostgreSQL server instead of the embedded database",
    parse: url("postgres:", "postgresql:"),
  },
  logLevel: {
    env: "LOG_LEVEL",
    description: "fatal, error, warn, info, debug, trace or silent",
    parse: oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"),
    default: () => "info",
  },
  testbed: {
    env: "TILTS_TESTBED",
    description:
      "serve the testbed (stand-ins for outside services: test PKI, trusted list, eParaksts); refused in production",
    parse: boolean,
    default: (c) => c.environment !== "production",
  },
  eparakstsUrl: {
    env: "EPARAKSTS_URL",
    description:
      "LVRTC eParaksts identity service base URL (production https://eidas.eparaksts.lv); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/eparaksts` : undefined),
  },
  eparakstsClientId: {
    env: "EPARAKSTS_CLIENT_ID",
    description: "our client id at LVRTC's eParaksts identity service",
    parse: text,
    default: (c) => (c.testbed ? TESTBED_EPARAKSTS_CLIENT_ID : undefined),
  },
  eparakstsClientSecret: {
    env: "EPARAKSTS_CLIENT_SECRET",
    description: "our client secret at LVRTC's eParaksts identity service",
    parse: text,
    default: (c) => (c.testbed ? TESTBED_EPARAKSTS_CLIENT_SECRET : undefined),
  },
  smtpUrl: {
    env: "SMTP_URL",
    description:
      "smtp://user:password@host:port or smtps://… — the mail relay for e-health notices (CON-5); unset with the testbed: its SMTP stand-in on loopback (shown at /testbed/mail); unset otherwise: mail stays queued",
    parse: url("smtp:", "smtps:"),
  },
  mailFrom: {
    env: "MAIL_FROM",
    description: "the From address of the platform's mail, e.g. Tilts e-veselība <noreply@example.lv>",
    parse: text,
    default: (c) => `Tilts <noreply@${c.publicUrl ? new URL(c.publicUrl).hostname : "localhost"}>`,
  },
  vpmUrl: {
    env: "VPM_URL",
    description:
      "Latvija.lv login module (VPM) passive STS URL (WS-Federation; from the onboarding); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/vpm/sts` : undefined),
  },
  vpmRealm: {
    env: "VPM_REALM",
    description: "our realm (wtrealm) at the VPM, as assigned at onboarding; with the testbed, PUBLIC_URL",
    parse: text,
    default: (c) => (c.testbed ? c.publicUrl : undefined),
  },
  vpmIssuer: {
    env: "VPM_ISSUER",
    description: "the VPM assertion issuer accepted",
    parse: text,
    default: () => "http://www.latvija.lv/sts",
  },
  vpmSigningCertificates: {
    env: "VPM_SIGNING_CERTIFICATES",
    description:
      "PEM file with the VPM's signing certificate(s), pinned; with the testbed, its stand-in's (created in DATA_DIR)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "vpm", "signing-certificate.pem") : undefined,
  },
  vpmClockSkewSeconds: {
    env: "VPM_CLOCK_SKEW_SECONDS",
    description: "clock skew tolerated on VPM assertions' NotBefore/NotOnOrAfter, in seconds",
    parse: integer(0, 600),
    default: () => 120,
  },
  vpmTokenType: {
    env: "VPM_TOKEN_TYPE",
    description: "the token asked of the VPM: saml11 (its default) or saml20 (asked with wreq)",
    parse: oneOf("saml11", "saml20"),
    default: () => "saml11",
  },
  eidasNodes: {
    env: "EIDAS_NODES",
    description:
      "JSON file of eIDAS nodes: [{country, name:{lv,en}, url, certificates (PEM), entityId?}]; with the testbed, its foreign-node stand-ins (created in DATA_DIR)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "nodes.json") : undefined,
  },
  eidasSpSigningKey: {
    env: "EIDAS_SP_SIGNING_KEY",
    description:
      "PEM file with our eIDAS SAML signing key (PKCS#8 RSA) and certificate; with the testbed, generated in DATA_DIR",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "connector-signing.pem") : undefined,
  },
  eidasSpEncryptionKey: {
    env: "EIDAS_SP_ENCRYPTION_KEY",
    description:
      "PEM file with our eIDAS decryption key (PKCS#8 RSA) and certificate; with the testbed, generated in DATA_DIR",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "eidas", "connector-encryption.pem") : undefined,
  },
  eidasClockSkewSeconds: {
    env: "EIDAS_CLOCK_SKEW_SECONDS",
    description:
      "clock skew tolerated on eIDAS responses' IssueInstant, NotBefore and NotOnOrAfter, in seconds",
    parse: integer(0, 600),
    default: () => 60,
  },
  eidCardTrustedCas: {
    env: "EID_CARD_TRUSTED_CAS",
    description:
      "PEM file with the issuing CAs trusted for eID card sign-in (LV eID ICAs); with the testbed, its test eID CA",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "pki", "ca", "eid.crt.pem") : undefined,
  },
  eidCardHighPolicies: {
    env: "EID_CARD_HIGH_POLICIES",
    description:
      "comma-separated certificate policy OIDs of eID card authentication certificates (level high); with the testbed, its eID policy",
    parse: (v, k) => {
      const oids = text(v, k)
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean);
      if (oids.length === 0 || oids.some((o) => !/^[0-2](\.\d{1,9}){1,20}$/.test(o)))
        throw new ConfigError(k, "expected comma-separated object identifiers such as 1.3.6.1.4.1.32061.1");
      return oids;
    },
    default: (c) => (c.testbed ? [TESTBED_EID_CARD_POLICY] : undefined),
  },
  ehealthSignatureAnchors: {
    env: "EHEALTH_SIGNATURE_ANCHORS",
    description:
      "PEM file with the CA certificates trusted as anchors for the XML signatures of clinical documents (SIG-5); unset with the testbed: its test root CA; unset otherwise: no signature is valid",
    // Read at load so a missing file, one without a PEM certificate or with a non-CA stops the start.
    parse: (v, k) => {
      const path = resolve(text(v, k));
      readPemCertificates(path, k, { requireCa: true });
      return path;
    },
  },
  auditCheckpointIntervalSeconds: {
    env: "AUDIT_CHECKPOINT_INTERVAL_SECONDS",
    description:
      "seconds between checkpoints of the audit log (head hash signed with the audit key, time-stamped, written to AUDIT_CHECKPOINT_DIR); one more at shutdown",
    parse: integer(10, 86400),
    default: () => 300,
  },
  auditCheckpointDir: {
    env: "AUDIT_CHECKPOINT_DIR",
    description:
      "folder of the audit checkpoint files, outside the database (best on storage the database's administrators cannot write)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) => resolve(c.dataDir ?? "data", "audit-checkpoints"),
  },
  auditSigningKey: {
    env: "AUDIT_SIGNING_KEY",
    description:
      "PKCS#8 PEM file with the audit key (Ed25519, ECDSA P-256/P-384 or RSA) that signs checkpoints; unset: an Ed25519 key generated in DATA_DIR/audit-key (mode 0600)",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) => resolve(c.dataDir ?? "data", "audit-key", "audit-signing-key.pem"),
  },
  auditTsaUrl: {
    env: "AUDIT_TSA_URL",
    description:
      "RFC 3161 time-stamping service for audit checkpoints (a qualified TSA in production, where it is required); with the testbed, its TSA",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/tsa` : undefined),
  },
  auditTsaTrustAnchors: {
    env: "AUDIT_TSA_TRUST_ANCHORS",
    description:
      "PEM file of the CA certificates the audit TSA's certificate must chain to; with the testbed, its test root CA",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "pki", "ca", "root.crt.pem") : undefined,
  },
  // Private keys at rest (CON-13): the secret that encrypts them never lives in the database.
  keyEncryptionSecret: {
    env: "KEY_ENCRYPTION_SECRET",
    description: `secret (at least ${MIN_KEY_ENCRYPTION_SECRET_LENGTH} characters, e.g. 32 random bytes in base64url) that encrypts private keys at rest: ID-token signing keys, the audit key, the testbed's CA keys (encrypted PKCS#8, \`openssl pkey -passin\` reads them); production needs it or KEY_ENCRYPTION_KEY_FILE`,
    parse: (v, k) => {
      const secret = text(v, k);
      if (secret.length < MIN_KEY_ENCRYPTION_SECRET_LENGTH)
        throw new ConfigError(k, `must be at least ${MIN_KEY_ENCRYPTION_SECRET_LENGTH} characters`);
      return secret;
    },
  },
  keyEncryptionKeyFile: {
    env: "KEY_ENCRYPTION_KEY_FILE",
    description:
      "file holding the key-encryption secret (mode 0600, best outside the data folder and its backups); development default DATA_DIR/keys/key-encryption.key, created on first start",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.environment === "production" ? undefined : resolve(c.dataDir ?? "data", "keys", "key-encryption.key"),
  },
  pkcs11Module: {
    env: "PKCS11_MODULE",
    description:
      "PKCS#11 library of a token (HSM) that holds the audit checkpoint key (ECDSA P-256, generated in the token, label tilts-audit-checkpoint) instead of AUDIT_SIGNING_KEY; needs PKCS11_TOKEN_LABEL and PKCS11_PIN",
    parse: (v, k) => resolve(text(v, k)),
  },
  pkcs11TokenLabel: { env: "PKCS11_TOKEN_LABEL", description: "label of the PKCS#11 token", parse: text },
  pkcs11Pin: { env: "PKCS11_PIN", description: "user PIN of the PKCS#11 token", parse: text },
  ootsEbUrl: {
    env: "OOTS_EB_URL",
    description:
      "base URL of the OOTS Evidence Broker (OOTS-6), queried at «base»/rest/search (acceptance https://query.cs.acc.oots.tech.ec.europa.eu/eb, production https://query.cs.oots.tech.ec.europa.eu/eb); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/oots/eb` : undefined),
  },
  ootsDsdUrl: {
    env: "OOTS_DSD_URL",
    description:
      "base URL of the OOTS Data Service Directory (OOTS-7), queried at «base»/rest/search (acceptance https://query.cs.acc.oots.tech.ec.europa.eu/dsd, production https://query.cs.oots.tech.ec.europa.eu/dsd); with the testbed, its stand-in",
    parse: url("http:", "https:"),
    default: (c) => (c.testbed ? `${c.publicUrl}/testbed/oots/dsd` : undefined),
  },
  systemAccessPort: {
    env: "SYSTEM_ACCESS_PORT",
    description:
      "TCP port of the mutual-TLS listener for institutions' own systems (ANX2-7, DEV-4); unset: off",
    parse: integer(0, 65535),
  },
  systemAccessHost: {
    env: "SYSTEM_ACCESS_HOST",
    description: "address the system-access listener binds to (default HOST)",
    parse: text,
    default: (c) => c.host,
  },
  systemAccessServerCertificate: {
    env: "SYSTEM_ACCESS_SERVER_CERTIFICATE",
    description:
      "PEM file with the system-access listener's certificate (and chain); with the testbed, issued from its PKI into DATA_DIR/ehealth/system-access on first start",
    parse: (v, k) => {
      const path = resolve(text(v, k));
      readPemCertificates(path, k);
      return path;
    },
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "ehealth", "system-access", "server.crt.pem") : undefined,
  },
  systemAccessServerKey: {
    env: "SYSTEM_ACCESS_SERVER_KEY",
    description:
      "PKCS#8 PEM file with the system-access listener's private key; with the testbed, generated beside its certificate",
    parse: (v, k) => resolve(text(v, k)),
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "ehealth", "system-access", "server.key.pem") : undefined,
  },
  systemAccessClientCas: {
    env: "SYSTEM_ACCESS_CLIENT_CAS",
    description:
      "PEM file with the CAs institutions' connection certificates must chain to (ANX2-8); with the testbed, its organisation CA",
    parse: (v, k) => {
      const path = resolve(text(v, k));
      readPemCertificates(path, k, { requireCa: true });
      return path;
    },
    default: (c) =>
      c.testbed && c.dataDir ? resolve(c.dataDir, "testbed", "pki", "ca", "org.crt.pem") : undefined,
  },
  systemAccessMinRsaBits: {
    env: "SYSTEM_ACCESS_MIN_RSA_BITS",
    description:
      "smallest RSA key of a connection certificate in bits (ANX2-7: 2048; the operator may raise it, ANX2-14)",
    parse: integer(2048, 16384),
    default: () => 2048,
  },
  systemAccessMinEcBits: {
    env: "SYSTEM_ACCESS_MIN_EC_BITS",
    description:
      "smallest elliptic-curve key of a connection certificate in bits (256 = P-256; 384, 521 raise it)",
    parse: integer(256, 521),
    default: () => 256,
  },
  systemAccessCrlRefreshSeconds: {
    env: "SYSTEM_ACCESS_CRL_REFRESH_SECONDS",
    description:
      "seconds between refreshes of the connection certificates' CRLs; a revoked certificate's open connections close within one (ANX2-9: at most 86400)",
    parse: integer(1, 86_400),
    default: () => 3600,
  },
  as4PmodeFile: {
    env: "AS4_PMODE_FILE",
    description:
      "Domibus P-Mode XML file of our AS4 access point (OOTS-10: parties, processes, legs); unset: no AS4 endpoint and no AS4 sending",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4Party: {
    env: "AS4_PARTY",
    description: "our party name in the AS4 P-Mode file; unset: the file's party attribute",
    parse: text,
  },
  as4Key: {
    env: "AS4_KEY",
    description:
      "PEM file with our AS4 private key (PKCS#8) and its certificate: signs our messages and receipts, decrypts what partners send",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4PartyCertificates: {
    env: "AS4_PARTY_CERTIFICATES",
    description:
      "folder of partners' AS4 certificates, one <party name>.pem per P-Mode party (what Domibus keeps in its truststore)",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4TrustAnchors: {
    env: "AS4_TRUST_ANCHORS",
    description:
      "PEM file of the CAs partners' AS4 certificates must chain to (with their intermediates, if any)",
    parse: (v, k) => resolve(text(v, k)),
  },
  as4Revocation: {
    env: "AS4_REVOCATION",
    description:
      "revocation checking of partners' AS4 certificates (CRLs from their distribution points): require, if-available or off",
    parse: oneOf("require", "if-available", "off"),
    default: () => "require",
  },
  as4Path: {
    env: "AS4_PATH",
    description: "the path of the AS4 endpoint partners post to",
    parse: (v, k) => {
      const path = text(v, k);
      if (!/^\/[A-Za-z0-9/_.-]{0,200}$/.test(path)) throw new ConfigError(k, "expected a path such as /as4");
      return path;
    },
    default: () => "/as4",
  },
  as4MaxMessageBytes: {
    env: "AS4_MAX_MESSAGE_BYTES",
    description: "largest AS4 message accepted, in bytes (MIME envelope and payloads together)",
    parse: integer(1024, 1024 * 1024 * 1024),
    default: () => 64 * 1024 * 1024,
  },
};

/**
 * The key-encryption secret the configuration names; the development default file is created on
 * first use, a file the operator named must exist. A bad secret or file stops the start.
 */
export function keyEncryptionOf(config: PlatformConfig): KeyEncryption {
  const developmentDefault = configSchema.keyEncryptionKeyFile.default?.(config);
  try {
    return keyEncryptionFrom(config, config.keyEncryptionKeyFile === developmentDefault);
  } catch (error) {
    const key = config.keyEncryptionSecret ? "KEY_ENCRYPTION_SECRET" : "KEY_ENCRYPTION_KEY_FILE";
    throw new ConfigError(key, (error as Error).message);
  }
}

/** The testbed's TSA, when AUDIT_TSA_URL is left at its testbed default (answered in process). */
export function usesTestbedTsa(config: PlatformConfig): boolean {
  return config.testbed && config.auditTsaUrl === `${config.publicUrl}/testbed/tsa`;
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Values given on the command line (e.g. --port); they win over everything. */
  overrides?: Partial<Record<keyof PlatformConfig, Raw>>;
}

export function loadConfig(sources: ConfigSources = {}): PlatformConfig {
  const env = sources.env ?? process.env;
  const fromFile = env.TILTS_CONFIG ? readConfigFile(env.TILTS_CONFIG) : {};
  const config: Partial<PlatformConfig> = {};
  // Keys are read in schema order, so a default may depend on keys read before it.
  for (const key of Object.keys(configSchema) as (keyof PlatformConfig)[]) {
    const spec = configSchema[key] as KeySpec<unknown>;
    const raw: Raw | undefined = sources.overrides?.[key] ?? nonEmpty(env[spec.env]) ?? fromFile[key];
    const value = raw === undefined ? spec.default?.(config) : spec.parse(raw, spec.env);
    if (value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  const result = config as PlatformConfig;
  if (result.environment === "production" && result.testbed) {
    throw new ConfigError(
      "TILTS_TESTBED",
      "the testbed stands in for real services and must not run in production",
    );
  }
  if (
    result.environment === "production" &&
    result.eparakstsClientSecret === TESTBED_EPARAKSTS_CLIENT_SECRET
  ) {
    throw new ConfigError("EPARAKSTS_CLIENT_SECRET", "the testbed's secret must not be used in production");
  }
  if (result.environment === "production") refuseInsecureProductionSettings(result);
  if (result.pkcs11Module && (!result.pkcs11TokenLabel || !result.pkcs11Pin))
    throw new ConfigError(
      result.pkcs11TokenLabel ? "PKCS11_PIN" : "PKCS11_TOKEN_LABEL",
      "PKCS11_MODULE is set: the token's label and PIN are needed too",
    );
  if (result.environment === "production" && !result.keyEncryptionSecret && !result.keyEncryptionKeyFile)
    throw new ConfigError(
      "KEY_ENCRYPTION_SECRET",
      "production keeps private keys encrypted: set it or KEY_ENCRYPTION_KEY_FILE",
    );
  // Latvija.lv needs all three from the onboarding; one without the others is a mistake, not "off".
  if (result.vpmUrl && (!result.vpmRealm || !result.vpmSigningCertificates)) {
    throw new ConfigError(
      result.vpmRealm ? "VPM_SIGNING_CERTIFICATES" : "VPM_REALM",
      "VPM_URL is set: VPM_REALM and VPM_SIGNING_CERTIFICATES are needed too",
    );
  }
  // The listener needs its own key, certificate and client CAs; without them "on" would be a mistake.
  if (result.systemAccessPort !== undefined) {
    for (const key of [
      "systemAccessServerCertificate",
      "systemAccessServerKey",
      "systemAccessClientCas",
    ] as const)
      if (!result[key])
        throw new ConfigError(configSchema[key].env, "SYSTEM_ACCESS_PORT is set: this file is needed too");
  }
  if (result.as4PmodeFile) {
    for (const key of ["as4Key", "as4PartyCertificates", "as4TrustAnchors"] as const)
      if (!result[key])
        throw new ConfigError(configSchema[key].env, "AS4_PMODE_FILE is set: this is needed too");
  }
  return result;
}

/** Secrets shorter than this are refused in production (a guessable or placeholder value). */
export const MIN_PRODUCTION_SECRET_LENGTH = 16;

/** Addresses the platform is reached at or reaches out to: TLS only in production. */
const PRODUCTION_TLS_ADDRESSES = ["publicUrl", "eparakstsUrl", "vpmUrl", "auditTsaUrl"] as const;
/** Secrets given in configuration. */
const SECRETS = ["eparakstsClientSecret"] as const;

/**
 * Production talks to people and outside services over TLS only, and with real secrets: an
 * `http://` address or a short secret stops the start, naming the key. Development keeps
 * loopback http for the testbed. (Identifiers that merely look like URLs, such as the VPM's
 * issuer name, are not addresses and are not checked.)
 */
function refuseInsecureProductionSettings(config: PlatformConfig): void {
  for (const key of PRODUCTION_TLS_ADDRESSES) {
    const value = config[key];
    if (value !== undefined && !value.startsWith("https://")) {
      throw new ConfigError(configSchema[key].env, "must be an https:// address in production");
    }
  }
  for (const key of SECRETS) {
    const value = config[key];
    if (value !== undefined && value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new ConfigError(
        configSchema[key].env,
        `is too short for production (at least ${MIN_PRODUCTION_SECRET_LENGTH} characters)`,
      );
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function readConfigFile(path: string): Partial<Record<keyof PlatformConfig, Raw>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError("TILTS_CONFIG", `cannot read ${path}: ${why}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError("TILTS_CONFIG", `${path} must hold a JSON object`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in configSchema)) throw new ConfigError(`${path}: ${key}`, "unknown configuration key");
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw new ConfigError(`${path}: ${key}`, "must be a string, number or boolean");
    }
  }
  return parsed as Partial<Record<keyof PlatformConfig, Raw>>;
}

/** The schema as text, for `--help`. */
export function describeConfig(): string {
  return Object.values(configSchema)
    .map((spec) => `  ${spec.env.padEnd(14)} ${spec.description}`)
    .join("\n");
}
