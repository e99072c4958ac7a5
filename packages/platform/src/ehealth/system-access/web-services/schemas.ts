/**
 * JSON schemas of the system web services (typebox): Fastify validates and serialises with them
 * and @fastify/swagger turns them into the OpenAPI 3.1 document, so the published contract and
 * the answers cannot drift apart. Examples are part of the schemas (DEV-1: a developer starts
 * from them).
 */
import { Type } from "typebox";
import { PATIENT_HEADER, PROFESSIONAL_HEADER, PURPOSE_HEADER } from "./acting.ts";
import { PROBLEM_TYPE_PREFIX } from "./problems.ts";

/** ANX2-20, repeated in every description of an answer with personal data. */
export const ANX2_20 =
  "Personal data: the client system must not store it persistently; it keeps only metadata as a reference back to the e-health system (ANX2-20). Sent with Cache-Control: no-store.";

const EXAMPLE_PROFESSIONAL = "030370-10004";
const EXAMPLE_PATIENT = "010180-10000";

export const ActingHeaders = Type.Object({
  [PROFESSIONAL_HEADER]: Type.String({
    description: "Personal code of the professional acting in the calling system",
    examples: [EXAMPLE_PROFESSIONAL],
  }),
  [PURPOSE_HEADER]: Type.String({
    description: "Purpose of access (classifier `purposes`), recorded with the access (CON-9)",
    examples: ["treatment"],
  }),
});

export const PatientHeaders = Type.Object({
  ...ActingHeaders.properties,
  [PATIENT_HEADER]: Type.String({
    description: "The patient's personal code (kept out of the address on purpose)",
    examples: [EXAMPLE_PATIENT],
  }),
});

const Signature = Type.Object({
  status: Type.Union([
    Type.Literal("none"),
    Type.Literal("valid"),
    Type.Literal("invalid"),
    Type.Literal("indeterminate"),
  ]),
  signer: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
});

export const DocumentMetadata = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    institution: Type.String({ description: "Registration number of the institution that submitted it" }),
    author: Type.String({ description: "Personal code of the professional who submitted it" }),
    submittedAt: Type.String({ format: "date-time" }),
    title: Type.Union([Type.String(), Type.Null()]),
    type: Type.Union([
      Type.Object({
        code: Type.String(),
        system: Type.Union([Type.String(), Type.Null()]),
        display: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    effectiveTime: Type.Union([Type.String(), Type.Null()], { description: "HL7 TS as written" }),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    signature: Signature,
  },
  {
    $id: "DocumentMetadata",
    examples: [
      {
        id: "0b7f2c1e-6a55-4a8e-9f0c-3d2b1a0e9f11",
        institution: "40003000001",
        author: EXAMPLE_PROFESSIONAL,
        submittedAt: "2026-03-02T10:00:00.000Z",
        title: "Izraksts no slimnīcas",
        type: { code: "18842-5", system: "2.16.840.1.113883.6.1", display: "Discharge summary" },
        effectiveTime: "20260302100000+0000",
        sizeBytes: 51234,
        sha256: "9f2c…",
        signature: {
          status: "valid",
          signer: "Sistēmu slimnīca",
          signedAt: "2026-03-02T09:59:58Z",
          format: "XAdES-BASELINE-LT",
        },
      },
    ],
  },
);

export const DocumentList = Type.Object({ documents: Type.Array(Type.Ref("DocumentMetadata")) });

export const Submitted = Type.Object({
  id: Type.String({ format: "uuid" }),
  sha256: Type.String(),
  signature: Signature,
});

export const RightAnswer = Type.Object({
  action: Type.String(),
  allowed: Type.Boolean(),
  role: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: "Why not (stable code of the rights policy)" })),
  missingRight: Type.Optional(Type.String()),
});

const ClassifierCode = Type.Object({
  code: Type.String(),
  display: Type.Object({ lv: Type.String(), en: Type.String() }),
  validFrom: Type.String({ format: "date", description: "First day the code may be used" }),
  validTo: Type.Union([Type.String({ format: "date" }), Type.Null()], {
    description: "Last day the code may be used; null: open-ended",
  }),
});

