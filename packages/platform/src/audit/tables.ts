import type { ColumnType, Generated } from "kysely";

/** One audit record. Columns are nullable where an action has no such party (e.g. no patient). */
export interface AuditLogTable {
  /**
   * Position in the chain, drawn from the sequence `audit_log_seq`. Gapless once linked: the
   * linker fills a rolled-back position with an `audit.position.unused` record, so a gap in the
   * linked chain means a removed record.
   */
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
  /** Hex SHA-256 of the previous record ("0"*64 for the first); NULL until linked. */
  prev_hash: string | null;
  /** Hex SHA-256 over prev_hash and this record's fields (see record-hash.ts); NULL until linked. */
  hash: string | null;
}

/** A single row: the last LINKED position and its hash, locked by the linker while it links. */
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
