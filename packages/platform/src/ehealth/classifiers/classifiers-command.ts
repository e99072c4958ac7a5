/**
 * `tilts ehealth classifiers load | list | contract` (ANX2-17, DEV-5): the operator loads the
 * classifier files it publishes as new versions, lists what is published, and records the
 * operator contracts under which institutions read classifiers from production. Each load and
 * each contract is audited (actor `cli`).
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { type CliIo, type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { type ConfiguredDatabase, withMigratedDatabase } from "../../cli/with-migrated-database.ts";
import { listCodeSystems, publishedCodes } from "./classifier-store.ts";
import { recordClassifierContract } from "./contract-store.ts";
import { CSV_HEADER } from "./core/parse-csv.ts";
import { MAX_CLASSIFIER_FILE_BYTES } from "./core/read-file.ts";
import { ClassifierError } from "./errors.ts";
import { loadClassifier } from "./load-classifier.ts";

const EXIT_CODES = `Exit codes: 0 done; 1 refused (the file's problems, or no such classifier or institution,
are printed); 2 usage or bad configuration; 3 the database is unavailable.`;

const OPTIONS_COMMON = `  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)
  --json                 print JSON`;

async function withDatabase(
  dataDir: string | undefined,
  io: CliIo,
  name: string,
  work: (db: ConfiguredDatabase) => Promise<number>,
): Promise<number> {
  try {
    return await withMigratedDatabase(dataDir, io, work);
  } catch (error) {
    if (!(error instanceof ClassifierError)) throw error;
    io.stderr(`tilts ehealth classifiers ${name}: refused (${error.code}): ${error.message}\n`);
    for (const p of error.problems) io.stderr(`  ${p.where}: ${p.message}\n`);
    return 1;
  }
}

/** The file, read only when it is a regular file within the loader's limit. */
function readFile(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (size > MAX_CLASSIFIER_FILE_BYTES)
    throw new UsageError(`${path} is ${size} bytes; at most ${MAX_CLASSIFIER_FILE_BYTES} are read`);
  return readFileSync(path);
}

export const classifiersLoadCommand: Command = {
  path: ["ehealth", "classifiers", "load"],
  summary: "load a classifier file the operator publishes (CSV or FHIR CodeSystem JSON) as its next version",
  help: `Usage: tilts ehealth classifiers load FILE --name NAME [--data-dir DIR] [--json]

Loads FILE as the next version of classifier NAME (ANX2-17). The file lists every code the
classifier publishes from now on: codes new to it are added, codes whose names or dates differ are
changed, codes it no longer lists are retired (kept for old documents, no longer valid). A file
that changes nothing makes no new version. The file is checked whole; every problem is printed
with its line (CSV) or concept (FHIR), and nothing is loaded.

Formats (chosen by the first character: "{" is JSON):
  CSV (RFC 4180, UTF-8), header exactly: ${CSV_HEADER.join(",")}
      dates YYYY-MM-DD; valid_to may be empty (open-ended)
  FHIR R4 CodeSystem JSON: concept[] with code, display (Latvian, or the resource's language),
      a designation in the other language ("en" or "lv"), property effectiveDate (required) and
      retirementDate as valueDateTime YYYY-MM-DD — the form GET /system/v1/fhir/CodeSystem serves
At most ${MAX_CLASSIFIER_FILE_BYTES} bytes and 50,000 codes. Purposes, professional roles, patient-data
actions and institution kinds may not gain codes the platform's rules do not know.

Options:
  --name NAME            the classifier (see tilts ehealth classifiers list)
${OPTIONS_COMMON}: {"name","format","version","added","changed","retired"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { name: { type: "string" }, "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one FILE");
    if (!values.name) throw new UsageError("--name is required");
    const path = positionals[0] as string;
    const bytes = readFile(path);
    const name = values.name;
    return withDatabase(values["data-dir"], io, "load", async (db) => {
      const result = await loadClassifier(db, {
        name,
        bytes,
        source: basename(path).slice(0, 200),
        actor: "cli",
        now: new Date(),
      });
      if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
      else
        io.stdout(
          result.added + result.changed + result.retired === 0
            ? `Classifier ${name}: the file changes nothing; version ${result.version} stays.\n`
            : `Classifier ${name}: version ${result.version} — ${result.added} added, ${result.changed} changed, ${result.retired} retired.\n`,
        );
      return 0;
    });
  },
};

export const classifiersListCommand: Command = {
  path: ["ehealth", "classifiers", "list"],
  summary: "list the classifiers with their versions and code counts",
  help: `Usage: tilts ehealth classifiers list [--data-dir DIR] [--json]

Lists the classifiers: name, current version, number of published codes, canonical URL.

Options:
${OPTIONS_COMMON}: an array of {"name","version","codes","url","updated_at"}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    return withDatabase(values["data-dir"], io, "list", async (db) => {
      const systems = await listCodeSystems(db);
      const rows = [];
      for (const s of systems)
        rows.push({
          name: s.name,
          version: s.version,
          codes: (await publishedCodes(db, s.name)).length,
          url: s.url,
          updated_at: s.updatedAt.toISOString(),
        });
      if (values.json) io.stdout(`${JSON.stringify(rows)}\n`);
      else
        io.stdout(
          rows
            .map(
              (r) =>
                `${r.name.padEnd(22)} v${String(r.version).padEnd(4)} ${String(r.codes).padStart(6)} codes  ${r.url}\n`,
            )
            .join(""),
        );
      return 0;
    });
  },
};

export const classifiersContractCommand: Command = {
  path: ["ehealth", "classifiers", "contract"],
  summary: "record an institution's operator contract for classifier data (DEV-5)",
  help: `Usage: tilts ehealth classifiers contract REGISTRATION-NUMBER --number TEXT --date YYYY-MM-DD
                                         [--data-dir DIR]

Records on the institution the operator contract under which it receives classifier data from
production (DEV-5); recording again replaces it. With TILTS_ENV=production the classifier web
services refuse an institution without one (problem classifier-contract-missing).

Options:
  --number TEXT          the contract's number (one line, at most 100 characters)
  --date YYYY-MM-DD      the day it was concluded
  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { number: { type: "string" }, date: { type: "string" }, "data-dir": { type: "string" } },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one REGISTRATION-NUMBER");
    if (!values.number || !values.date) throw new UsageError("--number and --date are required");
    const contract = {
      registrationNumber: positionals[0] as string,
      number: values.number,
      concludedOn: values.date,
    };
    return withDatabase(values["data-dir"], io, "contract", async (db) => {
      await recordClassifierContract(db, contract, "cli", new Date());
      io.stdout(
        `Recorded classifier contract ${contract.number} for institution ${contract.registrationNumber}.\n`,
      );
      return 0;
    });
  },
};
