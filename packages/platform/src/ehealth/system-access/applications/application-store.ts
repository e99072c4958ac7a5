/**
 * Rows of connection applications and approved system versions. Callers pass their transaction;
 * the service (application-service.ts) decides who may write and appends the audit records.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { EhealthDatabase as Database } from "../../database.ts";
import type { CertificateFacts } from "./certificate-check.ts";
import type { ConnectionApplicationStatus, ConnectionApplicationTable } from "./tables.ts";

export interface ConnectionApplication {
  id: string;
  registrationNumber: string;
  systemName: string;
  systemVersion: string;
  certificate: Uint8Array;
  fingerprint: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  keyDescription: string;
  contactEmail: string;
  status: ConnectionApplicationStatus;
  filedBy: string;
  filedAt: Date;
  dueOn: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  refusalReason: string | null;
}

export interface ApprovedSystemVersion {
  systemName: string;
  systemVersion: string;
  approvedBy: string;
  approvedAt: Date;
  ground: string;
}

const toApplication = (r: Selectable<ConnectionApplicationTable>): ConnectionApplication => ({
  id: r.id,
  registrationNumber: r.registration_number,
  systemName: r.system_name,
  systemVersion: r.system_version,
  certificate: new Uint8Array(r.certificate),
  fingerprint: r.fingerprint,
  serial: r.serial,
  subject: r.subject,
  issuer: r.issuer,
  notBefore: r.not_before,
  notAfter: r.not_after,
  keyDescription: r.key_description,
  contactEmail: r.contact_email,
  status: r.status,
  filedBy: r.filed_by,
  filedAt: r.filed_at,
  dueOn: r.due_on,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  refusalReason: r.refusal_reason,
});

export interface NewConnectionApplication {
  registrationNumber: string;
  systemName: string;
  systemVersion: string;
  contactEmail: string;
  certificate: CertificateFacts;
  filedBy: string;
  filedAt: Date;
  dueOn: string;
}

export async function insertConnectionApplication(
  db: Kysely<Database>,
  a: NewConnectionApplication,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("ehealth_connection_application")
    .values({
      id,
      registration_number: a.registrationNumber,
      system_name: a.systemName,
      system_version: a.systemVersion,
      certificate: a.certificate.der,
      fingerprint: a.certificate.fingerprint,
      serial: a.certificate.serial,
      subject: a.certificate.subject,
      issuer: a.certificate.issuer,
      not_before: a.certificate.notBefore,
      not_after: a.certificate.notAfter,
      key_description: a.certificate.keyDescription,
      contact_email: a.contactEmail,
      status: "submitted",
      filed_by: a.filedBy,
      filed_at: a.filedAt,
      due_on: a.dueOn,
      decided_by: null,
      decided_at: null,
      refusal_reason: null,
      revoked_at: null,
    })
    .execute();
  return id;
}

/** Whether the certificate is already filed (and not refused) or bound. */
export async function certificateInUse(db: Kysely<Database>, fingerprint: string): Promise<boolean> {
  const [open, bound] = await Promise.all([
    db
      .selectFrom("ehealth_connection_application")
      .select("id")
      .where("fingerprint", "=", fingerprint)
      .where("status", "in", ["submitted", "approved"])
      .executeTakeFirst(),
    db
      .selectFrom("ehealth_system_binding")
      .select("fingerprint")
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirst(),
  ]);
  return open !== undefined || bound !== undefined;
}

/** One application, locked for the decision when `forUpdate` (the caller's transaction). */
export async function getConnectionApplication(
  db: Kysely<Database>,
  id: string,
  forUpdate = false,
): Promise<ConnectionApplication | undefined> {
  let query = db.selectFrom("ehealth_connection_application").selectAll().where("id", "=", id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toApplication(row) : undefined;
}

export async function listConnectionApplications(
  db: Kysely<Database>,
  filter: { registrationNumber?: string; status?: ConnectionApplicationStatus; limit?: number },
): Promise<ConnectionApplication[]> {
  let query = db.selectFrom("ehealth_connection_application").selectAll();
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  if (filter.status) query = query.where("status", "=", filter.status);
  const rows = await query
    .orderBy(
      filter.status === "submitted" ? "due_on" : "filed_at",
      filter.status === "submitted" ? "asc" : "desc",
    )
    .orderBy("id")
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map(toApplication);
}

export async function recordDecision(
  db: Kysely<Database>,
  id: string,
  decision: { status: "approved" | "refused"; by: string; at: Date; refusalReason?: string },
): Promise<void> {
  await db
    .updateTable("ehealth_connection_application")
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.at,
      refusal_reason: decision.refusalReason ?? null,
    })
    .where("id", "=", id)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
}

export async function isVersionApproved(
  db: Kysely<Database>,
  systemName: string,
  systemVersion: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("ehealth_approved_system_version")
    .select("seq")
    .where("system_name", "=", systemName)
    .where("system_version", "=", systemVersion)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds an approved version; false when it was approved already (nothing written). */
export async function insertApprovedVersion(
  db: Kysely<Database>,
  v: ApprovedSystemVersion,
): Promise<boolean> {
  const rows = await db
    .insertInto("ehealth_approved_system_version")
    .values({
      system_name: v.systemName,
      system_version: v.systemVersion,
      approved_by: v.approvedBy,
      approved_at: v.approvedAt,
      ground: v.ground,
    })
    .onConflict((c) => c.columns(["system_name", "system_version"]).doNothing())
    .returning("seq")
    .execute();
  return rows.length > 0;
}

export async function listApprovedVersions(db: Kysely<Database>): Promise<ApprovedSystemVersion[]> {
  const rows = await db
    .selectFrom("ehealth_approved_system_version")
    .selectAll()
    .orderBy("system_name")
    .orderBy("system_version")
    .limit(500)
    .execute();
  return rows.map((r) => ({
    systemName: r.system_name,
    systemVersion: r.system_version,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    ground: r.ground,
  }));
}
