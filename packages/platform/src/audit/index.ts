/** The audit module's front door: append records, verify the chain. */
export {
  type AppendedRecord,
  AuditChainError,
  type AuditEntry,
  AuditEntryError,
  type AuditOutcome,
  appendAuditRecord,
} from "./audit-log.ts";
export { auditMigrations } from "./migrations.ts";
export type { AuditTables } from "./tables.ts";
export { type ChainProblemKind, type ChainVerdict, verifyAuditChain } from "./verify-chain.ts";
