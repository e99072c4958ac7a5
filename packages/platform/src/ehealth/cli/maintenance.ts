/**
 * `tilts ehealth maintenance schedule | list | cancel`: the operator's planned maintenance windows
 * (CON-5, ANX2-15; ehealth/maintenance). Scheduling checks the three-working-day lead and the
 * hours outside work, and queues the notice to every active institution with an audit record
 * (actor `cli`), in one transaction; during a window the system web services answer 503.
 */
import { type CliIo, type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { type ConfiguredDatabase, withMigratedDatabase } from "../../cli/with-migrated-database.ts";
import { EhealthError } from "../errors.ts";
import {
  cancelMaintenance,
  type MaintenanceWindow,
  plannedMaintenance,
  scheduleMaintenance,
} from "../maintenance/index.ts";

const EXIT_CODES = `Exit codes: 0 done; 1 refused (too close, inside working hours, or no such window);
2 usage or bad configuration; 3 the database is unavailable.`;

const OPTIONS_COMMON = `  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)
  --json                 print JSON`;

/** An instant with its offset (2026-12-12T21:00+02:00 or …Z): the operator says which clock. */
function instantOf(value: string | undefined, option: string): Date {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(value))
    throw new UsageError(`${option} must be a time with its offset, e.g. 2026-12-12T21:00+02:00`);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new UsageError(`${option} is not a real time: ${value}`);
  return instant;
}

const windowJson = (w: MaintenanceWindow) => ({
  id: w.id,
  starts_at: w.startsAt.toISOString(),
  ends_at: w.endsAt.toISOString(),
  description_lv: w.descriptionLv,
  description_en: w.descriptionEn,
  scheduled_by: w.scheduledBy,
  scheduled_at: w.scheduledAt.toISOString(),
});

async function withDatabase(
  dataDir: string | undefined,
  io: CliIo,
  name: string,
  work: (db: ConfiguredDatabase) => Promise<number>,
): Promise<number> {
  try {
    return await withMigratedDatabase(dataDir, io, work);
  } catch (error) {
    if (!(error instanceof EhealthError)) throw error;
    io.stderr(`tilts ehealth maintenance ${name}: refused: ${error.message}\n`);
    return 1;
  }
}

export const maintenanceScheduleCommand: Command = {
  path: ["ehealth", "maintenance", "schedule"],
  summary:
    "schedule planned maintenance (3 working days ahead, outside working hours); institutions are told",
  help: `Usage: tilts ehealth maintenance schedule --start TIME --end TIME --description-lv TEXT
                                          --description-en TEXT [--data-dir DIR] [--json]

Schedules planned work on the e-health system (CON-5, ANX2-15). It must lie wholly outside working
hours (before 07:30 or from 20:00 on working days, or on days off, Riga time, with the operator's
working-day calendar) and start at least 3 working days (and 72 hours) from now. Every active
institution gets an e-mail through the outbox; during the window the system web services answer
503 with Retry-After.

Options:
  --start TIME           when the work starts, with its offset (2026-12-12T21:00+02:00)
  --end TIME             when it ends
  --description-lv TEXT  what people are told, in Latvian (one line, at most 500 characters)
  --description-en TEXT  the same in English
${OPTIONS_COMMON}: {"id","notified"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        start: { type: "string" },
        end: { type: "string" },
        "description-lv": { type: "string" },
        "description-en": { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    const window = {
      startsAt: instantOf(values.start, "--start"),
      endsAt: instantOf(values.end, "--end"),
      descriptionLv: values["description-lv"] ?? "",
      descriptionEn: values["description-en"] ?? "",
    };
    if (!window.descriptionLv.trim() || !window.descriptionEn.trim())
      throw new UsageError("--description-lv and --description-en are required");
    return withDatabase(values["data-dir"], io, "schedule", async (db) => {
      const done = await scheduleMaintenance(db, window, "cli", new Date());
      if (values.json) io.stdout(`${JSON.stringify(done)}\n`);
      else
        io.stdout(`Scheduled maintenance window ${done.id}; ${done.notified} institution(s) will be told.\n`);
      return 0;
    });
  },
};

export const maintenanceListCommand: Command = {
  path: ["ehealth", "maintenance", "list"],
  summary: "list planned and current maintenance windows",
  help: `Usage: tilts ehealth maintenance list [--data-dir DIR] [--json]

Lists the maintenance windows that have not ended and are not cancelled, soonest first.

Options:
${OPTIONS_COMMON}: an array of {"id","starts_at","ends_at","description_lv","description_en",
                         "scheduled_by","scheduled_at"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    return withDatabase(values["data-dir"], io, "list", async (db) => {
      const windows = await plannedMaintenance(db, new Date());
      if (values.json) io.stdout(`${JSON.stringify(windows.map(windowJson))}\n`);
      else if (windows.length === 0) io.stdout("No maintenance is planned.\n");
      else
        io.stdout(
          windows
            .map(
              (w) =>
                `${w.id.padStart(4)}  ${w.startsAt.toISOString()} – ${w.endsAt.toISOString()}  ${w.descriptionEn}\n`,
            )
            .join(""),
        );
      return 0;
    });
  },
};

export const maintenanceCancelCommand: Command = {
  path: ["ehealth", "maintenance", "cancel"],
  summary: "cancel a planned maintenance window; institutions are told",
  help: `Usage: tilts ehealth maintenance cancel ID [--data-dir DIR]

Cancels planned window ID that has not ended; every active institution is told by e-mail.

Options:
  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "data-dir": { type: "string" } },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one window ID");
    return withDatabase(values["data-dir"], io, "cancel", async (db) => {
      await cancelMaintenance(db, positionals[0] as string, "cli", new Date());
      io.stdout(`Cancelled maintenance window ${positionals[0]}.\n`);
      return 0;
    });
  },
};
