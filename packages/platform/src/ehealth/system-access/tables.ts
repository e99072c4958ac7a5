/**
 * The system-access slice's table: which connection certificate belongs to which institution and
 * which of its registered systems (DEV-4: each institution has its own connection certificate).
 */
import type { Generated } from "kysely";
import type { EhealthConnectionApplicationTables } from "./applications/tables.ts";

export const BINDING_STATUSES = ["active", "withdrawn"] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export interface SystemBindingTable {
  /** SHA-256 of the certificate's DER, lower-case hex: the key a TLS handshake is looked up by. */
  fingerprint: string;
  /** Serial (lower-case hex) and issuer DN: what audit records and CRLs name. */
  serial: string;
  issuer: string;
  /** The institution (ehealth_institution.registration_number) the system acts for. */
  registration_number: string;
  system_name: string;
  /** The system version the operator approved the binding for (applications/); null when bound by the CLI without one. */
  system_version: string | null;
  status: BindingStatus;
  /** Who bound it (operator staff id or `cli`). */
  bound_by: string;
  bound_at: Date;
  not_after: Date;
  seq: Generated<number>;
}

export interface EhealthSystemAccessTables extends EhealthConnectionApplicationTables {
  ehealth_system_binding: SystemBindingTable;
}
