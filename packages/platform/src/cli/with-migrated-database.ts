/**
 * What a CLI command that works on the platform's data needs first: the configured database
 * (`--data-dir`, else DATA_DIR, else ./data; or DATABASE_URL), brought up to date, and closed
 * afterwards whatever happens. The command maps its own refusals to exit codes around it.
 */
import { loadConfig, type PlatformConfig } from "../config/config.ts";
import { migrateToLatest } from "../db/migrations.ts";
import { openConfiguredDatabase } from "../db/open-configured.ts";
import type { CliIo } from "./command.ts";

export type ConfiguredDatabase = Awaited<ReturnType<typeof openConfiguredDatabase>>["db"];

export async function withMigratedDatabase<T>(
  dataDir: string | undefined,
  io: CliIo,
  work: (db: ConfiguredDatabase, config: PlatformConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ env: io.env, overrides: dataDir ? { dataDir } : {} });
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await work(database.db, config);
  } finally {
    await database.close();
  }
}
