/** `tilts fixture greet`: reads the module's configuration key and its table, as a real command would. */
import type { Command } from "../../../../cli/command.ts";
import { loadModulesConfig } from "../../../../config/config.ts";
import { migrateToLatest } from "../../../../db/migrations.ts";
import { openConfiguredDatabase } from "../../../../db/open-configured.ts";
import { sharedHandle } from "../../index.ts";
import { fixtureManifest } from "./manifest.ts";
import type { FixtureTables } from "./tables.ts";

export const fixtureGreetCommand: Command = {
  path: ["fixture", "greet"],
  summary: "print the fixture module's greeting and how many notes it keeps",
  help: "Usage: tilts fixture greet\n\nPrints FIXTURE_GREETING and the number of notes.\n",
  async run(_args, io) {
    const config = loadModulesConfig({ env: io.env }, [fixtureManifest]);
    const database = await openConfiguredDatabase(config);
    try {
      await migrateToLatest(database.db, [fixtureManifest]);
      const db = sharedHandle<FixtureTables>(database.db);
      const { count } = await db
        .selectFrom("fixture_note")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .executeTakeFirstOrThrow();
      io.stdout(`${config.fixtureGreeting} (${count} notes)\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