export const ClassifierSchema = Type.Object(
  {
    name: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    system: Type.String({ description: "The code system's canonical URL" }),
    codes: Type.Array(ClassifierCode),
  },
  {
    $id: "Classifier",
    examples: [
      {
        name: "document-types",
        version: 2,
        system: "http://loinc.org",
        codes: [
          {
            code: "18842-5",
            display: { lv: "Izraksts no slimnīcas", en: "Discharge summary" },
            validFrom: "2024-01-01",
            validTo: null,
          },
        ],
      },
    ],
  },
);

export const ClassifierChangesSchema = Type.Object(
  {
    name: Type.String(),
    version: Type.Integer({ minimum: 1, description: "The current version" }),
    system: Type.String(),
    since: Type.Integer({ description: "The version the client holds" }),
    changes: Type.Array(
      Type.Object({
        ...ClassifierCode.properties,
        change: Type.Union([Type.Literal("added"), Type.Literal("changed"), Type.Literal("retired")], {
          description: "retired: no longer valid, kept for old documents",
        }),
        version: Type.Integer({ description: "The version that made the change" }),
      }),
    ),
  },
  {
    $id: "ClassifierChanges",
    examples: [
      {
        name: "document-types",
        version: 3,
        system: "http://loinc.org",
        since: 1,
        changes: [
          {
            code: "11506-3",
            display: { lv: "Progresa piezīmes", en: "Progress note" },
            validFrom: "2024-01-01",
            validTo: null,
            change: "retired",
            version: 3,
          },
          {
            code: "34133-9",
            display: { lv: "Epizodes kopsavilkums", en: "Summary of episode note" },
            validFrom: "2027-01-01",
            validTo: null,
            change: "added",
            version: 2,
          },
        ],
      },
    ],
  },
);

export const ClassifierOrChanges = Type.Union([Type.Ref("Classifier"), Type.Ref("ClassifierChanges")], {
  description: "The classifier (without `since`) or its changes since the version given",
});

export const ClassifierList = Type.Object({
  classifiers: Type.Array(
    Type.Object({
      name: Type.String(),
      version: Type.Integer(),
      url: Type.String(),
      title: Type.Object({ lv: Type.String(), en: Type.String() }),
    }),
  ),
});

export const ClassifierName = Type.Object({
  name: Type.String({ pattern: "^[a-z][a-z0-9-]{0,62}$", examples: ["document-types"] }),
});

export const SinceQuery = Type.Object({
  since: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: "Answer only what versions after this one added, changed or retired",
      examples: [1],
    }),
  ),
});

/** A FHIR resource answered as application/fhir+json (its shape is FHIR R4's own), with an example. */
export function FhirResource(description: string, example: object) {
  return { description, content: { "application/fhir+json": { schema: { type: "object" }, example } } };
}

const LOINC = "http://loinc.org";

export const CODE_SYSTEM_EXAMPLE = {
  resourceType: "CodeSystem",
  id: "document-types",
  language: "lv",
  url: LOINC,
  version: "2",
  status: "active",
  content: "complete",
  count: 1,
  property: [
    { code: "effectiveDate", uri: "http://hl7.org/fhir/concept-properties#effectiveDate", type: "dateTime" },
    {
      code: "retirementDate",
      uri: "http://hl7.org/fhir/concept-properties#retirementDate",
      type: "dateTime",
    },
  ],
  concept: [
    {
      code: "18842-5",
      display: "Izraksts no slimnīcas",
      designation: [{ language: "en", value: "Discharge summary" }],
      property: [{ code: "effectiveDate", valueDateTime: "2024-01-01" }],
    },
  ],
};

export const VALUE_SET_EXAMPLE = {
  resourceType: "ValueSet",
  id: "document-types",
  language: "lv",
  url: "urn:tilts:valueset:document-types",
  version: "2",
  status: "active",
  compose: { include: [{ system: LOINC, version: "2" }] },
  expansion: {
    timestamp: "2026-12-07T10:00:00.000Z",
    total: 1,
    contains: [
      {
        system: LOINC,
        version: "2",
        code: "18842-5",
        display: "Izraksts no slimnīcas",
        designation: [{ language: "en", value: "Discharge summary" }],
      },
    ],
  },
};

/** Problem answers a route can give, for the OpenAPI document. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `Problem document (RFC 9457); type ${PROBLEM_TYPE_PREFIX}<code>`,
        content: { "application/problem+json": { schema: Type.Ref("Problem") } },
      },
    ]),
  );
}
