/** The audit module's front door: append records, verify the chain, seal and check checkpoints. */

export {
  AuditKeyError,
  type AuditPublicKey,
  type AuditSigningKey,
  auditSigningKeyFrom,
  ensureGeneratedAuditKey,
  fromSigner as auditSigningKeyOfSigner,
  publicKeyPathOf,
  readAuditPublicKey,
  readAuditSigningKey,
} from "./audit-key.ts";
export {
  type AppendedRecord,
  AuditChainError,
  type AuditEntry,
  AuditEntryError,
  type AuditOutcome,
  appendAuditRecord,
} from "./audit-log.ts";
export {
  type ChainLinker,
  createChainLinker,
  linkPendingRecords,
  UNUSED_POSITION_ACTION,
} from "./chain-linker.ts";
export type { Checkpoint } from "./checkpoint.ts";
export { type CheckpointSealer, startCheckpointSealer } from "./checkpoint-sealer.ts";
export { auditMigrations } from "./migrations.ts";
export { type AuditRecordQuery, type AuditRecordRow, findAuditRecords } from "./record-query.ts";
export { type SealResult, sealAuditCheckpoint } from "./seal-checkpoint.ts";
export type { AuditTables } from "./tables.ts";
export { httpTimeStampAuthority, type TimeStampAuthority, TimeStampError } from "./time-stamp.ts";
export {
  createUnauthenticatedAuditGate,
  DEFAULT_UNAUTHENTICATED_LIMITS,
  type UnauthenticatedAuditGate,
} from "./unauthenticated-events.ts";
export { type ChainProblemKind, type ChainVerdict, verifyAuditChain } from "./verify-chain.ts";
export {
  type CheckpointProblem,
  type CheckpointProblemCode,
  type CheckpointVerdict,
  verifyAuditCheckpoints,
} from "./verify-checkpoints.ts";
