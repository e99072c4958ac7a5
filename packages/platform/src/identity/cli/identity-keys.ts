import { appendAuditRecord } from "../../audit/index.ts";
import type { Command } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { keyEncryptionOf, loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";

function parse(args: string[]): { "data-dir"?: string; json?: boolean } {
  return parseCommandArgs({ args, options: { "data-dir": { type: "string" }, json: { type: "boolean" } } })
    .values;
}

/** Mirrors identity's RETIRED_KEY_PUBLICATION_MS (24 h) for the help text; the CLI loads the module lazily. */
const hours = 24;

export const identityKeysRotateCommand: Command = {
  path: ["identity", "keys", "rotate"],
  summary: "add a new ID-token signing key; the old one stays published until its tokens expire",
  help: `Usage: tilts identity keys rotate [--data-dir DIR] [--json]

Generates a new RSA 2048 signing key (RS256) in the database; it signs every new ID token. The
previous key is retired but stays in the JWKS for ${hours} hours, far beyond the ID tokens'
10-minute life, so tokens it signed still verify. Keys retired longer ago are removed.
Running servers pick the new key up within a minute (or at restart).

Options:
  --json   print {"new_kid","retired":[…],"removed":[…]}

Exit codes: 0 rotated; 2 bad usage; 3 the database is unavailable.`,
  async run(args, io) {
    const values = parse(args);
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const { rotateSigningKey } = await import("../index.ts");
      const result = await rotateSigningKey(database.db, keyEncryptionOf(config));
      await appendAuditRecord(database.db, {
        actor: "cli",
        action: "identity.keys.rotated",
        object: `signing-key:${result.newKid}`,
        outcome: "success",
      });
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ new_kid: result.newKid, retired: result.retired, removed: result.removed })}\n`,
        );
      } else {
        io.stdout(
          `New signing key ${result.newKid}.\n` +
            (result.retired.length
              ? `Retired (published ${hours} h more): ${result.retired.join(", ")}\n`
              : "") +
            (result.removed.length ? `Removed: ${result.removed.join(", ")}\n` : ""),
        );
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};

export const identityKeysListCommand: Command = {
  path: ["identity", "keys", "list"],
  summary: "list ID-token signing keys and whether each is active, published or expired",
  help: `Usage: tilts identity keys list [--data-dir DIR] [--json]

Options:
  --json   print a JSON array of {"kid","created_at","retired_at","state"}

Exit codes: 0 listed; 2 bad usage; 3 the database is unavailable.`,
  async run(args, io) {
    const values = parse(args);
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db);
      const { listSigningKeys } = await import("../index.ts");
      const keys = await listSigningKeys(database.db);
      if (values.json) {
        io.stdout(
          `${JSON.stringify(
            keys.map((k) => ({
              kid: k.kid,
              created_at: k.createdAt.toISOString(),
              retired_at: k.retiredAt?.toISOString() ?? null,
              state: k.state,
            })),
          )}\n`,
        );
      } else if (keys.length === 0) {
        io.stdout("No signing key yet: the first start generates one.\n");
      } else {
        for (const k of keys) io.stdout(`${k.kid}  ${k.state}  created ${k.createdAt.toISOString()}\n`);
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
