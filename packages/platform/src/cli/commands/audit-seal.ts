/**
 * `tilts audit seal`: seal a checkpoint of the audit log now (before a backup, or where no server
 * runs). Also the composition of sealing from configuration, which `tilts start` uses for its
 * sealer: the audit key file, the TSA (the testbed's answered in process when AUDIT_TSA_URL is
 * its default, else RFC 3161 over HTTP) and the checkpoint folder.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  AuditChainError,
  AuditKeyError,
  type AuditSigningKey,
  auditSigningKeyOfSigner,
  ensureGeneratedAuditKey,
  httpTimeStampAuthority,
  publicKeyPathOf,
  readAuditSigningKey,
  sealAuditCheckpoint,
  type TimeStampAuthority,
  TimeStampError,
} from "../../audit/index.ts";
import {
  ConfigError,
  configSchema,
  keyEncryptionOf,
  loadConfig,
  type PlatformConfig,
  usesTestbedTsa,
} from "../../config/config.ts";
import { KeyEncryptionError, openPkcs11Token } from "../../core/keys/index.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import type { Command } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

export interface AuditSealing {
  key: AuditSigningKey;
  tsa: TimeStampAuthority;
  dir: string;
}

/** The label of the audit checkpoint key in a PKCS#11 token. */
export const AUDIT_PKCS11_KEY_LABEL = "tilts-audit-checkpoint";

/**
 * The audit key: in the PKCS#11 token when one is configured (generated there on first use; its
 * public key written beside AUDIT_SIGNING_KEY's path for auditors), else the configured PKCS#8
 * file, or the default path, generated on first use.
 */
export function auditSigningKeyOf(config: PlatformConfig): AuditSigningKey {
  if (config.pkcs11Module) return auditKeyInToken(config);
  const generated = configSchema.auditSigningKey?.default?.(config);
  try {
    const encryption = keyEncryptionOf(config);
    return config.auditSigningKey === generated
      ? ensureGeneratedAuditKey(config.auditSigningKey, encryption)
      : readAuditSigningKey(config.auditSigningKey, encryption);
  } catch (error) {
    if (error instanceof AuditKeyError) throw new ConfigError("AUDIT_SIGNING_KEY", error.message);
    throw error;
  }
}

function auditKeyInToken(config: PlatformConfig): AuditSigningKey {
  let key: AuditSigningKey;
  try {
    const token = openPkcs11Token({
      module: config.pkcs11Module!,
      tokenLabel: config.pkcs11TokenLabel!,
      pin: config.pkcs11Pin!,
    });
    // The session stays open for the process: every checkpoint is signed by the token.
    key = auditSigningKeyOfSigner(token.signer(AUDIT_PKCS11_KEY_LABEL), "the PKCS#11 audit key");
  } catch (error) {
    if (error instanceof KeyEncryptionError) throw new ConfigError("PKCS11_MODULE", error.message);
    throw error;
  }
  const publicFile = publicKeyPathOf(config.auditSigningKey);
  mkdirSync(dirname(publicFile), { recursive: true, mode: 0o700 });
  writeFileSync(publicFile, key.publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  return key;
}

export async function auditSealingOf(config: PlatformConfig): Promise<AuditSealing> {
  if (!config.auditTsaUrl)
    throw new ConfigError(
      "AUDIT_TSA_URL",
      "audit checkpoints need a time-stamping service (a qualified TSA)",
    );
  return {
    key: auditSigningKeyOf(config),
    tsa: await tsaOf(config, config.auditTsaUrl),
    dir: config.auditCheckpointDir,
  };
}

async function tsaOf(config: PlatformConfig, url: string): Promise<TimeStampAuthority> {
  if (!usesTestbedTsa(config)) return httpTimeStampAuthority(url);
  // The testbed's TSA in process, as the e-health demo's signer uses it (modules.ts): it still
  // answers while the server shuts down, when the last checkpoint is sealed.
  const testbed = await import("@tilts/testbed");
  const pki = testbed.TestPki.openOrCreate(join(config.dataDir, "testbed", "pki"), {
    baseUrl: `${config.publicUrl}/testbed`,
    keyPassphrase: keyEncryptionOf(config).pkcs8Passphrase(),
  });
  return async (request) => testbed.respondToTimeStampRequest(pki, request);
}

export const auditSealCommand: Command = {
  path: ["audit", "seal"],
  summary: "seal a checkpoint of the audit log now: signed, time-stamped, written to the checkpoint folder",
  help: `Usage: tilts audit seal [--data-dir DIR] [--json]

Signs the audit chain's head (position and hash) with the audit key, has the TSA time-stamp the
signature (RFC 3161), and writes the checkpoint to AUDIT_CHECKPOINT_DIR and to the database.
The server does this every AUDIT_CHECKPOINT_INTERVAL_SECONDS and when it stops; a head already
sealed is not sealed again.

Options:
  --data-dir DIR   folder of the embedded database and local state (default ./data; env DATA_DIR)
  --json           print one JSON object: {"sealed": bool, "seq": "n" | null, "file": path | null,
                   "reason": null | "empty-log" | "already-sealed" | "sealed-elsewhere"}

Exit codes: 0 sealed, or nothing new to seal; 1 the TSA refused or could not be reached, or
the log no longer has the hash the last checkpoint sealed (run tilts audit verify);
2 bad configuration or usage; 3 the database is unavailable.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const sealing = await auditSealingOf(config);
    const database = await openConfiguredDatabase(config, { existing: true });
    try {
      const result = await sealAuditCheckpoint(database.db, sealing);
      if (values.json) {
        io.stdout(
          `${JSON.stringify({
            sealed: result.sealed,
            seq: result.sealed ? result.checkpoint.seq : null,
            file: result.sealed ? result.file : null,
            reason: result.sealed ? null : result.reason,
          })}\n`,
        );
      } else {
        io.stdout(
          result.sealed
            ? `Sealed the audit log at record ${result.checkpoint.seq}: ${result.file}\n`
            : `Nothing to seal (${result.reason}).\n`,
        );
      }
      return 0;
    } catch (error) {
      if (!(error instanceof TimeStampError || error instanceof AuditChainError)) throw error;
      io.stderr(`tilts: the audit checkpoint was not sealed: ${error.message}\n`);
      return 1;
    } finally {
      await database.close();
    }
  },
};
