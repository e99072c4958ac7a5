/**
 * The operator's classifier files read alone (no database): CSV with quoting, CRLF and a BOM;
 * FHIR CodeSystem JSON in either language; every problem of a bad file reported with its line or
 * concept; limits; and the comparison with the published codes.
 */
import { describe, expect, it } from "vitest";
import { ClassifierError } from "../errors.ts";
import { computeChanges } from "./changes.ts";
import { MAX_CLASSIFIER_FILE_BYTES, readClassifierFile } from "./read-file.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = "code,display_lv,display_en,valid_from,valid_to";

function refusal(text: string | Uint8Array): ClassifierError {
  try {
    readClassifierFile(typeof text === "string" ? bytes(text) : text);
  } catch (error) {
    if (error instanceof ClassifierError) return error;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("classifier CSV files", () => {
  it("reads quoted fields with commas and quotes, CRLF, a BOM and an open end date", () => {
    const text = `\uFEFF${HEADER}\r\n18842-5,"Izraksts, slimnīca","Discharge ""summary""",2024-01-01,\r\n\r\nX-1,"Divi",Two,2024-01-01,2026-12-31\r\n`;
    const file = readClassifierFile(bytes(text));
    expect(file.format).toBe("csv");
    expect(file.entries).toEqual([
      {
        code: "18842-5",
        displayLv: "Izraksts, slimnīca",
        displayEn: 'Discharge "summary"',
        validFrom: "2024-01-01",
        validTo: null,
      },
      { code: "X-1", displayLv: "Divi", displayEn: "Two", validFrom: "2024-01-01", validTo: "2026-12-31" },
    ]);
  });

  it("reports every bad line at once, by the line it starts on, and loads nothing", () => {
    const text = [
      HEADER,
      "A,Viens,One,2024-01-01,",
      "B,,Two,2024-02-30,",
      "C,Trīs,Three,2024-05-01,2024-04-01",
      'E,"Divas\nrindas",Two lines,2024-01-01,',
      "D,Četri,Four",
      "A,Viens atkal,One again,2024-01-01,",
    ].join("\n");
    const error = refusal(text);
    expect(error.code).toBe("classifier-file-invalid");
    expect(error.problems).toEqual([
      { where: "line 3", message: "display_lv is empty" },
      { where: "line 3", message: 'valid_from "2024-02-30" is not a YYYY-MM-DD date' },
      { where: "line 4", message: "valid_to is before valid_from" },
      { where: "line 5", message: "display_lv has control characters" },
      { where: "line 7", message: "3 fields where the header has 5" },
      { where: "code A", message: "the code appears more than once" },
    ]);
  });

  it("refuses a wrong header, an open quote, a file with no codes, non-UTF-8 and an oversized file", () => {
    expect(refusal("code;display_lv\nA;B").problems[0]).toEqual({
      where: "line 1",
      message: `the header must be exactly ${HEADER}`,
    });
    expect(refusal(`${HEADER}\nA,"open,One,2024-01-01,`).problems).toContainEqual({
      where: "line 2",
      message: "a quoted field is never closed",
    });
    expect(refusal(`${HEADER}\n`).problems).toEqual([{ where: "file", message: "the file has no codes" }]);
    expect(refusal(new Uint8Array([0x63, 0xff, 0xfe])).problems).toEqual([
      { where: "file", message: "not UTF-8" },
    ]);
    expect(refusal(new Uint8Array(MAX_CLASSIFIER_FILE_BYTES + 1)).code).toBe("classifier-file-too-large");
  });
});

describe("classifier FHIR CodeSystem files", () => {
  const concept = (code: string, lv: string, en: string, from: string, to?: string) => ({
    code,
    display: lv,
    designation: [{ language: "en", value: en }],
    property: [
      { code: "effectiveDate", valueDateTime: from },
      ...(to ? [{ code: "retirementDate", valueDateTime: to }] : []),
    ],
  });

  it("reads concepts with their English designation and validity properties, and the url", () => {
    const file = readClassifierFile(
      bytes(
        JSON.stringify({
          resourceType: "CodeSystem",
          url: "http://loinc.org",
          concept: [concept("18842-5", "Izraksts", "Discharge summary", "2024-01-01", "2027-12-31")],
        }),
      ),
    );
    expect(file).toEqual({
      format: "fhir-json",
      url: "http://loinc.org",
      entries: [
        {
          code: "18842-5",
          displayLv: "Izraksts",
          displayEn: "Discharge summary",
          validFrom: "2024-01-01",
          validTo: "2027-12-31",
        },
      ],
    });
  });

  it("reads a CodeSystem written in English with a Latvian designation", () => {
    const file = readClassifierFile(
      bytes(
        JSON.stringify({
          resourceType: "CodeSystem",
          language: "en",
          concept: [
            {
              code: "LV",
              display: "Latvia",
              designation: [{ language: "lv", value: "Latvija" }],
              property: [{ code: "effectiveDate", valueDateTime: "2024-01-01" }],
            },
          ],
        }),
      ),
    );
    expect(file.entries[0]).toMatchObject({ displayLv: "Latvija", displayEn: "Latvia" });
  });

  it("reports each bad concept by its index; refuses what is not a CodeSystem", () => {
    const error = refusal(
      JSON.stringify({
        resourceType: "CodeSystem",
        concept: [
          concept("A", "Viens", "One", "2024-01-01"),
          { code: "B", display: "Divi", property: [{ code: "effectiveDate", valueDateTime: "2024-01-01" }] },
          {
            ...concept("C", "Trīs", "Three", "2024-01-01"),
            concept: [concept("C1", "a", "b", "2024-01-01")],
          },
        ],
      }),
    );
    expect(error.problems).toEqual([
      { where: "concept[1]", message: 'no designation in language "en"' },
      { where: "concept[1]", message: "display_en is empty" },
      { where: "concept[2]", message: "nested concepts are not supported" },
    ]);
    expect(refusal('{"resourceType":"ValueSet"}').problems[0]?.message).toBe(
      'resourceType is not "CodeSystem"',
    );
    expect(refusal("{not json").problems[0]?.message).toMatch(/^not JSON/);
  });
});

describe("changes against the published codes", () => {
  const entry = (code: string, displayEn = code) => ({
    code,
    displayLv: code,
    displayEn,
    validFrom: "2024-01-01",
    validTo: null,
  });

  it("adds new and returning codes, changes differing ones, retires missing ones, keeps the rest", () => {
    const published = [
      { ...entry("kept"), retired: false },
      { ...entry("renamed"), retired: false },
      { ...entry("dropped"), retired: false },
      { ...entry("back"), retired: true },
    ];
    const changes = computeChanges(published, [
      entry("kept"),
      entry("renamed", "New name"),
      entry("back"),
      entry("new"),
    ]);
    expect(changes.added.map((e) => e.code)).toEqual(["back", "new"]);
    expect(changes.changed.map((e) => e.code)).toEqual(["renamed"]);
    expect(changes.retired).toEqual(["dropped"]);
    expect(computeChanges(published.slice(0, 3), published.slice(0, 3))).toEqual({
      added: [],
      changed: [],
      retired: [],
    });
  });
});
