/**
 * A small builder of HL7 CDA R2 documents for demo data and tests: a header (patient, author,
 * institution as custodian, LOINC document type, effective time) and a structured body of
 * sections with narrative. The output validates against the CDA R2 schema the product ships
 * (packages/platform/schemas/cda; checked by cda-builder.test.ts); it is a sample maker, not a
 * document-authoring tool — real documents come from institutions' systems (ANX2-12).
 *
 * Every text is escaped here: names and narrative are data, never markup. A narrative is given
 * as a small tree (paragraphs, lists, tables) and written as CDA NarrativeBlock elements.
 */
import { randomUUID } from "node:crypto";
import {
  ADMINISTRATIVE_GENDER,
  CDA_TYPE_ID,
  CONFIDENTIALITY,
  DOCUMENT_ID_ROOT,
  INSTITUTION_ROOT,
  LOINC,
  PERSONAL_CODE_ROOT,
} from "./cda-ids.ts";

export interface CdaPerson {
  /** `XXXXXX-XXXXX`. */
  readonly personalCode: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly gender?: "male" | "female";
  /** `YYYY-MM-DD`. */
  readonly birthDate?: string;
}

export interface CdaInstitution {
  readonly registrationNumber: string;
  readonly name: string;
}

/** Narrative content of a section (CDA NarrativeBlock, a safe subset). */
export type NarrativeBlock =
  | { readonly paragraph: string }
  | { readonly list: readonly string[] }
  | { readonly table: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] } };

export interface CdaSection {
  /** LOINC section code. */
  readonly code?: { readonly code: string; readonly displayName: string };
  readonly title: string;
  readonly narrative: readonly NarrativeBlock[];
}

export interface CdaDocumentSpec {
  /** LOINC document type. */
  readonly type: { readonly code: string; readonly displayName: string };
  readonly title: string;
  readonly patient: CdaPerson;
  readonly author: CdaPerson;
  readonly institution: CdaInstitution;
  readonly effectiveTime: Date;
  readonly sections: readonly CdaSection[];
  /** Document id extension; a random UUID by default. */
  readonly id?: string;
  /** `lv-LV` by default. */
  readonly languageCode?: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text and attribute values; also drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** HL7 TS: `YYYYMMDDHHMMSS+ZZZZ` in UTC (`+0000`). */
export function hl7Timestamp(instant: Date): string {
  const iso = instant.toISOString(); // 2026-11-25T22:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
}

const ind = (n: number) => "  ".repeat(n);

function narrativeXml(blocks: readonly NarrativeBlock[], depth: number): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if ("paragraph" in block) lines.push(`${ind(depth)}<paragraph>${xmlEscape(block.paragraph)}</paragraph>`);
    else if ("list" in block) {
      lines.push(`${ind(depth)}<list>`);
      for (const item of block.list) lines.push(`${ind(depth + 1)}<item>${xmlEscape(item)}</item>`);
      lines.push(`${ind(depth)}</list>`);
    } else {
      lines.push(`${ind(depth)}<table>`);
      lines.push(
        `${ind(depth + 1)}<thead><tr>${block.table.head.map((h) => `<th>${xmlEscape(h)}</th>`).join("")}</tr></thead>`,
      );
      lines.push(`${ind(depth + 1)}<tbody>`);
      for (const row of block.table.rows) {
        lines.push(`${ind(depth + 2)}<tr>${row.map((c) => `<td>${xmlEscape(c)}</td>`).join("")}</tr>`);
      }
      lines.push(`${ind(depth + 1)}</tbody>`);
      lines.push(`${ind(depth)}</table>`);
    }
  }
  return lines.join("\n");
}

function nameXml(person: CdaPerson): string {
  return `<name><given>${xmlEscape(person.givenName)}</given><family>${xmlEscape(person.familyName)}</family></name>`;
}

