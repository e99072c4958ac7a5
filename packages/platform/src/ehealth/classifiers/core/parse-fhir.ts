/**
 * The operator's classifier file as a FHIR R4 CodeSystem (JSON), the form this platform also
 * serves (`/system/v1/fhir/CodeSystem/{name}`), so a file read from here loads back unchanged:
 *
 * - `concept[]`, flat (hierarchies are not supported): `code`, `display` in the resource's
 *   `language` (Latvian when absent), the other language as a `designation` with `language`;
 * - validity as the concept properties FHIR defines for this (`effectiveDate` — required — and
 *   `retirementDate`, `valueDateTime` as a date `YYYY-MM-DD`);
 * - `url`, when present, must be the classifier's (checked by the loader).
 */
import type { FileProblem } from "../errors.ts";
import { type ClassifierEntry, entryProblems } from "./entry.ts";

export const VALID_FROM_PROPERTY = "effectiveDate";
export const VALID_TO_PROPERTY = "retirementDate";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function propertyDate(concept: Json, name: string): string | null | undefined {
  const properties = Array.isArray(concept.property) ? concept.property : [];
  const found = properties.find((p) => isObject(p) && p.code === name) as Json | undefined;
  if (!found) return null;
  const value = found.valueDateTime ?? found.valueString;
  return typeof value === "string" ? value : undefined;
}

function designation(concept: Json, language: string): string | undefined {
  const designations = Array.isArray(concept.designation) ? concept.designation : [];
  const found = designations.find((d) => isObject(d) && d.language === language) as Json | undefined;
  return typeof found?.value === "string" ? found.value : undefined;
}

function entryOf(
  concept: Json,
  language: "lv" | "en",
  where: string,
  problems: FileProblem[],
): ClassifierEntry {
  const other = language === "lv" ? "en" : "lv";
  const display = typeof concept.display === "string" ? concept.display : "";
  const translated = designation(concept, other) ?? "";
  const from = propertyDate(concept, VALID_FROM_PROPERTY);
  const to = propertyDate(concept, VALID_TO_PROPERTY);
  if (from === null)
    problems.push({ where, message: `no ${VALID_FROM_PROPERTY} property (the first valid day)` });
  if (from === undefined || to === undefined)
    problems.push({ where, message: "a date property needs valueDateTime YYYY-MM-DD" });
  if (!translated) problems.push({ where, message: `no designation in language "${other}"` });
  if (Array.isArray(concept.concept)) problems.push({ where, message: "nested concepts are not supported" });
  return {
    code: typeof concept.code === "string" ? concept.code : "",
    displayLv: language === "lv" ? display : translated,
    displayEn: language === "en" ? display : translated,
    validFrom: from ?? "",
    validTo: to ?? null,
  };
}

/** The entries of a FHIR CodeSystem file, its `url`, or the problems that stop it. */
export function parseClassifierFhir(text: string): {
  entries: ClassifierEntry[];
  url: string | null;
  problems: FileProblem[];
} {
  let resource: unknown;
  try {
    resource = JSON.parse(text);
  } catch (error) {
    return {
      entries: [],
      url: null,
      problems: [{ where: "file", message: `not JSON: ${(error as Error).message}` }],
    };
  }
  if (!isObject(resource) || resource.resourceType !== "CodeSystem")
    return {
      entries: [],
      url: null,
      problems: [{ where: "file", message: 'resourceType is not "CodeSystem"' }],
    };
  const language = resource.language === undefined || resource.language === "lv" ? "lv" : resource.language;
  if (language !== "lv" && language !== "en")
    return {
      entries: [],
      url: null,
      problems: [{ where: "language", message: 'language must be "lv" or "en"' }],
    };
  if (!Array.isArray(resource.concept))
    return { entries: [], url: null, problems: [{ where: "concept", message: "no concept array" }] };
  const problems: FileProblem[] = [];
  const entries = resource.concept.map((concept, i) => {
    const where = `concept[${i}]`;
    if (!isObject(concept)) {
      problems.push({ where, message: "not an object" });
      return null;
    }
    const entry = entryOf(concept, language, where, problems);
    for (const message of entryProblems(entry)) problems.push({ where, message });
    return entry;
  });
  return {
    entries: entries.filter((e): e is ClassifierEntry => e !== null),
    url: typeof resource.url === "string" ? resource.url : null,
    problems,
  };
}
