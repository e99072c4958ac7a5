/**
 * `tilts ehealth copying list | lift`: the operator's view of the anti-copying detections
 * (ANX2-18) — who was suspended, when and why — and lifting one after review.
 */
import type { Command } from "../../cli/command.ts";
import { UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { loadConfig } from "../../config/config.ts";
import { migrateToLatest } from "../../db/migrations.ts";
import { openConfiguredDatabase } from "../../db/open-configured.ts";
import {
  type CopyingDetection,
  DetectionLiftError,
  liftDetection,
  listDetections,
} from "./detection-store.ts";

async function withDatabase<T>(
  env: Record<string, string | undefined>,
  dataDir: string | undefined,
  work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>["db"]) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig({ env, overrides: { dataDir } }));
  try {
    await migrateToLatest(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

function line(d: CopyingDetection): string {
  const who = d.subjectKind === "professional" ? `professional ${d.subject}` : `system ${d.subject}`;
  const state =
    d.status === "open"
      ? "open (reads suspended)"
      : `lifted ${d.liftedAt?.toISOString()} by ${d.liftedBy}: ${d.liftReason}`;
  return `#${d.id}  ${d.detectedAt.toISOString()}  ${who}  institution ${d.registrationNumber}  ${d.pattern} ${d.detail}  ${state}\n`;
}

export const copyingListCommand: Command = {
  path: ["ehealth", "copying", "list"],
  summary: "list the anti-copying detections (suspended professionals and systems, ANX2-18)",
  help: `Usage: tilts ehealth copying list [--all] [--data-dir DIR] [--json]

Lists the detections of mass copying, newest first: the open ones (whose reads are suspended),
or with --all the lifted ones too, with who lifted them and why.

Options:
  --all            lifted detections too
  --data-dir DIR   the platform's data directory (default $DATA_DIR or ./data)
  --json           one JSON array

Exit codes: 0 listed; 2 usage; 3 the database is unavailable.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { all: { type: "boolean" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    const detections = await withDatabase(io.env, values["data-dir"], (db) =>
      listDetections(db, { all: values.all === true }),
    );
    if (values.json) io.stdout(`${JSON.stringify(detections)}\n`);
    else if (detections.length === 0) io.stdout(values.all ? "No detections.\n" : "No open detections.\n");
    else for (const d of detections) io.stdout(line(d));
    return 0;
  },
};

export const copyingLiftCommand: Command = {
  path: ["ehealth", "copying", "lift"],
  summary: "lift an anti-copying detection after review: the professional or system reads again",
  help: `Usage: tilts ehealth copying lift ID --reason TEXT [--data-dir DIR] [--json]

Lifts an open detection (see tilts ehealth copying list): the suspended professional or system
may read patient data again, within the limits. Audited as ehealth.copying.lifted with the reason.

Options:
  --reason TEXT    why it is lifted (3 to 1000 characters; kept with the detection)
  --data-dir DIR   the platform's data directory (default $DATA_DIR or ./data)
  --json           print the lifted detection as JSON

Exit codes: 0 lifted; 1 refused (unknown or already lifted); 2 usage; 3 the database is unavailable.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: { reason: { type: "string" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || !/^\d{1,9}$/.test(positionals[0] ?? ""))
      throw new UsageError("give the detection's number (tilts ehealth copying list)");
    if (!values.reason) throw new UsageError("--reason is required");
    const id = Number(positionals[0]);
    const reason = values.reason;
    try {
      const lifted = await withDatabase(io.env, values["data-dir"], (db) =>
        liftDetection(db, { id, actor: "cli", reason }, new Date()),
      );
      io.stdout(values.json ? `${JSON.stringify(lifted)}\n` : `Lifted: ${line(lifted)}`);
      return 0;
    } catch (error) {
      if (error instanceof DetectionLiftError) {
        if (error.code === "reason-required") throw new UsageError(error.message);
        io.stderr(`tilts ehealth copying lift: ${error.message} (${error.code})\n`);
        return 1;
      }
      throw error;
    }
  },
};
