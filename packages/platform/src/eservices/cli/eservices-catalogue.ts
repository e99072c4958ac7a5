/** `tilts eservices catalogue`: the registered e-services (ESV-1), as the public catalogue shows them. */
import { type Command, UsageError } from "../../cli/command.ts";
import { parseCommandArgs } from "../../cli/parse-command-args.ts";
import { catalogueEntryJson, searchCatalogue } from "../catalogue.ts";
import { AUDIENCES, type Audience } from "../core/registration-form.ts";
import { DATA_DIR_OPTION, EXIT_CODES, withRegistry } from "./cli-shared.ts";

export const eservicesCatalogueCommand: Command = {
  path: ["eservices", "catalogue"],
  summary: "list the registered e-services of the public catalogue, searched by words and audience (ESV-1)",
  help: `Usage: tilts eservices catalogue [--q WORDS] [--audience ${AUDIENCES.join("|")}] [--data-dir DIR] [--json]

Lists the registered e-services as GET /api/eservices answers: every word of --q must occur in
a name or description (Latvian or English), case-insensitive.

Options:
  --q WORDS                words to search for
  --audience A             only e-services for ${AUDIENCES.join(" or ")}
${DATA_DIR_OPTION}: {"count","eservices":[{"identifier","name","description","audiences",
                         "channels","legal_basis","institution","registered_at"}]}

${EXIT_CODES}`,
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: {
        q: { type: "string" },
        audience: { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
    const audience = values.audience;
    if (audience !== undefined && !(AUDIENCES as readonly string[]).includes(audience))
      throw new UsageError(`--audience must be one of ${AUDIENCES.join(", ")}`);
    return withRegistry(values["data-dir"], io, "catalogue", values.json, async (db) => {
      const entries = await searchCatalogue(db, {
        q: values.q ?? "",
        ...(audience ? { audience: audience as Audience } : {}),
      });
      if (values.json)
        io.stdout(
          `${JSON.stringify({ count: entries.length, eservices: entries.map(catalogueEntryJson) })}\n`,
        );
      else if (entries.length === 0) io.stdout("No registered e-service matches.\n");
      else io.stdout(entries.map((e) => `${e.identifier}  ${e.institution.name}: ${e.name.en}\n`).join(""));
      return 0;
    });
  },
};
