import type { PlatformConfig } from "../config/config.ts";
import { type OpenDatabase, openDatabase } from "./database.ts";

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in dataDir. */
export function openConfiguredDatabase(
  config: Pick<PlatformConfig, "databaseUrl" | "dataDir">,
  options: { existing?: boolean } = {},
): Promise<OpenDatabase> {
  return config.databaseUrl
    ? openDatabase({ kind: "postgresql", url: config.databaseUrl })
    : openDatabase({ kind: "pglite", dataDir: config.dataDir, existing: options.existing });
}
