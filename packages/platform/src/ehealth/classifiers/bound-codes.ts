/**
 * The classifiers whose codes the platform's own rules name: the rights policy's purposes and
 * roles (core/rights-policy.ts), the actions a system may ask a right for, the institution kinds
 * of the register (tables.ts). The operator may rename, date or retire their codes with a file,
 * but not add one the rules do not know — such a code could be chosen and never be honoured.
 */
import { PROFESSIONAL_ROLES, PURPOSES } from "../core/rights-policy.ts";
import { INSTITUTION_KINDS } from "../tables.ts";

/** The patient-data actions a system may ask a right for (GET /system/v1/rights/{action}). */
export const SYSTEM_RIGHT_ACTIONS = ["patient.documents.list", "document.read", "document.upload"] as const;
export type SystemRightAction = (typeof SYSTEM_RIGHT_ACTIONS)[number];

export const BOUND_CODES: Readonly<Record<string, readonly string[]>> = {
  purposes: PURPOSES,
  "professional-roles": PROFESSIONAL_ROLES,
  "patient-data-actions": SYSTEM_RIGHT_ACTIONS,
  "institution-kinds": INSTITUTION_KINDS,
};
