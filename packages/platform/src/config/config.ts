/**
 * The platform's configuration: a schema of keys with types, defaults and descriptions, read
 * from the environment and, optionally, a JSON file named by TILTS_CONFIG (the environment wins).
 * A bad value stops the start with one line naming the key and the problem; unknown keys in the
 * file stop it too, and insecure development settings refuse to run in production.
 *
 * The core declares its own keys here (address, data, database, logging, testbed, audit); each
 * module declares its keys in its manifest, and the schema is the core's keys followed by the
 * modules' (MODULE_MANIFESTS), so a module's default may read the core's keys.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type KeyEncryption,
  keyEncryptionFrom,
  MIN_KEY_ENCRYPTION_SECRET_LENGTH,
} from "../core/keys/index.ts";
import {
  type AnyModuleManifest,
  boolean,
  type ConfigFragment,
  type ConfigOfModules,
  composeConfigSchema,
  integer,
  type KeySpec,
  oneOf,
  type RawValue,
  text,
  url,
} from "../core/module/index.ts";
import { MODULE_MANIFESTS } from "../manifests.ts";
import { ConfigError } from "./config-error.ts";
import { readPemCertificates } from "./pem-certificates.ts";

export type Environment = "development" | "production";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** The core's keys: what every module may read. */
export interface CoreConfig {
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
  /** Seconds between checkpoints of the audit chain (signed, time-stamped, written outside the database). */
  auditCheckpointIntervalSeconds: number;
  /** Folder of the audit checkpoint files (outside the database). */
  auditCheckpointDir: string;
  /** The operator's mail address that receives a copy of every checkpoint; absent: none is mailed. */
  auditCheckpointMailTo?: string;
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
  /** Mail relay of the platform's outbox (core/outbox): smtp:// or smtps://; absent: mail stays queued. */
  smtpUrl?: string;
  /** The From address of the platform's mail. */
  mailFrom?: string;
}

/** The core's keys and every module's. */
export type PlatformConfig = CoreConfig & ConfigOfModules<typeof MODULE_MANIFESTS>;

export { ConfigError };

