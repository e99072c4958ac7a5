/**
 * The operator's classifier file as CSV (RFC 4180: comma-separated, fields with commas, quotes or
 * line breaks in double quotes, a quote doubled inside them; CRLF or LF; an optional UTF-8 BOM).
 * The first line is exactly the header
 *
 *   code,display_lv,display_en,valid_from,valid_to
 *
 * and each further line one code; `valid_to` may be empty (open-ended). Blank lines are skipped.
 * Problems are reported by the line they start on (the header is line 1).
 */
import type { FileProblem } from "../errors.ts";
import { type ClassifierEntry, entryProblems } from "./entry.ts";

export const CSV_HEADER = ["code", "display_lv", "display_en", "valid_from", "valid_to"] as const;

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits the text into records; a quote left open is a problem of the line it opened on. */
function records(text: string): { records: CsvRecord[]; problem?: FileProblem } {
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) out.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted)
    return {
      records: out,
      problem: { where: `line ${quoteLine}`, message: "a quoted field is never closed" },
    };
  if (field !== "" || fields.length > 0) endRecord();
  return { records: out };
}

/** The entries of a CSV classifier file, or the problems that stop it (per line). */
export function parseClassifierCsv(text: string): { entries: ClassifierEntry[]; problems: FileProblem[] } {
  const split = records(text.startsWith("\uFEFF") ? text.slice(1) : text);
  const problems: FileProblem[] = split.problem ? [split.problem] : [];
  const [header, ...rows] = split.records;
  if (!header || header.fields.join(",") !== CSV_HEADER.join(","))
    return {
      entries: [],
      problems: [
        { where: "line 1", message: `the header must be exactly ${CSV_HEADER.join(",")}` },
        ...problems,
      ],
    };
  const entries: ClassifierEntry[] = [];
  for (const row of rows) {
    if (row.fields.length !== CSV_HEADER.length) {
      problems.push({
        where: `line ${row.line}`,
        message: `${row.fields.length} fields where the header has ${CSV_HEADER.length}`,
      });
      continue;
    }
    const [code, displayLv, displayEn, validFrom, validTo] = row.fields as [
      string,
      string,
      string,
      string,
      string,
    ];
    const entry = { code, displayLv, displayEn, validFrom, validTo: validTo === "" ? null : validTo };
    for (const message of entryProblems(entry)) problems.push({ where: `line ${row.line}`, message });
    entries.push(entry);
  }
  return { entries, problems };
}
