/**
 * The system-access slice's table: which connection certificate belongs to which institution and
 * which of its registered systems (DEV-4: each institution has its own connection certificate).
 */
import type { Generated } from "kysely";

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
  status: BindingStatus;
  /** Who bound it (operator staff id or `cli`). */
  bound_by: string;
  bound_at: Date;
  not_after: Date;
  seq: Generated<number>;
}

export interface EhealthSystemAccessTables {
  ehealth_system_binding: SystemBindingTable;
}
