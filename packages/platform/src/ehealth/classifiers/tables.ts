/**
 * The operator's classifiers (ANX2-17): versioned code systems, each code with its Latvian and
 * English display, its validity dates and the version that added, last changed or retired it —
 * so a system can ask "what changed since version N" without the platform keeping every file.
 * DEV-5: the institutions holding an operator contract for classifier data.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date, Date>;

export interface CodeSystemTable {
  /** The classifier's name in addresses (`document-types`). */
  name: string;
  /** Its canonical URL (FHIR `CodeSystem.url`, `ValueSet.compose.include.system`). */
  url: string;
  /** The OID a CDA document names it by (LOINC: 2.16.840.1.113883.6.1), if it has one. */
  oid: string | null;
  title_lv: string;
  title_en: string;
  /** The current version: bumped by each load that changes a code. */
  version: number;
  updated_at: Timestamp;
}

export interface CodeSystemVersionTable {
  name: string;
  version: number;
  loaded_at: Timestamp;
  /** `built-in`, `cli` or the operator's staff member. */
  loaded_by: string;
  /** What the version came from (`built-in` or the file's base name). */
  source: string;
  added: number;
  changed: number;
  retired: number;
}

export interface CodeTable {
  system_name: string;
  code: string;
  display_lv: string;
  display_en: string;
  /** `YYYY-MM-DD`, first day the code may be used. */
  valid_from: string;
  /** `YYYY-MM-DD`, last day the code may be used; null: open-ended. */
  valid_to: string | null;
  added_in: number;
  changed_in: number;
  /** The version whose file no longer carried the code; null while it is published. */
  retired_in: number | null;
}

export interface ClassifierContractTable {
  registration_number: string;
  /** The operator contract's number and the day it was concluded (DEV-5). */
  number: string;
  concluded_on: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface EhealthClassifierTables {
  ehealth_code_system: CodeSystemTable;
  ehealth_code_system_version: CodeSystemVersionTable;
  ehealth_code: CodeTable;
  ehealth_classifier_contract: ClassifierContractTable;
}
