/**
 * The e-health module's tables (its own; other modules use its stores and services, never these).
 *
 * Conventions:
 * - Calendar dates (contract dates, due dates, employment end, retention) are `YYYY-MM-DD` text,
 *   the form of core/calendar-date.ts: no time zone can shift them. Instants are timestamptz.
 * - A person is named by the personal code as the testbed and eParaksts give it
 *   (`XXXXXX-XXXXX`); the audit log and the identity broker say `PNOLV-<code>`.
 * - An institution is named by its registration number (the `institutionId` of the rights policy
 *   and the `acting_for` of audit records).
 * - History tables are append-only in the database itself (triggers, like the audit log).
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;
/** A `YYYY-MM-DD` calendar date. */
type DateText = string;
/** A database-assigned sequence number (bigserial, read as a string). */
type Serial = ColumnType<string, never, never>;

export const INSTITUTION_KINDS = ["hospital", "practice", "pharmacy", "laboratory"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** ANX1-1: "large" (more than 5 staff) or "small" (fewer than 5); CON-8. */
export const STAFF_SIZES = ["small", "large"] as const;
export type StaffSize = (typeof STAFF_SIZES)[number];

/** Status of an institution's access, an administrator, a user or a right (CON-6). */
export const ACCESS_STATUSES = ["active", "suspended", "annulled"] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

export interface InstitutionTable {
  /** Company / institution registration number: the institution's identifier everywhere. */
  registration_number: string;
  name: string;
  kind: InstitutionKind;
  staff_size: StaffSize;
  /** CON-5 notices go here. */
  contact_email: string;
  status: AccessStatus;
  status_reason: string | null;
  status_changed_at: Timestamp;
  created_at: Timestamp;
}

/** Every status change of an institution (CON-6), append-only. */
export interface InstitutionHistoryTable {
  seq: Serial;
  registration_number: string;
  status: AccessStatus;
  reason: string;
  /** `PNOLV-…` of the operator's staff member, or `system`. */
  actor: string;
  at: Timestamp;
}

/** CON-1: portal access (annex 1), the institution's system (annex 2), or both. */
export const CONTRACT_SCOPES = ["portal", "system", "both"] as const;
export type ContractScope = (typeof CONTRACT_SCOPES)[number];
export const CONTRACT_STATUSES = ["active", "suspended", "terminated"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export interface ContractTable {
  id: string;
  registration_number: string;
  /** The contract's own number as written on it. */
  number: string;
  scope: ContractScope;
  concluded_on: DateText;
  valid_from: DateText;
  valid_until: DateText | null;
  status: ContractStatus;
  created_at: Timestamp;
}

/** ANX1-1: form "large" or "small institution"; ANX1-2: changes. */
export const APPLICATION_KINDS = ["large", "small", "change"] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const APPLICATION_STATUSES = ["pending", "processed", "rejected"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface ApplicationTable {
  id: string;
  registration_number: string;
  contract_id: string | null;
  kind: ApplicationKind;
  /** What is asked, in the applicant's words (no health data). */
  summary: string;
  /** For a change: the day it took effect (ANX1-2 counts from it). */
  effective_on: DateText | null;
  /** ANX1-1 (contract + 30 days) or ANX1-2 (effective + 5 working days). */
  submission_due: DateText;
  received_on: DateText;
  /** ANX1-3 / ANX1-4: received + 5 working days. */
  processing_due: DateText;
  status: ApplicationStatus;
  processed_on: DateText | null;
  processed_by: string | null;
  processing_note: string | null;
  created_at: Timestamp;
}

/** The operator's staff (the operator role; rights in ehealth_right with no institution). */
export interface OperatorStaffTable {
  person_code: string;
  given_name: string;
  family_name: string;
  email: string | null;
  status: AccessStatus;
  created_at: Timestamp;
}

/** An institution's administrator (CON-8, ANX1-4); their access is the `institution-administrator` right. */
export interface AdministratorTable {
  id: string;
  registration_number: string;
  person_code: string;
  given_name: string;
  family_name: string;
  /** ANX1-4: notices about the administrator's access go here. */
  email: string;
  status: AccessStatus;
  status_reason: string | null;
  appointed_on: DateText;
  ended_on: DateText | null;
  created_at: Timestamp;
}

/** An institution's user: a health professional (CON-4, CON-7). */
export interface UserTable {
  id: string;
  registration_number: string;
  person_code: string;
  given_name: string;
  family_name: string;
  /** e.g. "doctor", "nurse", "pharmacist" (free text: the profession register is outside). */
  profession: string;
  /** Department or place of work within the institution. */
  workplace: string;
  status: AccessStatus;
  status_reason: string | null;
  /** Who made the last status change: the operator (CON-6) or the institution (migration 23). */
  status_set_by: "operator" | "institution" | null;
  employment_ends_on: DateText | null;
  created_at: Timestamp;
}

/**
 * CON-7 / ANX1-6: the signed attestation. Kept 10 years after employment ends: `retain_until`
 * is null while employed (keep) and set when employment ends; a trigger refuses deleting a row
 * before that day and refuses changing what was signed.
 */
export interface AttestationTable {
  id: string;
  /** The signer as a user, or (migration 21) as an administrator: exactly one is set. */
  user_id: string | null;
  administrator_id: string | null;
  registration_number: string;
  person_code: string;
  /** Which text was signed (form version). */
  form_version: string;
  signed_at: Timestamp;
  /** Where the signed form is: a document reference, a signature container id, a hash. */
  evidence: string;
  retain_until: DateText | null;
}

/**
 * A right: a role held by a person at an institution (none for the operator's staff). Its every
 * change is a row in ehealth_right_history (ANX1-5).
 */
export interface RightTable {
  id: string;
  person_code: string;
  /** null only for the operator role. */
  registration_number: string | null;
  role: string;
  status: AccessStatus;
  granted_at: Timestamp;
  updated_at: Timestamp;
}

export const RIGHT_EVENTS = ["grant", "change", "suspend", "restore", "annul"] as const;
export type RightEvent = (typeof RIGHT_EVENTS)[number];

/** ANX1-5: who did what to a right, when, on what ground, with what evidence; kept ≥ 10 years. */
export interface RightHistoryTable {
  seq: Serial;
  right_id: string;
  person_code: string;
  registration_number: string | null;
  event: RightEvent;
  role: string;
  /** For `change`: the role before. */
  previous_role: string | null;
  status: AccessStatus;
  /** `PNOLV-…` of whoever acted (administrator or operator staff). */
  actor: string;
  /** The role the actor acted in (migration 23; null on older rows). */
  actor_role: string | null;
  at: Timestamp;
  ground: string;
  evidence: string;
  /** at + 10 years: the earliest day the row may be removed (a trigger enforces it). */
  retain_until: DateText;
}

export interface PatientTable {
  person_code: string;
  given_name: string;
  family_name: string;
  birth_date: DateText | null;
  created_at: Timestamp;
}

export const CONSENT_STATUSES = ["given", "withdrawn"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** CON-10: a patient's informed consent kept by the institution (the model form). */
export interface ConsentTable {
  id: string;
  patient_code: string;
  registration_number: string;
  /** What was consented to, e.g. "treatment", "data-exchange". */
  topic: string;
  status: ConsentStatus;
  given_at: Timestamp;
  withdrawn_at: Date | null;
  /** Where the signed form is. */
  evidence: string;
  recorded_by: string;
  /** Where the signed withdrawal is (migration 22; null while given). */
  withdrawal_evidence: string | null;
  /** Who recorded the withdrawal (personal code; null while given). */
  withdrawn_by: string | null;
}

// The mail outbox is the core's (core/outbox); e-health's first migration made its table.
export { OUTBOX_STATUSES } from "../core/outbox/tables.ts";

export interface EhealthTables {
  ehealth_institution: InstitutionTable;
  ehealth_institution_history: InstitutionHistoryTable;
  ehealth_contract: ContractTable;
  ehealth_application: ApplicationTable;
  ehealth_operator_staff: OperatorStaffTable;
  ehealth_administrator: AdministratorTable;
  ehealth_user: UserTable;
  ehealth_attestation: AttestationTable;
  ehealth_right: RightTable;
  ehealth_right_history: RightHistoryTable;
  ehealth_patient: PatientTable;
  ehealth_consent: ConsentTable;
}
