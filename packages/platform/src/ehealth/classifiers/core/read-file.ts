/**
 * An operator's classifier file read whole, as a pipeline: size → UTF-8 → format (CSV or FHIR
 * CodeSystem JSON, by the first character) → each entry's checks → no code twice → at most
 * MAX_CODES. Every problem found is reported (up to MAX_FILE_PROBLEMS) in one ClassifierError.
 */
import { ClassifierError, type FileProblem, MAX_FILE_PROBLEMS } from "../errors.ts";
import type { ClassifierEntry } from "./entry.ts";
import { parseClassifierCsv } from "./parse-csv.ts";
import { parseClassifierFhir } from "./parse-fhir.ts";

/** A national classifier (ICD-10 with its Latvian names) fits easily; a mistake does not. */
export const MAX_CLASSIFIER_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_CODES = 50_000;

export type ClassifierFileFormat = "csv" | "fhir-json";

export interface ClassifierFile {
  format: ClassifierFileFormat;
  entries: ClassifierEntry[];
  /** The FHIR CodeSystem's `url`, if it names one. */
  url: string | null;
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ClassifierError("classifier-file-invalid", "the file is not UTF-8 text", [
      { where: "file", message: "not UTF-8" },
    ]);
  }
}

function duplicates(entries: readonly ClassifierEntry[]): FileProblem[] {
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const { code } of entries) {
    if (seen.has(code)) problems.push({ where: `code ${code}`, message: "the code appears more than once" });
    seen.add(code);
  }
  return problems;
}

export function readClassifierFile(bytes: Uint8Array): ClassifierFile {
  if (bytes.length > MAX_CLASSIFIER_FILE_BYTES)
    throw new ClassifierError(
      "classifier-file-too-large",
      `the file is ${bytes.length} bytes; at most ${MAX_CLASSIFIER_FILE_BYTES} are read`,
    );
  const text = decode(bytes);
  const format: ClassifierFileFormat = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .startsWith("{")
    ? "fhir-json"
    : "csv";
  const parsed = format === "csv" ? { ...parseClassifierCsv(text), url: null } : parseClassifierFhir(text);
  if (parsed.entries.length > MAX_CODES)
    throw new ClassifierError(
      "classifier-file-too-large",
      `the file has ${parsed.entries.length} codes; at most ${MAX_CODES}`,
    );
  const problems = [...parsed.problems, ...duplicates(parsed.entries)];
  if (problems.length === 0 && parsed.entries.length === 0)
    problems.push({ where: "file", message: "the file has no codes" });
  if (problems.length > 0)
    throw new ClassifierError(
      "classifier-file-invalid",
      `the ${format === "csv" ? "CSV" : "FHIR CodeSystem"} file has ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
      problems.slice(0, MAX_FILE_PROBLEMS),
    );
  return { format, entries: parsed.entries, url: parsed.url };
}
