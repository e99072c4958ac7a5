import { existsSync } from "node:fs";
import {
  AuditKeyError,
  type AuditPublicKey,
  type CheckpointProblem,
  type CheckpointVerdict,
  publicKeyPathOf,
  readAuditPublicKey,
  verifyAuditChain,
  verifyAuditCheckpoints,
} from "../../audit/index.ts";
import { ConfigError, loadConfig, type PlatformConfig } from "../../config/config.ts";
import { readPemCertificates } from "../../config/pem-certificates.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import type { Command } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

export const auditVerifyCommand: Command = {
  path: ["audit", "verify"],
  summary:
    "check the audit log's hash chain and its signed, time-stamped checkpoints; report changed, removed or moved records",
  help: `Usage: tilts audit verify [--data-dir DIR] [--public-key FILE] [--checkpoint-dir DIR] [--json]

Walks the audit log from its first record, recomputing each record's hash and its link to the
one before, and reports the first record that was changed, removed or moved. Then checks every
checkpoint, in the database and in the checkpoint folder: signed by the audit key, time-stamped
by a TSA trusted through AUDIT_TSA_TRUST_ANCHORS at the time it claims, and sealing the hash the
record at its position has — so a rewrite or a cut made before the last checkpoint is found
even when every later hash and the head were recomputed. Records appended in the last moment
are not linked yet (the running platform's linker links them within a second; tilts audit seal
links them too): they are counted as unlinked and checked to form the log's end. Checking
changes nothing. See docs/audit-events.md.

Options:
  --data-dir DIR        folder of the embedded database and local state (default ./data; env DATA_DIR)
  --public-key FILE     the audit public key (SPKI PEM) or key (PKCS#8 PEM); default AUDIT_SIGNING_KEY
  --checkpoint-dir DIR  the checkpoint folder, e.g. a copy kept elsewhere (default AUDIT_CHECKPOINT_DIR)
  --json                print one JSON object: {"intact": bool, "records": n, "unlinked": n, "problem": null |
                        {"kind": "changed"|"removed"|"reordered"|"checkpoint", "seq": "n", "message": "…",
                        "code"?: checkpoint code}, "checkpoints": {"checked": n, "lastSealedSeq": "n" | null,
                        "unsealedRecords": n, "problems": [{"code", "seq", "message"}]}}

Checkpoint codes: chain-rewritten (the record at a checkpoint's position lost its sealed hash),
chain-truncated (the log ends before a checkpoint's position), checkpoint-signature-invalid,
checkpoint-time-stamp-invalid, checkpoint-missing-from-database, checkpoint-missing-from-folder,
checkpoint-copies-differ, checkpoint-malformed.

Exit codes: 0 the chain and every checkpoint are intact; 1 records were changed, removed or
moved (the chain, or chain-rewritten / chain-truncated); 2 bad configuration or usage; 3 the
database is unavailable; 4 the records verify but a checkpoint is wrong or missing.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        "data-dir": { type: "string" },
        "public-key": { type: "string" },
        "checkpoint-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    const config = loadConfig({
      env: io.env,
      overrides: { dataDir: values["data-dir"], auditCheckpointDir: values["checkpoint-dir"] },
    });
    const publicKey = publicKeyOf(values["public-key"], config);
    const tsaAnchors =
      config.auditTsaTrustAnchors && existsSync(config.auditTsaTrustAnchors)
        ? readPemCertificates(config.auditTsaTrustAnchors, "AUDIT_TSA_TRUST_ANCHORS")
        : [];
    // Checking creates nothing: a folder without a database is a mistake to report, not to fill.
    const database = await openConfiguredDatabase(config, { existing: true });
    try {
      const verdict = await verifyAuditChain(database.db);
      const checkpoints = await verifyAuditCheckpoints(database.db, {
        dir: config.auditCheckpointDir,
        publicKey,
        tsaAnchors,
      });
      const first = checkpoints.problems[0];
      const recordsTouched = !verdict.intact || checkpoints.problems.some((p) => p.code.startsWith("chain-"));
      const intact = verdict.intact && !first;
      const problem = !verdict.intact ? verdict.problem : first ? asProblem(checkpoints.problems) : null;
      if (values.json) {
        const unlinked = verdict.intact ? verdict.unlinked : 0;
        io.stdout(
          `${JSON.stringify({ intact, records: verdict.records, unlinked, problem, checkpoints })}\n`,
        );
      } else {
        io.stdout(
          describe(verdict.intact ? undefined : verdict.problem, verdict.records, checkpoints) +
            (verdict.intact && verdict.unlinked > 0
              ? `${verdict.unlinked} record(s) at the end are not linked into the chain yet; the database refuses to change them.\n`
              : ""),
        );
      }
      return intact ? 0 : recordsTouched ? 1 : 4;
    } finally {
      await database.close();
    }
  },
};

/**
 * The audit public key: --public-key, else the configured key file if it exists, else the public
 * key beside its path (a key held in a PKCS#11 token writes only that).
 */
function publicKeyOf(path: string | undefined, config: PlatformConfig): AuditPublicKey | undefined {
  const beside = publicKeyPathOf(config.auditSigningKey);
  const file = path ?? (existsSync(config.auditSigningKey) ? config.auditSigningKey : beside);
  if (!path && !existsSync(file)) return undefined;
  try {
    return readAuditPublicKey(file);
  } catch (error) {
    if (error instanceof AuditKeyError)
      throw new ConfigError(path ? "--public-key" : "AUDIT_SIGNING_KEY", error.message);
    throw error;
  }
}

/** The first checkpoint problem in the existing `problem` shape; record problems first. */
function asProblem(problems: CheckpointProblem[]) {
  const first = problems.find((p) => p.code.startsWith("chain-")) ?? problems[0]!;
  const kind =
    first.code === "chain-rewritten"
      ? "changed"
      : first.code === "chain-truncated"
        ? "removed"
        : "checkpoint";
  return { kind, seq: first.seq, message: first.message, code: first.code };
}

function describe(
  chainProblem: { kind: string; seq: string; message: string } | undefined,
  records: number,
  checkpoints: CheckpointVerdict,
): string {
  const lines: string[] = [];
  if (chainProblem)
    lines.push(
      `The audit log is BROKEN at record ${chainProblem.seq} (${chainProblem.kind}): ${chainProblem.message}`,
    );
  for (const p of checkpoints.problems)
    lines.push(`The audit log is BROKEN at checkpoint ${p.seq} (${p.code}): ${p.message}`);
  if (lines.length === 0) {
    lines.push(`The audit log is intact: ${records} record(s) verified.`);
    lines.push(
      checkpoints.lastSealedSeq === null
        ? "No checkpoint seals it yet: only the chain protects it."
        : `${checkpoints.checked} checkpoint(s) verified; sealed up to record ${checkpoints.lastSealedSeq}, ${checkpoints.unsealedRecords} record(s) after it are protected by the chain alone.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
