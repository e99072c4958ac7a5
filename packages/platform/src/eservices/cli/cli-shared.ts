/**
 * What the `tilts eservices` commands share: the configured database (migrated) for the duration
 * of one command, and one way of reporting the registry's refusals — exit code 1 with the code
 * and its reason, in JSON when asked.
 */
import type { Kysely } from "kysely";
import type { CliIo } from "../../cli/command.ts";
import { loadConfig, type PlatformConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import type { EservicesDatabase } from "../database.ts";
import { EservicesError, SUBMISSION_REFUSALS } from "../errors.ts";

export const EXIT_CODES = `Exit codes: 0 done; 1 refused (the reason is printed with its code); 2 usage, unreadable
input or bad configuration; 3 the database is unavailable.`;

export const DATA_DIR_OPTION = `  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)
  --json                 print one JSON object`;

/** Opens the configured database (migrated), runs `work`, turns the registry's refusals into exit code 1. */
export async function withRegistry(
  dataDir: string | undefined,
  io: CliIo,
  name: string,
  json: boolean | undefined,
  work: (db: Kysely<EservicesDatabase>, config: PlatformConfig) => Promise<number>,
): Promise<number> {
  const config = loadConfig({ env: io.env, overrides: dataDir ? { dataDir } : {} });
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await work(database.db, config);
  } catch (error) {
    if (!(error instanceof EservicesError)) throw error;
    printRefusal(io, name, json, error);
    return 1;
  } finally {
    await database.close();
  }
}

export function printRefusal(
  io: CliIo,
  name: string,
  json: boolean | undefined,
  error: EservicesError,
): void {
  const reason =
    error.code in SUBMISSION_REFUSALS
      ? SUBMISSION_REFUSALS[error.code as keyof typeof SUBMISSION_REFUSALS]
      : undefined;
  if (json) {
    io.stdout(
      `${JSON.stringify({ refused: true, code: error.code, reason: reason ?? { en: error.message }, fields: error.fields })}\n`,
    );
    return;
  }
  const fields = error.fields.length
    ? ` (${error.fields.map((f) => `${f.field}: ${f.code}`).join(", ")})`
    : "";
  const text = reason ? `${reason.lv} / ${reason.en}` : error.message;
  io.stderr(`tilts eservices ${name}: refused [${error.code}]: ${text}${fields}\n`);
}
