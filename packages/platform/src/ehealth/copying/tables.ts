/**
 * The anti-copying slice's tables (CON-3, ANX2-17, ANX2-18). The counters hold no personal code in
 * clear: patients, and professionals as subjects, are keyed hashes (HMAC-SHA-256 under this
 * installation's own key, `ehealth_copying_key`), stable within the installation only. A
 * detection names the professional, as the audit log does: the operator has to act on it.
 */
import type { Generated } from "kysely";
import type { CopyingSubjectKind } from "./core/copying-policy.ts";

export interface CopyingKeyTable {
  /** Always 1: one key per installation, made by the migration. */
  id: number;
  /** 32 random bytes, hex. */
  hmac_key: string;
}

export interface CopyingCounterTable {
  subject_kind: CopyingSubjectKind;
  /** Professional: HMAC of the personal code; system: `<reg. no.>:<system name>`; institution: reg. no. */
  subject_id: string;
  window_seconds: number;
  window_start: Date;
  requests: number;
  patients: number;
}

/** The distinct patients a subject read in a window (what `patients` counts). */
export interface CopyingPatientTable {
  subject_kind: CopyingSubjectKind;
  subject_id: string;
  window_seconds: number;
  window_start: Date;
  patient_hash: string;
}

/** A subject's current run of sequential personal codes (core/sequential-codes.ts). */
export interface CopyingSequenceTable {
  subject_kind: CopyingSubjectKind;
  subject_id: string;
  run: number;
  /** HMACs, space-separated: the last patient's sequence key, then the keys that would continue the run. */
  successors: string;
  updated_at: Date;
}

export const DETECTION_PATTERNS = ["sequential-codes", "unrelated-patients"] as const;
export type DetectionPattern = (typeof DETECTION_PATTERNS)[number];
export const DETECTION_STATUSES = ["open", "lifted"] as const;
export type DetectionStatus = (typeof DETECTION_STATUSES)[number];

/** A detected pattern: while open, the subject reads nothing (ANX2-18: the connection suspended). */
export interface CopyingDetectionTable {
  id: Generated<number>;
  subject_kind: "professional" | "system";
  /** The professional's personal code, or `<reg. no.>:<system name>`. */
  subject: string;
  registration_number: string;
  pattern: DetectionPattern;
  /** Why, without patient data (e.g. `run=5`, `patients=31/day`). */
  detail: string;
  detected_at: Date;
  status: DetectionStatus;
  lifted_by: string | null;
  lifted_at: Date | null;
  lift_reason: string | null;
}

export interface EhealthCopyingTables {
  ehealth_copying_key: CopyingKeyTable;
  ehealth_copying_counter: CopyingCounterTable;
  ehealth_copying_patient: CopyingPatientTable;
  ehealth_copying_sequence: CopyingSequenceTable;
  ehealth_copying_detection: CopyingDetectionTable;
}
