/**
 * `tilts ehealth attestation record` (CON-7): the operator records an attestation a person signed
 * on paper, with its evidence — the day it was signed, the paper's reference, optionally a scan —
 * so the person can start working. Audited (actor `cli`) in the same transaction.
 */
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { withMigratedDatabase } from "../../cli/with-migrated-database.ts";
import { EhealthError } from "../errors.ts";
import { recordPaperAttestationFromCli } from "./service.ts";

/** A scan of one or two pages; anything larger is not a scan of this paper. */
const MAX_SCAN_BYTES = 10 * 1024 * 1024;
const SCAN_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
};

function readScan(path: string): { content: Uint8Array; mediaType: string } {
  const mediaType = SCAN_TYPES[extname(path).toLowerCase()];
  if (!mediaType) throw new UsageError("--scan must be a .pdf, .png or .jpg file");
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (size > MAX_SCAN_BYTES)
    throw new UsageError(`${path} is ${size} bytes; at most ${MAX_SCAN_BYTES} are kept`);
  return { content: readFileSync(path), mediaType };
}

export const attestationRecordCommand: Command = {
  path: ["ehealth", "attestation", "record"],
  summary: "record an attestation signed on paper (CON-7), with its evidence, so the person can work",
  help: `Usage: tilts ehealth attestation record REGISTRATION-NUMBER PERSON-CODE --signed-on DATE
                                           --reference TEXT [--scan FILE] [--data-dir DIR]

Records that the institution's user or administrator with PERSON-CODE signed the attestation
(CON-7) on paper. People sign it themselves with eParaksts on the attestation page; this is for
a paper one. It is kept until 10 years after the person's last right or appointment there ends.

Options:
  --signed-on DATE       the day the paper was signed (7.12.2026 or 2026-12-07)
  --reference TEXT       where the paper is: a file number, a letter's reference
  --scan FILE            a scan of the paper (.pdf, .png or .jpg), kept as the proof
  --data-dir DIR         the platform's data directory (default $DATA_DIR or ./data)

Exit codes: 0 recorded; 1 refused (no such person at the institution, already signed, or bad
input); 2 usage or bad configuration; 3 the database is unavailable.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        "signed-on": { type: "string" },
        reference: { type: "string" },
        scan: { type: "string" },
        "data-dir": { type: "string" },
      },
    });
    if (positionals.length !== 2) throw new UsageError("give REGISTRATION-NUMBER and PERSON-CODE");
    if (!values["signed-on"] || !values.reference)
      throw new UsageError("--signed-on and --reference are required");
    const input = {
      registrationNumber: positionals[0] as string,
      personCode: positionals[1] as string,
      signedOn: values["signed-on"],
      reference: values.reference,
      ...(values.scan ? { scan: readScan(values.scan) } : {}),
    };
    try {
      return await withMigratedDatabase(values["data-dir"], io, async (db) => {
        const attestation = await recordPaperAttestationFromCli(db, input, new Date());
        io.stdout(`Recorded the paper attestation ${attestation.id} (${attestation.formVersion}).\n`);
        return 0;
      });
    } catch (error) {
      if (!(error instanceof EhealthError)) throw error;
      io.stderr(`tilts ehealth attestation record: refused (${error.code}): ${error.message}\n`);
      return 1;
    }
  },
};
