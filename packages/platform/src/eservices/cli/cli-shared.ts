/**
 * What the `tilts eservices` commands share: the configured database (migrated) for the duration
 * of one command, and one way of reporting the registry's refusals — exit code 1 with the code
 * and its reason, in JSON when asked.
 */
import type { Kysely } from "kysely";
import type { CliIo } from "../../cli/command.ts";
import { withMigratedDatabase } from "../../cli/with-migrated-database.ts";
import type { PlatformConfig } from "../../config/config.ts";
import type { EservicesDatabase } from "../database.ts";
import { EservicesError, SUBMISSION_REFUSALS } from "../errors.ts";

export const EXIT_CODES = `Exit codes: 0 done; 1 refused (the reason is printed with its code); 2 usage, unreadable
input or bad configuration; 3 the database is unavailable.`;

export const DATA_DIR_OPTION = `  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)
  --json                 print one JSON object`;

/** Runs `work` on the configured database (migrated); the registry's refusals become exit code 1. */
export async function withRegistry(
  dataDir: string | undefined,
  io: CliIo,
  name: string,
  json: boolean | undefined,
  work: (db: Kysely<EservicesDatabase>, config: PlatformConfig) => Promise<number>,
): Promise<number> {
  try {
    return await withMigratedDatabase(dataDir, io, work);
  } catch (error) {
    if (!(error instanceof EservicesError)) throw error;
    printRefusal(io, name, json, error);
    return 1;
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
