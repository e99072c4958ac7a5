import { loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import type { Command } from "../command.ts";
import { parseCommandArgs } from "../parse-command-args.ts";

export const migrateCommand: Command = {
  path: ["migrate"],
  summary: "bring the database schema up to date",
  help: `Usage: tilts migrate [--data-dir DIR]

Applies every pending migration to the configured database (PostgreSQL when DATABASE_URL is
set, else the embedded database in DIR/pglite) and lists what it applied. Safe to run again.

Exit codes: 0 the schema is current; 2 bad configuration or usage; 3 the database is
unavailable or a migration failed.`,
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: { "data-dir": { type: "string" } } });
    const config = loadConfig({ env: io.env, overrides: { dataDir: values["data-dir"] } });
    const database = await openConfiguredDatabase(config);
    try {
      const applied = await migrateToLatest(database.db);
      io.stdout(
        applied.length === 0
          ? `The schema is up to date (${database.kind}).\n`
          : `Applied ${applied.length} migration(s) on ${database.kind}:\n${applied.map((m) => `  ${m}\n`).join("")}`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
