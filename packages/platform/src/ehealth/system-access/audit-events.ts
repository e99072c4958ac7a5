/**
 * The slice's audit records (docs/audit-events.md). No personal data: certificates are named by
 * serial, systems by institution registration number and system name. A failed audit write never
 * lets a refused system in; it is logged and the refusal stands.
 */
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { SystemBinding } from "./binding-store.ts";

export interface AuditPort {
  db: Kysely<Database>;
  now: () => Date;
  /** Where a failed audit write is reported (pino-like). */
  onError: (error: unknown) => void;
}

const systemActor = (b: SystemBinding) => `system:${b.registrationNumber}:${b.systemName}`;

function write(port: AuditPort, entry: Parameters<typeof appendAuditRecord>[1]): Promise<void> {
  return appendAuditRecord(port.db, entry, port.now()).then(
    () => undefined,
    (error) => port.onError(error),
  );
}

/** A handshake refused at or right after the TLS handshake (ANX2-7, ANX2-9, DEV-4). */
export function auditRefusal(
  port: AuditPort,
  refusal: { code: string; serial?: string; clientAddress?: string },
  /** Refusals of this address left unrecorded in its last window (core/refusal-throttle.ts). */
  suppressedBefore = 0,
): Promise<void> {
  return write(port, {
    actor: "unidentified-system",
    action: "ehealth.system-access.refused",
    object: refusal.serial ? `certificate:${refusal.serial}` : null,
    purpose: `reason=${refusal.code}${suppressedBefore > 0 ? `; unrecorded-before=${suppressedBefore}` : ""}`,
    outcome: "denied",
    clientAddress: refusal.clientAddress ?? null,
  });
}

/** A bound system's connection was admitted. */
export function auditConnected(
  port: AuditPort,
  binding: SystemBinding,
  clientAddress?: string,
): Promise<void> {
  return write(port, {
    actor: systemActor(binding),
    actingFor: binding.registrationNumber,
    action: "ehealth.system-access.connected",
    object: `certificate:${binding.serial}`,
    outcome: "success",
    clientAddress: clientAddress ?? null,
  });
}

/** A live connection closed because its certificate was revoked or put on hold (ANX2-9, ANX2-11). */
export function auditClosed(
  port: AuditPort,
  binding: SystemBinding,
  reason: "revoked" | "held",
  clientAddress?: string,
): Promise<void> {
  return write(port, {
    actor: "system",
    actingFor: binding.registrationNumber,
    action: "ehealth.system-access.closed",
    object: `certificate:${binding.serial}`,
    purpose: `reason=${reason}`,
    legalGround: "ANX2-9",
    outcome: "denied",
    clientAddress: clientAddress ?? null,
  });
}

/** A hold on a bound certificate was released: its system may connect again. */
export function auditRestored(port: AuditPort, binding: SystemBinding): Promise<void> {
  return write(port, {
    actor: "system",
    actingFor: binding.registrationNumber,
    action: "ehealth.system-access.restored",
    object: `certificate:${binding.serial}`,
    purpose: "reason=hold-released",
    legalGround: "ANX2-9",
    outcome: "success",
  });
}
