/**
 * What proves an attestation (CON-7): the signed eDoc as uploaded, or the scan of a paper one the
 * operator recorded. One row per attestation at most; kept as long as its attestation (the
 * attestation's `retain_until`: 10 years after the last right or appointment ends).
 */
import type { ColumnType } from "kysely";

export const ATTESTATION_PROOF_KINDS = ["signed-edoc", "paper-scan"] as const;
export type AttestationProofKind = (typeof ATTESTATION_PROOF_KINDS)[number];

export interface AttestationDocumentTable {
  attestation_id: string;
  kind: AttestationProofKind;
  /** The bytes exactly as received (a signature verifies over them). */
  content: Uint8Array;
  media_type: string;
  sha256: string;
  stored_at: ColumnType<Date, Date, Date>;
}

export interface EhealthAttestationTables {
  ehealth_attestation_document: AttestationDocumentTable;
}
