/**
 * `tilts oots validate FILE…`: checks OOTS EDM messages (evidence request / response / error,
 * EB and DSD answers, LCM submissions and responses; EDM 1.0, 1.2 and 2.0) against the shipped
 * XSDs and the EC business rules, detecting kind and version per file (OOTS-1..15).
 */
import { parseArgs } from "node:util";
import { type CliIo, type Command, UsageError } from "../../cli/command.ts";
import { BadInput, readInputFile } from "../../cli/input-file.ts";
import { type OotsValidation, validateOotsMessage } from "../index.ts";

/** The hardened XML parser's own limit; a larger file is refused before it is read. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const help = `Usage: tilts oots validate FILE... [--json]

Checks each file as an OOTS Exchange Data Model message: detects the message kind
(evidence-request, evidence-response, evidence-error, eb-requirements-response,
eb-evidence-types-response, eb-error, dsd-response, dsd-error, lcm-submission, lcm-response)
and the EDM version it announces (1.0, 1.1, 1.2, 2.0), then validates it against the shipped
XML Schemas (OASIS RegRep 4 + SDG profile; rule "XSD") and the EC business rules of that kind
and version (rule ids as in the EC schematrons, e.g. R-EDM-REQ-C005). A file that is not
well-formed XML, or carries a DOCTYPE, fails with rule "XML".

Options:
  --json   print one JSON object per file, one per line:
           {"file", "kind", "version" (null when unknown), "valid",
            "errors": [{"rule", "message", "line"}], "warnings": [...]}

Exit codes: 0 every file is valid; 1 at least one file is not valid; 2 usage, or a file
cannot be read (missing, unreadable, larger than ${MAX_FILE_BYTES} bytes).`;

interface FileResult extends OotsValidation {
  file: string;
}

function toText(r: FileResult): string {
  const head = `${r.file}: ${r.valid ? "VALID" : "NOT VALID"} (${r.kind}, EDM ${r.version ?? "unknown"})`;
  const lines = [head];
  for (const e of r.errors) lines.push(`  line ${e.line}: ${e.rule}: ${e.message}`);
  for (const w of r.warnings) lines.push(`  line ${w.line}: warning ${w.rule}: ${w.message}`);
  return `${lines.join("\n")}\n`;
}

export const ootsValidateCommand: Command = {
  path: ["oots", "validate"],
  summary: "check OOTS EDM messages (1.0/1.2/2.0) against the XSDs and the EC business rules",
  help,
  async run(args, io: CliIo) {
    let parsed: { values: { json?: boolean }; positionals: string[] };
    try {
      parsed = parseArgs({
        args,
        options: { json: { type: "boolean" } },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError("at least one FILE is required");
    const json = parsed.values.json ?? false;
    let exit = 0;
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = readInputFile(file, MAX_FILE_BYTES);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        io.stderr(`tilts oots validate: ${error.message}\n`);
        exit = 2;
        continue;
      }
      const result: FileResult = { file, ...validateOotsMessage(bytes) };
      if (!result.valid && exit === 0) exit = 1;
      io.stdout(json ? `${JSON.stringify(result)}\n` : toText(result));
    }
    return exit;
  },
};
