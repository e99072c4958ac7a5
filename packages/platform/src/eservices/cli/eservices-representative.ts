/**
 * `tilts eservices representative add`: the agency lists a person whose qualified signature it
 * accepts on an institution's registration forms (SIG-6), from the institution's authorisation.
 */
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { addRepresentative } from "../representatives.ts";
import { DATA_DIR_OPTION, EXIT_CODES, withRegistry } from "./cli-shared.ts";

export const eservicesRepresentativeAddCommand: Command = {
  path: ["eservices", "representative", "add"],
  summary: "list a person who may sign an institution's e-service registration forms (SIG-6)",
  help: `Usage: tilts eservices representative add --institution REGNO --personal-code CODE --name TEXT
         [--data-dir DIR] [--json]

Adds a representative of the institution: a submitted form is accepted only when every signer's
certificate names (serialNumber PNOLV-…) one of the institution's representatives.

Options:
  --institution REGNO      the institution's registration number (11 digits)
  --personal-code CODE     the person's Latvian personal code (XXXXXX-XXXXX)
  --name TEXT              their full name, as the institution's authorisation gives it
${DATA_DIR_OPTION}: {"id","institution","name","added_at"} (the personal code is not
                         printed back)

${EXIT_CODES} Refusals: bad-input, representative-exists.`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        institution: { type: "string" },
        "personal-code": { type: "string" },
        name: { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    if (!values.institution || !values["personal-code"] || !values.name)
      throw new UsageError("--institution, --personal-code and --name are required");
    return withRegistry(values["data-dir"], io, "representative add", values.json, async (db) => {
      const added = await addRepresentative(
        db,
        {
          institutionRegistrationNumber: values.institution!,
          personalCode: values["personal-code"]!,
          fullName: values.name!,
        },
        "cli",
        new Date(),
      );
      const json = {
        id: added.id,
        institution: added.institutionRegistrationNumber,
        name: added.fullName,
        added_at: added.addedAt.toISOString(),
      };
      if (values.json) io.stdout(`${JSON.stringify(json)}\n`);
      else
        io.stdout(`Added ${added.fullName} as a representative of ${added.institutionRegistrationNumber}.\n`);
      return 0;
    });
  },
};
