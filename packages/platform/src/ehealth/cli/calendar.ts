/**
 * `tilts calendar add | list | withdraw`: the working-day calendar's yearly data, entered by the
 * operator as the Cabinet publishes its order "Par darba dienu pārcelšanu <gads>. gadā" (moved
 * working days) or a law names a one-off holiday — no release needed. Each change is checked
 * against the law's calendar and the entries in force, written with its audit record (actor
 * `cli`) and recomputes pending applications' due dates, in one transaction
 * (ehealth/calendar/calendar-service.ts).
 */

import { type CliIo, type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { type ConfiguredDatabase, withMigratedDatabase } from "../../cli/with-migrated-database.ts";
import {
  addCalendarChangeFromCli,
  type CalendarChange,
  type CalendarChangeResult,
  type CalendarEntry,
  dayNumber,
  EhealthError,
  listCalendarEntries,
  withdrawCalendarChangeFromCli,
} from "../index.ts";

const EXIT_CODES = `Exit codes: 0 done; 1 refused (the change clashes with the law's calendar or an entry in
force, or the entry is unknown or already withdrawn); 2 usage or bad configuration; 3 the
database is unavailable.`;

/** What each refusal means, for the operator at the terminal. */
const PROBLEMS: Record<string, string> = {
  "day-off-not-weekday": "the day off must be a weekday (Monday to Friday)",
  "day-off-is-holiday": "the day off is already a public holiday by law",
  "works-on-not-weekend": "the day worked instead must be a Saturday or Sunday",
  "works-on-is-holiday": "the day worked instead is a public holiday by law",
  "day-off-already-changed": "an entry in force already changes this day (withdraw it first)",
  "works-on-already-changed": "an entry in force already changes the day worked instead (withdraw it first)",
};

function checkDate(value: string, option: string): string {
  try {
    dayNumber(value);
    return value;
  } catch {
    throw new UsageError(`${option} must be a real date YYYY-MM-DD, not "${value}"`);
  }
}

const entryJson = (e: CalendarEntry) => ({
  id: e.id,
  kind: e.kind,
  day_off: e.dayOff,
  works_on: e.worksOn,
  source: e.source,
  entered_by: e.enteredBy,
  entered_at: e.enteredAt.toISOString(),
  withdrawn_at: e.withdrawn?.at.toISOString() ?? null,
  withdrawn_by: e.withdrawn?.by ?? null,
  withdrawal_reason: e.withdrawn?.reason ?? null,
});

const entryLine = (e: CalendarEntry) =>
  `${e.id.padStart(4)}  ${e.dayOff}  ${
    e.kind === "moved-working-day" ? `day off, worked on ${e.worksOn}` : "extra holiday            "
  }  ${e.withdrawn ? `WITHDRAWN ${e.withdrawn.at.toISOString().slice(0, 10)} (${e.withdrawn.reason})  ` : ""}${e.source}  [${e.enteredBy}]`;

/** Runs `work` on the configured database (migrated); a refusal becomes exit code 1. */
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
    if (error.code === "bad-input" && error.field !== "source" && error.field !== "reason") {
      io.stderr(`tilts calendar ${name}: refused: ${PROBLEMS[error.reason ?? ""] ?? error.message}\n`);
      return 1;
    }
    if (error.code === "bad-input") throw new UsageError(error.message);
    if (error.code === "not-found" || error.code === "conflict") {
      io.stderr(`tilts calendar ${name}: refused: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function printResult(io: CliIo, json: boolean | undefined, verb: string, result: CalendarChangeResult): void {
  if (json) {
    io.stdout(
      `${JSON.stringify({ entry: entryJson(result.entry), recomputed_applications: result.recomputed })}\n`,
    );
    return;
  }
  io.stdout(
    `${verb} calendar entry ${result.entry.id}: ${entryLine(result.entry).trim()}\n` +
      `Due dates of ${result.recomputed} pending application(s) recomputed.\n`,
  );
}

export const calendarAddCommand: Command = {
  path: ["calendar", "add"],
  summary: "enter a moved working day (Cabinet order) or an extra holiday in the working-day calendar",
  help: `Usage: tilts calendar add DATE --works-on SATURDAY --source "…" [--data-dir DIR] [--json]
       tilts calendar add DATE --holiday --source "…" [--data-dir DIR] [--json]

Enters a change of the working-day calendar that e-health deadlines count with (CON-2, CON-5,
ANX1-2..4). With --works-on: the Cabinet's order moves working day DATE (a weekday) to the
given Saturday or Sunday. With --holiday: DATE is a one-off day off named by law. Deadlines
computed afterwards use it; pending applications' due dates are recomputed at once.

Options:
  --works-on DATE   the rest day worked instead of DATE (YYYY-MM-DD)
  --holiday         DATE is an extra holiday
  --source TEXT     where it comes from: the order's number and date ("MK rīkojums Nr. …,
                    2026-…") or the law (required, at most 500 characters)
  --data-dir DIR    the platform's data directory (default $DATA_DIR or ./data)
  --json            print {"entry": {...}, "recomputed_applications": n}

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        "works-on": { type: "string" },
        holiday: { type: "boolean" },
        source: { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one DATE");
    const dayOff = checkDate(positionals[0] as string, "DATE");
    if ((values["works-on"] === undefined) === (values.holiday !== true)) {
      throw new UsageError("give either --works-on DATE or --holiday");
    }
    if (!values.source?.trim())
      throw new UsageError("--source is required (the order's number and date, or the law)");
    const change: CalendarChange =
      values["works-on"] !== undefined
        ? { kind: "moved-working-day", dayOff, worksOn: checkDate(values["works-on"], "--works-on") }
        : { kind: "extra-holiday", dayOff };
    return withDatabase(values["data-dir"], io, "add", async (db) => {
      const result = await addCalendarChangeFromCli(
        db,
        { change, source: values.source as string },
        new Date(),
      );
      printResult(io, values.json, "Entered", result);
      return 0;
    });
  },
};

export const calendarListCommand: Command = {
  path: ["calendar", "list"],
  summary: "list the working-day calendar's entries (moved working days, extra holidays), withdrawn ones too",
  help: `Usage: tilts calendar list [--year N] [--data-dir DIR] [--json]

Lists the entries of the working-day calendar by date, those withdrawn included (marked), with
their source and who entered them. The public holidays fixed by law are not entries: they are
computed by rule.

Options:
  --year N          only entries whose day off or day worked falls in year N
  --data-dir DIR    the platform's data directory (default $DATA_DIR or ./data)
  --json            print a JSON array of {"id","kind","day_off","works_on","source","entered_by",
                    "entered_at","withdrawn_at","withdrawn_by","withdrawal_reason"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { year: { type: "string" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    let year: number | undefined;
    if (values.year !== undefined) {
      if (!/^\d{4}$/.test(values.year))
        throw new UsageError(`--year must be a year like 2027, not "${values.year}"`);
      year = Number(values.year);
    }
    return withDatabase(values["data-dir"], io, "list", async (db) => {
      const entries = await listCalendarEntries(db, { year });
      if (values.json) io.stdout(`${JSON.stringify(entries.map(entryJson))}\n`);
      else if (entries.length === 0) io.stdout(`No calendar entries${year ? ` for ${year}` : ""}.\n`);
      else io.stdout(entries.map((e) => `${entryLine(e)}\n`).join(""));
      return 0;
    });
  },
};

export const calendarWithdrawCommand: Command = {
  path: ["calendar", "withdraw"],
  summary: "withdraw a working-day calendar entry (kept in history, with the reason)",
  help: `Usage: tilts calendar withdraw ID --reason "…" [--data-dir DIR] [--json]

Withdraws entry ID (see tilts calendar list): it no longer counts for deadlines computed
afterwards and pending applications' due dates are recomputed; the entry stays in the history
with who withdrew it, when and why.

Options:
  --reason TEXT     why (required, at most 1000 characters)
  --data-dir DIR    the platform's data directory (default $DATA_DIR or ./data)
  --json            print {"entry": {...}, "recomputed_applications": n}

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { reason: { type: "string" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1 || !/^[1-9]\d{0,17}$/.test(positionals[0] as string)) {
      throw new UsageError("give exactly one entry ID (a number, see tilts calendar list)");
    }
    if (!values.reason?.trim()) throw new UsageError("--reason is required");
    return withDatabase(values["data-dir"], io, "withdraw", async (db) => {
      const result = await withdrawCalendarChangeFromCli(
        db,
        positionals[0] as string,
        values.reason as string,
        new Date(),
      );
      printResult(io, values.json, "Withdrew", result);
      return 0;
    });
  },
};

export const calendarCommands: Command[] = [calendarAddCommand, calendarListCommand, calendarWithdrawCommand];