/** Builds a CDA R2 document (UTF-8 text with an XML declaration). */
export function buildCdaDocument(spec: CdaDocumentSpec): string {
  const time = hl7Timestamp(spec.effectiveTime);
  const { patient, author, institution } = spec;
  const gender =
    patient.gender === undefined
      ? ""
      : `\n          <administrativeGenderCode code="${patient.gender === "male" ? "M" : "F"}" codeSystem="${ADMINISTRATIVE_GENDER}"/>`;
  const birth =
    patient.birthDate === undefined
      ? ""
      : `\n          <birthTime value="${xmlEscape(patient.birthDate.replaceAll("-", ""))}"/>`;
  const organization = `<id root="${INSTITUTION_ROOT}" extension="${xmlEscape(institution.registrationNumber)}"/>
          <name>${xmlEscape(institution.name)}</name>`;
  const sections = spec.sections
    .map((s) => {
      const code = s.code
        ? `\n          <code code="${xmlEscape(s.code.code)}" codeSystem="${LOINC}" codeSystemName="LOINC" displayName="${xmlEscape(s.code.displayName)}"/>`
        : "";
      return `      <component>
        <section>${code}
          <title>${xmlEscape(s.title)}</title>
          <text>
${narrativeXml(s.narrative, 6)}
          </text>
        </section>
      </component>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="LV"/>
  <typeId root="${CDA_TYPE_ID.root}" extension="${CDA_TYPE_ID.extension}"/>
  <id root="${DOCUMENT_ID_ROOT}" extension="${xmlEscape(spec.id ?? randomUUID())}"/>
  <code code="${xmlEscape(spec.type.code)}" codeSystem="${LOINC}" codeSystemName="LOINC" displayName="${xmlEscape(spec.type.displayName)}"/>
  <title>${xmlEscape(spec.title)}</title>
  <effectiveTime value="${time}"/>
  <confidentialityCode code="N" codeSystem="${CONFIDENTIALITY}"/>
  <languageCode code="${xmlEscape(spec.languageCode ?? "lv-LV")}"/>
  <recordTarget>
    <patientRole>
      <id root="${PERSONAL_CODE_ROOT}" extension="${xmlEscape(patient.personalCode)}"/>
      <patient>
        ${nameXml(patient)}${gender}${birth}
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="${time}"/>
    <assignedAuthor>
      <id root="${PERSONAL_CODE_ROOT}" extension="${xmlEscape(author.personalCode)}"/>
      <assignedPerson>
        ${nameXml(author)}
      </assignedPerson>
      <representedOrganization>
        ${organization}
      </representedOrganization>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian>
      <representedCustodianOrganization>
        ${organization}
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <component>
    <structuredBody>
${sections}
    </structuredBody>
  </component>
</ClinicalDocument>
`;
}

export interface SampleInput {
  readonly patient: CdaPerson;
  readonly author: CdaPerson;
  readonly institution: CdaInstitution;
  readonly effectiveTime?: Date;
}

/** A discharge summary (LOINC 18842-5) in Latvian, with a diagnosis table and advice list. */
export function sampleDischargeSummary(input: SampleInput): string {
  return buildCdaDocument({
    type: { code: "18842-5", displayName: "Discharge summary" },
    title: "Izraksts no stacionāra",
    patient: input.patient,
    author: input.author,
    institution: input.institution,
    effectiveTime: input.effectiveTime ?? new Date(),
    sections: [
      {
        code: { code: "11535-2", displayName: "Hospital discharge Dx" },
        title: "Diagnozes",
        narrative: [
          {
            table: {
              head: ["Kods (SSK-10)", "Diagnoze"],
              rows: [
                ["J18.9", "Pneimonija, neprecizēta"],
                ["I10", "Esenciāla (primāra) hipertensija"],
              ],
            },
          },
        ],
      },
      {
        code: { code: "8648-8", displayName: "Hospital course" },
        title: "Ārstēšanas gaita",
        narrative: [
          {
            paragraph:
              "Pacients stacionēts ar drudzi un klepu. Saņēma antibakteriālu terapiju 7 dienas; stāvoklis uzlabojies.",
          },
        ],
      },
      {
        code: { code: "8653-8", displayName: "Hospital discharge instructions" },
        title: "Ieteikumi",
        narrative: [
          {
            list: [
              "Kontrole pie ģimenes ārsta pēc 7 dienām",
              "Atkārtota krūškurvja rentgenogramma pēc 6 nedēļām",
            ],
          },
        ],
      },
    ],
  });
}

/** A laboratory report (LOINC 11502-2) with a results table. */
export function sampleLabResult(input: SampleInput): string {
  return buildCdaDocument({
    type: { code: "11502-2", displayName: "Laboratory report" },
    title: "Laboratorijas izmeklējumu rezultāti",
    patient: input.patient,
    author: input.author,
    institution: input.institution,
    effectiveTime: input.effectiveTime ?? new Date(),
    sections: [
      {
        code: { code: "30954-2", displayName: "Relevant diagnostic tests/laboratory data" },
        title: "Asins analīzes",
        narrative: [
          {
            table: {
              head: ["Rādītājs", "Rezultāts", "Mērvienība", "Norma"],
              rows: [
                ["Hemoglobīns", "138", "g/L", "120–160"],
                ["Leikocīti", "11,2", "10^9/L", "4,0–9,0"],
                ["C-reaktīvais olbaltums", "48", "mg/L", "< 5"],
              ],
            },
          },
          { paragraph: "Paaugstināts leikocītu skaits un CRO: iekaisuma pazīmes." },
        ],
      },
    ],
  });
}
