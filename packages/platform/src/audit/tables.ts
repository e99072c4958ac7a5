import type { ColumnType, Generated } from "kysely";

/** One audit record. Columns are nullable where an action has no such party (e.g. no patient). */
export interface AuditLogTable {
  /** Gapless position in the chain, assigned under the head lock (a gap means a removed record). */
  seq: ColumnType<string, string | number | bigint, never>;
  recorded_at: ColumnType<Date, Date, never>;
  actor: string;
  acting_for: string | null;
  subject_person: string | null;
  action: string;
  object: string | null;
  purpose: string | null;
  legal_ground: string | null;
  outcome: string;
  client_address: string | null;
  correlation_id: string | null;
  /** Hex SHA-256 of the previous record ("0"*64 for the first). */
  prev_hash: string;
  /** Hex SHA-256 over prev_hash and this record's fields (see record-hash.ts). */
  hash: string;
}

/** A single row: the chain's last position and hash, locked by each append to serialise them. */
export interface AuditHeadTable {
  id: Generated<number>;
  last_seq: ColumnType<string, string | number | bigint, string | number | bigint>;
  last_hash: string;
}

/**
 * One sealed checkpoint (checkpoint.ts): its position, the head hash there, and the whole signed,
 * time-stamped document exactly as written to the checkpoint folder.
 */
export interface AuditCheckpointTable {
  seq: ColumnType<string, string | number | bigint, never>;
  head_hash: string;
  sealed_at: ColumnType<Date, Date, never>;
  /** Hex SHA-256 of the audit public key's SubjectPublicKeyInfo DER. */
  key_id: string;
  file_name: string;
  /** The checkpoint file's JSON text, byte for byte. */
  document: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_checkpoint: AuditCheckpointTable;
}
