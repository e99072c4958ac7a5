/**
 * Binding a connection certificate to one institution and one of its systems (DEV-4), and looking
 * a handshake's certificate up. The operator's approval of a connection application
 * (applications/) binds inside its own transaction (`bindInTransaction`); the CLI and tests call
 * `bindSystemCertificate`.
 */
import { createHash } from "node:crypto";
import { parseCertificate } from "@tilts/trust";
import type { Kysely } from "kysely";
import { appendAuditRecord } from "../../audit/index.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { SystemAccessError } from "./errors.ts";

export interface SystemBinding {
  fingerprint: string;
  serial: string;
  registrationNumber: string;
  institutionName: string;
  systemName: string;
}

export interface BindRequest {
  /** The system's connection certificate, DER. */
  certificate: Uint8Array;
  registrationNumber: string;
  systemName: string;
  /** The system version approved with it (applications/); the CLI may bind without one. */
  systemVersion?: string;
  /** Who binds it: operator staff (`PNOLV-…`) or `cli`. */
  actor: string;
  now: Date;
}

export function certificateFingerprint(der: Uint8Array): string {
  return createHash("sha256").update(der).digest("hex");
}

/**
 * Records the binding and its audit record in one transaction. A certificate already bound, an
 * unknown or inactive institution, or an active system of the same name refuses with a coded error.
 */
export async function bindSystemCertificate(
  db: Kysely<Database>,
  request: BindRequest,
): Promise<SystemBinding> {
  return db.transaction().execute((trx) => bindInTransaction(trx, request));
}

/** The binding and its audit record, written in the caller's transaction `trx`. */
export async function bindInTransaction(trx: Kysely<Database>, request: BindRequest): Promise<SystemBinding> {
  const cert = parseCertificate(request.certificate);
  const systemName = request.systemName.trim();
  if (!systemName || systemName.length > 200)
    throw new SystemAccessError("system-name-invalid", "the system name must have 1 to 200 characters");
  const fingerprint = certificateFingerprint(request.certificate);
  const institution = await trx
    .selectFrom("ehealth_institution")
    .select(["name", "status"])
    .where("registration_number", "=", request.registrationNumber)
    .executeTakeFirst();
  if (!institution)
    throw new SystemAccessError("institution-unknown", "no institution has this registration number");
  if (institution.status !== "active")
    throw new SystemAccessError("institution-inactive", "the institution's access is not active");
  const existing = await trx
    .selectFrom("ehealth_system_binding")
    .select("fingerprint")
    .where((w) =>
      w.or([
        w("fingerprint", "=", fingerprint),
        w.and([
          w("registration_number", "=", request.registrationNumber),
          w("system_name", "=", systemName),
          w("status", "=", "active"),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (existing)
    throw new SystemAccessError(
      "binding-exists",
      existing.fingerprint === fingerprint
        ? "the certificate is already bound"
        : "the institution already has an active system of this name",
    );
  await trx
    .insertInto("ehealth_system_binding")
    .values({
      fingerprint,
      serial: cert.serial,
      issuer: cert.issuerString,
      registration_number: request.registrationNumber,
      system_name: systemName,
      system_version: request.systemVersion ?? null,
      status: "active",
      bound_by: request.actor,
      bound_at: request.now,
      not_after: cert.notAfter,
    })
    .execute();
  await appendAuditRecord(
    trx,
    {
      actor: request.actor,
      actingFor: request.registrationNumber,
      action: "ehealth.system-access.bound",
      object: `certificate:${cert.serial}`,
      purpose: `system=${systemName}`,
      legalGround: "DEV-4",
      outcome: "success",
    },
    request.now,
  );
  return {
    fingerprint,
    serial: cert.serial,
    registrationNumber: request.registrationNumber,
    institutionName: institution.name,
    systemName,
  };
}

/**
 * The active binding of a certificate, with its institution's access status (CON-6: a suspended
 * or annulled institution's systems are refused) and whether its system version is one the
 * operator approved (applications/: required in production), or undefined when it is not bound.
 */
export async function findActiveBinding(
  db: Kysely<Database>,
  fingerprint: string,
): Promise<(SystemBinding & { institutionStatus: string; versionApproved: boolean }) | undefined> {
  const row = await db
    .selectFrom("ehealth_system_binding as b")
    .innerJoin("ehealth_institution as i", "i.registration_number", "b.registration_number")
    .leftJoin("ehealth_approved_system_version as v", (join) =>
      join.onRef("v.system_name", "=", "b.system_name").onRef("v.system_version", "=", "b.system_version"),
    )
    .select([
      "b.fingerprint",
      "b.serial",
      "b.registration_number",
      "b.system_name",
      "i.name",
      "i.status as institution_status",
      "v.approved_at",
    ])
    .where("b.fingerprint", "=", fingerprint)
    .where("b.status", "=", "active")
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    fingerprint: row.fingerprint,
    serial: row.serial,
    registrationNumber: row.registration_number,
    institutionName: row.name,
    systemName: row.system_name,
    institutionStatus: row.institution_status,
    versionApproved: row.approved_at !== null,
  };
}