/** The core's part of the schema, read first. */
export const coreConfigSchema: ConfigFragment<CoreConfig, CoreConfig> = {
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
    production: "https-address",
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
  auditCheckpointMailTo: {
    env: "AUDIT_CHECKPOINT_MAIL_TO",
    description:
      "the operator's mail address that receives a copy of every audit checkpoint through the mail outbox (a third copy, outside the database and the folder); unset: none is mailed",
    parse: (v, k) => {
      const address = text(v, k);
      if (
        address.length > 320 ||
        !/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(address)
      )
        throw new ConfigError(k, "expected a mail address such as audit@example.lv");
      return address;
    },
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
    production: "https-address",
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
  smtpUrl: {
    env: "SMTP_URL",
    description:
      "smtp://user:password@host:port or smtps://… — the mail relay of the platform's outbox (e-health's notices, CON-5; every module's mail); unset with the testbed: its SMTP stand-in on loopback (shown at /testbed/mail); unset otherwise: mail stays queued",
    parse: url("smtp:", "smtps:"),
  },
  mailFrom: {
    env: "MAIL_FROM",
    description: "the From address of the platform's mail, e.g. Tilts e-veselība <noreply@example.lv>",
    parse: text,
    default: (c) => `Tilts <noreply@${c.publicUrl ? new URL(c.publicUrl).hostname : "localhost"}>`,
  },
};

/** The schema: every key, its environment variable and its meaning (also shown by `tilts start --help`). */
export const configSchema = composeConfigSchema(
  coreConfigSchema as Record<string, KeySpec<unknown>>,
  MODULE_MANIFESTS,
) as unknown as { [K in keyof PlatformConfig]-?: KeySpec<PlatformConfig[K], Partial<PlatformConfig>> };

/**
 * The key-encryption secret the configuration names; the development default file is created on
 * first use, a file the operator named must exist. A bad secret or file stops the start.
 */
export function keyEncryptionOf(config: CoreConfig): KeyEncryption {
  const developmentDefault = configSchema.keyEncryptionKeyFile.default?.(config);
  try {
    return keyEncryptionFrom(config, config.keyEncryptionKeyFile === developmentDefault);
  } catch (error) {
    const key = config.keyEncryptionSecret ? "KEY_ENCRYPTION_SECRET" : "KEY_ENCRYPTION_KEY_FILE";
    throw new ConfigError(key, (error as Error).message);
  }
}

/** The testbed's TSA, when AUDIT_TSA_URL is left at its testbed default (answered in process). */
export function usesTestbedTsa(config: CoreConfig): boolean {
  return config.testbed && config.auditTsaUrl === `${config.publicUrl}/testbed/tsa`;
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Values given on the command line (e.g. --port); they win over everything. */
  overrides?: Partial<Record<keyof PlatformConfig, RawValue>>;
}

/** The platform's configuration: the core's keys and every module's. */
export function loadConfig(sources: ConfigSources = {}): PlatformConfig {
  return loadModulesConfig(sources, MODULE_MANIFESTS);
}

/**
 * The configuration of the core and the given modules, read and checked the same way for
 * every module: the core's keys, then each module's in manifest order; then the checks.
 */
export function loadModulesConfig<M extends readonly AnyModuleManifest[]>(
  sources: { env?: NodeJS.ProcessEnv; overrides?: Partial<Record<string, RawValue>> },
  manifests: M,
): CoreConfig & ConfigOfModules<M> {
  const schema =
    (manifests as readonly AnyModuleManifest[]) === MODULE_MANIFESTS
      ? (configSchema as Record<string, KeySpec<unknown>>)
      : composeConfigSchema(coreConfigSchema as Record<string, KeySpec<unknown>>, manifests);
  const env = sources.env ?? process.env;
  const fromFile = env.TILTS_CONFIG ? readConfigFile(env.TILTS_CONFIG, schema) : {};
  const config: Record<string, unknown> = {};
  // Keys are read in schema order, so a default may depend on keys read before it.
  for (const [key, spec] of Object.entries(schema)) {
    const raw: RawValue | undefined = sources.overrides?.[key] ?? nonEmpty(env[spec.env]) ?? fromFile[key];
    const value = raw === undefined ? spec.default?.(config) : spec.parse(raw, spec.env);
    if (raw !== undefined && spec.pemCertificates)
      readPemCertificates(value as string, spec.env, spec.pemCertificates);
    if (value !== undefined) config[key] = value;
  }
  const result = config as unknown as CoreConfig & ConfigOfModules<M>;
  if (result.environment === "production" && result.testbed) {
    throw new ConfigError(
      "TILTS_TESTBED",
      "the testbed stands in for real services and must not run in production",
    );
  }
  if (result.environment === "production") refuseInsecureProductionSettings(config, schema);
  for (const manifest of manifests) manifest.checkConfig?.(result);
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
  return result;
}

/** Secrets shorter than this are refused in production (a guessable or placeholder value). */
export const MIN_PRODUCTION_SECRET_LENGTH = 16;

/**
 * Production talks to people and outside services over TLS only, and with real secrets: an
 * `http://` address or a short secret stops the start, naming the key. Development keeps
 * loopback http for the testbed. (Identifiers that merely look like URLs, such as the VPM's
 * issuer name, are not addresses and are not checked.) Which keys are addresses and which are
 * secrets, each key's spec says (`production`).
 */
function refuseInsecureProductionSettings(
  config: Record<string, unknown>,
  schema: Record<string, KeySpec<unknown>>,
): void {
  const flagged = (kind: KeySpec<unknown>["production"]) =>
    Object.entries(schema).filter(([, spec]) => spec.production === kind);
  for (const [key, spec] of flagged("https-address")) {
    const value = config[key];
    if (typeof value === "string" && !value.startsWith("https://")) {
      throw new ConfigError(spec.env, "must be an https:// address in production");
    }
  }
  for (const [key, spec] of flagged("secret")) {
    const value = config[key];
    if (typeof value === "string" && value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new ConfigError(
        spec.env,
        `is too short for production (at least ${MIN_PRODUCTION_SECRET_LENGTH} characters)`,
      );
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function readConfigFile(path: string, schema: Record<string, KeySpec<unknown>>): Record<string, RawValue> {
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
    if (!(key in schema)) throw new ConfigError(`${path}: ${key}`, "unknown configuration key");
    if (!["string", "number", "boolean"].includes(typeof value)) {
      throw new ConfigError(`${path}: ${key}`, "must be a string, number or boolean");
    }
  }
  return parsed as Record<string, RawValue>;
}

/** The schema as text, for `--help`. */
export function describeConfig(manifests: readonly AnyModuleManifest[] = MODULE_MANIFESTS): string {
  const schema =
    (manifests as readonly AnyModuleManifest[]) === MODULE_MANIFESTS
      ? (configSchema as Record<string, KeySpec<unknown>>)
      : composeConfigSchema(coreConfigSchema as Record<string, KeySpec<unknown>>, manifests);
  return Object.values(schema)
    .map((spec) => `  ${spec.env.padEnd(14)} ${spec.description}`)
    .join("\n");
}
