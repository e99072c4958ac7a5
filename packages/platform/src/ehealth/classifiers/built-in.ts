/**
 * The classifiers the platform starts with (version 1 of each, ANX2-17). They are data, frozen
 * here for the migration that seeds them: the operator publishes later versions as files
 * (`tilts ehealth classifiers load`). The codes of the four classifiers the platform's own rules
 * name (purposes, roles, actions, institution kinds) must stay the ones the code knows —
 * `bound-codes.ts` keeps a load from adding others; a test checks the two agree.
 */
import { EU_EEA_COUNTRIES } from "./countries.ts";

export interface SeedCode {
  code: string;
  lv: string;
  en: string;
}

export interface SeedCodeSystem {
  name: string;
  url: string;
  oid: string | null;
  titleLv: string;
  titleEn: string;
  codes: readonly SeedCode[];
}

/** The first day of the built-in codes' validity (the platform's first contract year). */
export const BUILT_IN_VALID_FROM = "2024-01-01";

/** LOINC's OID, as a CDA document's `code/@codeSystem` names it. */
export const LOINC_OID = "2.16.840.1.113883.6.1";

export const BUILT_IN_CODE_SYSTEMS: readonly SeedCodeSystem[] = [
  {
    name: "purposes",
    url: "urn:tilts:classifier:purpose",
    oid: null,
    titleLv: "Piekļuves mērķi",
    titleEn: "Purposes of access",
    codes: [
      { code: "treatment", lv: "ārstēšana", en: "treatment" },
      { code: "emergency", lv: "neatliekamā palīdzība", en: "emergency care" },
      { code: "prescription", lv: "recepte", en: "prescription" },
      { code: "laboratory", lv: "laboratorijas izmeklējumi", en: "laboratory tests" },
      { code: "registration", lv: "pacienta reģistrācija", en: "patient registration" },
    ],
  },
  {
    name: "professional-roles",
    url: "urn:tilts:classifier:professional-role",
    oid: null,
    titleLv: "Ārstniecības personu lomas",
    titleEn: "Professional roles",
    codes: [
      { code: "doctor", lv: "ārsts", en: "doctor" },
      { code: "nurse", lv: "māsa", en: "nurse" },
      { code: "pharmacist", lv: "farmaceits", en: "pharmacist" },
      { code: "laboratory-specialist", lv: "laboratorijas speciālists", en: "laboratory specialist" },
      { code: "registrar", lv: "reģistrators", en: "registrar" },
    ],
  },
  {
    name: "patient-data-actions",
    url: "urn:tilts:classifier:patient-data-action",
    oid: null,
    titleLv: "Darbības ar pacienta datiem",
    titleEn: "Patient-data actions",
    codes: [
      { code: "patient.documents.list", lv: "pacienta dokumentu saraksts", en: "list a patient's documents" },
      { code: "document.read", lv: "dokumenta lasīšana", en: "read a document" },
      { code: "document.upload", lv: "dokumenta iesniegšana", en: "submit a document" },
    ],
  },
  {
    name: "document-types",
    url: "http://loinc.org",
    oid: LOINC_OID,
    titleLv: "Dokumentu veidi",
    titleEn: "Document types",
    codes: [
      { code: "18842-5", lv: "Izraksts no slimnīcas", en: "Discharge summary" },
      { code: "11502-2", lv: "Laboratorijas izmeklējumu rezultāti", en: "Laboratory report" },
      { code: "11506-3", lv: "Progresa piezīmes", en: "Progress note" },
    ],
  },
  {
    name: "institution-kinds",
    url: "urn:tilts:classifier:institution-kind",
    oid: null,
    titleLv: "Iestāžu veidi",
    titleEn: "Institution kinds",
    codes: [
      { code: "hospital", lv: "slimnīca", en: "hospital" },
      { code: "practice", lv: "prakse", en: "practice" },
      { code: "pharmacy", lv: "aptieka", en: "pharmacy" },
      { code: "laboratory", lv: "laboratorija", en: "laboratory" },
    ],
  },
  {
    name: "countries",
    // FHIR's canonical URL for ISO 3166 (alpha-2 codes).
    url: "urn:iso:std:iso:3166",
    oid: "1.0.3166.1.2.2",
    titleLv: "Valstis",
    titleEn: "Countries",
    codes: EU_EEA_COUNTRIES,
  },
];
