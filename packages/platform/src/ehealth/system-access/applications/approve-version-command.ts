/**
 * `tilts ehealth system approve-version`: the operator approves a version of an institution's
 * system, so that in production its connection applications can be approved and its bindings
 * admitted by the listener (onboarding's rule; README.md). The operator's queue page does the same
 * in the workplace. Audited `ehealth.system-access.version-approved` (actor `cli`).
 */
import { type Command, UsageError } from "../../../cli/command.ts";
import { parseCommandArgs } from "../../../cli/parse-command-args.ts";
import { withMigratedDatabase } from "../../../cli/with-migrated-database.ts";
import { EhealthError } from "../../errors.ts";
import { approveSystemVersionFromCli } from "./application-service.ts";

export const ehealthSystemApproveVersionCommand: Command = {
  path: ["ehealth", "system", "approve-version"],
  summary: "approve a version of an institution's system (required to connect in production)",
  help: `Usage: tilts ehealth system approve-version --system NAME --version VERSION --ground TEXT
         [--data-dir DIR]

Approves the version of a system named in connection applications. In production
(TILTS_ENV=production) a connection application is approved only for an approved version, and
the system-access listener admits only bindings of approved versions; each new version needs its
own approval. Audited as ehealth.system-access.version-approved.

Options:
  --system NAME      the system's name, as in its connection application
  --version VERSION  the version approved
  --ground TEXT      what the approval rests on, e.g. the test scenario report
  --data-dir DIR     the platform's data directory (default $DATA_DIR or ./data)

Exit codes: 0 approved (or already approved); 2 usage or bad input; 3 the database is unavailable.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        system: { type: "string" },
        version: { type: "string" },
        ground: { type: "string" },
        "data-dir": { type: "string" },
      },
    });
    if (!values.system || !values.version || !values.ground)
      throw new UsageError("--system, --version and --ground are required");
    const version = { systemName: values.system, systemVersion: values.version, ground: values.ground };
    try {
      const added = await withMigratedDatabase(values["data-dir"], io, (db) =>
        approveSystemVersionFromCli(db, version, new Date()),
      );
      io.stdout(
        added
          ? `Approved ${values.system} ${values.version}.\n`
          : `${values.system} ${values.version} was already approved.\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof EhealthError && error.code === "bad-input")
        throw new UsageError(`${error.field ?? "input"}: ${error.message}`);
      throw error;
    }
  },
};
