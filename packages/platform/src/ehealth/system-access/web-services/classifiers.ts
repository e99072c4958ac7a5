/**
 * The classifiers a system reads to speak the same codes as the e-health system (ANX2-17, DEV-5):
 * purposes of access, professional roles, the patient-data actions a right is checked for, and
 * the document types (LOINC) the platform's documents carry. Built from the same constants the
 * rights policy and the portal use, so a code here is always one the services accept.
 */

import { PROFESSIONAL_ROLES, PURPOSES } from "../../core/rights-policy.ts";
import { ehealthMessages } from "../../i18n.ts";

export interface ClassifierCode {
  code: string;
  display: { lv: string; en: string };
}

export interface Classifier {
  name: string;
  /** Bumped whenever a code is added, changed or retired. */
  version: number;
  system: string;
  codes: ClassifierCode[];
}

const PURPOSE_DISPLAY: Record<(typeof PURPOSES)[number], { lv: string; en: string }> = {
  treatment: { lv: "ārstēšana", en: "treatment" },
  emergency: { lv: "neatliekamā palīdzība", en: "emergency care" },
  prescription: { lv: "recepte", en: "prescription" },
  laboratory: { lv: "laboratorijas izmeklējumi", en: "laboratory tests" },
  registration: { lv: "pacienta reģistrācija", en: "patient registration" },
};

/** The patient-data actions a system may ask a right for (GET /system/v1/rights/{action}). */
export const SYSTEM_RIGHT_ACTIONS = ["patient.documents.list", "document.read", "document.upload"] as const;
export type SystemRightAction = (typeof SYSTEM_RIGHT_ACTIONS)[number];

const ACTION_DISPLAY: Record<SystemRightAction, { lv: string; en: string }> = {
  "patient.documents.list": { lv: "pacienta dokumentu saraksts", en: "list a patient's documents" },
  "document.read": { lv: "dokumenta lasīšana", en: "read a document" },
  "document.upload": { lv: "dokumenta iesniegšana", en: "submit a document" },
};

const DOCUMENT_TYPES: ClassifierCode[] = [
  { code: "18842-5", display: { lv: "Izraksts no slimnīcas", en: "Discharge summary" } },
  { code: "11502-2", display: { lv: "Laboratorijas izmeklējumu rezultāti", en: "Laboratory report" } },
  { code: "11506-3", display: { lv: "Progresa piezīmes", en: "Progress note" } },
];

export const CLASSIFIERS: readonly Classifier[] = [
  {
    name: "purposes",
    version: 1,
    system: "urn:tilts:classifier:purpose",
    codes: PURPOSES.map((code) => ({ code, display: PURPOSE_DISPLAY[code] })),
  },
  {
    name: "professional-roles",
    version: 1,
    system: "urn:tilts:classifier:professional-role",
    codes: PROFESSIONAL_ROLES.map((code) => ({
      code,
      display: {
        lv: ehealthMessages.lv[`ehealth.role.${code}`],
        en: ehealthMessages.en[`ehealth.role.${code}`],
      },
    })),
  },
  {
    name: "patient-data-actions",
    version: 1,
    system: "urn:tilts:classifier:patient-data-action",
    codes: SYSTEM_RIGHT_ACTIONS.map((code) => ({ code, display: ACTION_DISPLAY[code] })),
  },
  { name: "document-types", version: 1, system: "http://loinc.org", codes: DOCUMENT_TYPES },
];

export function findClassifier(name: string): Classifier | undefined {
  return CLASSIFIERS.find((c) => c.name === name);
}
