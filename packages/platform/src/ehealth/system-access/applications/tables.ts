/**
 * Connection applications (ANX2-3) and the operator's approved system versions (onboarding: only
 * an approved version may connect in production). An application carries the certificate the
 * institution's system will present (DEV-4); its status moves submitted → approved | refused, and
 * an approved one → revoked when its binding is withdrawn.
 */
import type { Generated } from "kysely";

export const CONNECTION_APPLICATION_STATUSES = ["submitted", "approved", "refused", "revoked"] as const;
export type ConnectionApplicationStatus = (typeof CONNECTION_APPLICATION_STATUSES)[number];

export interface ConnectionApplicationTable {
  id: string;
  registration_number: string;
  system_name: string;
  system_version: string;
  /** The connection certificate, DER, as filed. */
  certificate: Uint8Array;
  /** SHA-256 of `certificate`, lower-case hex: the binding's key once approved. */
  fingerprint: string;
  serial: string;
  subject: string;
  issuer: string;
  not_before: Date;
  not_after: Date;
  /** The public key as the operator reads it, e.g. `RSA 3072` or `EC P-256`. */
  key_description: string;
  /** Where the decision is sent (the institution's technical contact). */
  contact_email: string;
  status: ConnectionApplicationStatus;
  filed_by: string;
  filed_at: Date;
  /** ANX2-4: the last day the operator is in time, `YYYY-MM-DD` (5 working days after filing). */
  due_on: string;
  decided_by: string | null;
  decided_at: Date | null;
  refusal_reason: string | null;
  revoked_at: Date | null;
}

export interface ApprovedSystemVersionTable {
  system_name: string;
  system_version: string;
  approved_by: string;
  approved_at: Date;
  /** What the approval rests on: the operator's note, later the onboarding scenario report. */
  ground: string;
  seq: Generated<number>;
}

export interface EhealthConnectionApplicationTables {
  ehealth_connection_application: ConnectionApplicationTable;
  ehealth_approved_system_version: ApprovedSystemVersionTable;
}
