/**
 * `tilts eservices submit FILE`: hands a signed registration eDoc to the agency's queue (ESV-2)
 * after the SIG-6 checks (submission.ts). The file is read under ESERVICES_MAX_FORM_BYTES.
 */
import { type Command, UsageError } from "../../cli/command.ts";
import { BadInput, readInputFile } from "../../cli/input-file.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { signatureAnchorsOf } from "../signature-trust.ts";
import { submitSignedForm } from "../submission.ts";
import { DATA_DIR_OPTION, EXIT_CODES, withRegistry } from "./cli-shared.ts";

export const eservicesSubmitCommand: Command = {
  path: ["eservices", "submit"],
  summary: "submit a signed e-service registration eDoc to the agency's queue (ESV-2, SIG-6)",
  help: `Usage: tilts eservices submit FILE.edoc [--data-dir DIR] [--json]

Checks the signed registration form and, if it passes, puts it in the agency's queue with its
original bytes kept unchanged and their SHA-256. Refused, each with its own code and a reason
in Latvian and English: not-an-edoc, form-missing, form-invalid, unsigned, signature-invalid
(not TOTAL-PASSED against ESERVICES_SIGNATURE_ANCHORS), form-not-covered, no-time-stamp
(level below XAdES-T), not-qualified (not a QES), signer-not-representative (the signer is not
listed for the institution: tilts eservices representative add), too-large.

Options:
${DATA_DIR_OPTION}: {"id","status","institution","name":{"lv","en"},"signed_sha256",
                         "signed_at","submitted_at"}, or {"refused":true,"code","reason":{"lv","en"}}

${EXIT_CODES}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { "data-dir": { type: "string" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one FILE to submit");
    return withRegistry(values["data-dir"], io, "submit", values.json, async (db, config) => {
      let bytes: Uint8Array;
      try {
        // One byte over the limit is enough to refuse with "too-large" rather than "unreadable".
        bytes = readInputFile(positionals[0]!, config.eservicesMaxFormBytes + 1);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        io.stderr(`tilts eservices submit: ${error.message}\n`);
        return 2;
      }
      const submitted = await submitSignedForm(
        db,
        bytes,
        { anchors: signatureAnchorsOf(config), maxBytes: config.eservicesMaxFormBytes },
        new Date(),
      );
      const json = {
        id: submitted.id,
        status: submitted.status,
        institution: submitted.institution,
        name: submitted.name,
        signed_sha256: submitted.signedSha256,
        signed_at: submitted.signedAt.toISOString(),
        submitted_at: submitted.submittedAt.toISOString(),
      };
      if (values.json) io.stdout(`${JSON.stringify(json)}\n`);
      else
        io.stdout(
          `Submitted form ${submitted.id} "${submitted.name.en}" (SHA-256 ${submitted.signedSha256}); it waits in the agency's queue.\n`,
        );
      return 0;
    });
  },
};
