/**
 * OASIS Genericode 1.0 code lists (the EC's `.gc` files): the codes of the key column of each
 * list. Pure: the caller parses the files (see ../codelist-loader.ts) and passes the documents.
 */
import { kids, text } from "./xml.ts";

/** The lists the business rules consult, by the file they come from. */
export const CODE_LIST_FILES = {
  agentClassification: "AgentClassification-CodeList.gc",
  country: "CountryIdentificationCode-2.3.gc",
  dsdErrorCodes: "DSDErrorCodes-CodeList.gc",
  eas: "EAS.gc",
  ebErrorCodes: "EBErrorCodes-CodeList.gc",
  edmErrorCodes: "EDMErrorCodes-CodeList.gc",
  errorSeverity: "ErrorSeverity-CodeList.gc",
  identifierSchemes: "IdentifierSchemes-CodeList.gc",
  jurisdictionLevel: "JurisdictionLevel-CodeList.gc",
  lcmErrorCodes: "LCMErrorCodes-CodeList.gc",
  language: "LanguageCode-2.3.gc",
  levelsOfAssurance: "LevelsOfAssurance-CodeList.gc",
  nuts: "NutsCodes.gc",
  mediaTypes: "OOTSMediaTypes-CodeList.gc",
  procedures: "Procedures-CodeList.gc",
} as const;

export type CodeListName = keyof typeof CODE_LIST_FILES;
export type CodeLists = Readonly<Record<CodeListName, ReadonlySet<string>>>;

/** The key column's values (trimmed: the EC files carry stray blanks, e.g. "IP ", "\timage/svg+xml"). */
export function genericodeCodes(doc: Document): Set<string> {
  const root = doc.documentElement as Element;
  const none = "";
  const columnSet = kids(root).find((e) => e.localName === "ColumnSet");
  const key = columnSet ? kids(columnSet).find((e) => e.localName === "Key") : undefined;
  const ref = key
    ? kids(key)
        .find((e) => e.localName === "ColumnRef")
        ?.getAttribute("Ref")
    : undefined;
  const column = (ref ?? "code").toLowerCase();
  const list = kids(root).find((e) => e.localName === "SimpleCodeList");
  const codes = new Set<string>();
  for (const row of list ? kids(list).filter((e) => e.localName === "Row") : []) {
    for (const v of kids(row).filter((e) => e.localName === "Value")) {
      if ((v.getAttribute("ColumnRef") ?? none).toLowerCase() !== column) continue;
      const value = text(kids(v).find((e) => e.localName === "SimpleValue"));
      if (value) codes.add(value);
    }
  }
  return codes;
}
