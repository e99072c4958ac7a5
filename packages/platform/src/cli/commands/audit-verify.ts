import { verifyAuditChain } from "../../audit/index.ts";
import { loadConfig } from "../../config/config.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import type { Command } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

export const auditVerifyCommand: Command = {
  path: ["audit", "verify"],
  summary: "check the audit log's hash chain; report the first changed, removed or moved record",
  help: `Usage: tilts audit verify [--data-dir DIR] [--json]

Walks the audit log from its first record, recomputing each record's hash and its link to the
one before, and reports the first record that was changed, removed or moved.

Options:
  --data-dir DIR   folder of the embedded database (default ./data; env DATA_DIR)
  --json           print one JSON object: {"intact": bool, "records": n, "problem": null |
                   {"kind": "changed"|"removed"|"reordered", "seq": "n", "message": "…"}}

Exit codes: 0 the chain is intact; 1 the chain is broken; 2 bad configuration or usage;
3 the database is unavailable.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      const verdict = await verifyAuditChain(database.db);
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ intact: verdict.intact, records: verdict.records, problem: verdict.intact ? null : verdict.problem })}\n`,
        );
      } else if (verdict.intact) {
        io.stdout(`The audit log is intact: ${verdict.records} record(s) verified.\n`);
      } else {
        io.stdout(
          `The audit log is BROKEN at record ${verdict.problem.seq} (${verdict.problem.kind}): ${verdict.problem.message}\n`,
        );
      }
      return verdict.intact ? 0 : 1;
    } finally {
      await database.close();
    }
  },
};
