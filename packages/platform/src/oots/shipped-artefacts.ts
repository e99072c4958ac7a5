/**
 * The EC artefacts the product ships (packages/platform/schemas/oots, EUPL-1.2, see its
 * NOTICE.md): where they are, and the code lists read once per process and handed to the pure
 * message layer.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseXml } from "@tilts/trust";
import { CODE_LIST_FILES, type CodeListName, type CodeLists, genericodeCodes } from "./edm/codelists.ts";

export const OOTS_SCHEMA_DIR = fileURLToPath(new URL("../../schemas/oots/", import.meta.url));
/** Our entry schema importing every shipped XSD by local path. */
export const OOTS_ENTRY_XSD = `${OOTS_SCHEMA_DIR}oots-edm.xsd`;

let codeLists: CodeLists | undefined;

/** The shipped Genericode lists (the NUTS and language lists are large: read them once). */
export function shippedCodeLists(): CodeLists {
  if (codeLists) return codeLists;
  const out = {} as Record<CodeListName, ReadonlySet<string>>;
  for (const [name, file] of Object.entries(CODE_LIST_FILES) as [CodeListName, string][]) {
    const { document } = parseXml(readFileSync(`${OOTS_SCHEMA_DIR}codelists/${file}`), {
      limits: { maxBytes: 4 * 1024 * 1024 },
    });
    out[name] = genericodeCodes(document);
  }
  codeLists = out;
  return out;
}
