/**
 * The people who act in the e-health system: the operator's staff, institutions' administrators
 * (CON-8, ANX1-4) and users — health professionals (CON-4) — with their signed attestations
 * (CON-7, ANX1-6: kept 10 years after employment ends).
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { type CalendarDate, makeDate, yearOf } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type {
  AccessStatus,
  AdministratorTable,
  AttestationTable,
  OperatorStaffTable,
  UserTable,
} from "../tables.ts";

/** CON-7: attestations are kept this many years after employment ends. */
export const ATTESTATION_RETENTION_YEARS = 10;

export interface OperatorStaff {
  personCode: string;
  givenName: string;
  familyName: string;
  email: string | null;
  status: AccessStatus;
}

export interface Administrator {
  id: string;
  registrationNumber: string;
  personCode: string;
  givenName: string;
  familyName: string;
  email: string;
  status: AccessStatus;
  statusReason: string | null;
  appointedOn: CalendarDate;
  endedOn: CalendarDate | null;
}

export interface User {
  id: string;
  registrationNumber: string;
  personCode: string;
  givenName: string;
  familyName: string;
  profession: string;
  workplace: string;
  status: AccessStatus;
  statusReason: string | null;
  /** Who made the last status change (CON-6: an operator's suspension is lifted by the operator). */
  statusSetBy: "operator" | "institution" | null;
  employmentEndsOn: CalendarDate | null;
}

export interface Attestation {
  id: string;
  /** The signer as a user, or as an administrator: exactly one is set. */
  userId: string | null;
  administratorId: string | null;
  registrationNumber: string;
  personCode: string;
  formVersion: string;
  signedAt: Date;
  evidence: string;
  /** null while employed: kept; else the first day it may be removed is the day after. */
  retainUntil: CalendarDate | null;
}

const toStaff = (r: Selectable<OperatorStaffTable>): OperatorStaff => ({
  personCode: r.person_code,
  givenName: r.given_name,
  familyName: r.family_name,
  email: r.email,
  status: r.status,
});
const toAdministrator = (r: Selectable<AdministratorTable>): Administrator => ({
  id: r.id,
  registrationNumber: r.registration_number,
  personCode: r.person_code,
  givenName: r.given_name,
  familyName: r.family_name,
  email: r.email,
  status: r.status,
  statusReason: r.status_reason,
  appointedOn: r.appointed_on,
  endedOn: r.ended_on,
});
const toUser = (r: Selectable<UserTable>): User => ({
  id: r.id,
  registrationNumber: r.registration_number,
  personCode: r.person_code,
  givenName: r.given_name,
  familyName: r.family_name,
  profession: r.profession,
  workplace: r.workplace,
  status: r.status,
  statusReason: r.status_reason,
  statusSetBy: r.status_set_by,
  employmentEndsOn: r.employment_ends_on,
});
const toAttestation = (r: Selectable<AttestationTable>): Attestation => ({
  id: r.id,
  userId: r.user_id,
  administratorId: r.administrator_id,
  registrationNumber: r.registration_number,
  personCode: r.person_code,
  formVersion: r.form_version,
  signedAt: r.signed_at,
  evidence: r.evidence,
  retainUntil: r.retain_until,
});

/** The same day `years` later (29 February → 28 February in a common year). */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const year = yearOf(date) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month === 2 && day === 29) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return makeDate(year, 2, leap ? 29 : 28);
  }
  return makeDate(year, month, day);
}

/** CON-7: the last day an attestation must be kept, for employment ending on `endsOn`. */
export function attestationRetainUntil(endsOn: CalendarDate): CalendarDate {
  return addYears(endsOn, ATTESTATION_RETENTION_YEARS);
}

// --- operator's staff ---------------------------------------------------------------------

export async function insertOperatorStaff(
  db: Kysely<Database>,
  input: { personCode: string; givenName: string; familyName: string; email?: string | null },
  now: Date,
): Promise<OperatorStaff> {
  const row = {
    person_code: input.personCode,
    given_name: input.givenName,
    family_name: input.familyName,
    email: input.email ?? null,
    status: "active" as const,
    created_at: now,
  };
  await db.insertInto("ehealth_operator_staff").values(row).execute();
  return toStaff(row);
}

export async function listOperatorStaff(db: Kysely<Database>): Promise<OperatorStaff[]> {
  const rows = await db.selectFrom("ehealth_operator_staff").selectAll().orderBy("family_name").execute();
  return rows.map(toStaff);
}

// --- administrators -----------------------------------------------------------------------

export async function insertAdministrator(
  db: Kysely<Database>,
  input: {
    registrationNumber: string;
    personCode: string;
    givenName: string;
    familyName: string;
    email: string;
    appointedOn: CalendarDate;
  },
  now: Date,
): Promise<Administrator> {
  const row = {
    id: randomUUID(),
    registration_number: input.registrationNumber,
    person_code: input.personCode,
    given_name: input.givenName,
    family_name: input.familyName,
    email: input.email,
    status: "active" as const,
    status_reason: null,
    appointed_on: input.appointedOn,
    ended_on: null,
    created_at: now,
  };
  await db.insertInto("ehealth_administrator").values(row).execute();
  return toAdministrator(row);
}

export async function getAdministrator(db: Kysely<Database>, id: string): Promise<Administrator> {
  const row = await db
    .selectFrom("ehealth_administrator")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such administrator");
  return toAdministrator(row);
}

export async function listAdministrators(
  db: Kysely<Database>,
  filter: { registrationNumber?: string; personCode?: string } = {},
): Promise<Administrator[]> {
  let query = db.selectFrom("ehealth_administrator").selectAll();
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  if (filter.personCode) query = query.where("person_code", "=", filter.personCode);
  const rows = await query.orderBy("family_name").execute();
  return rows.map(toAdministrator);
}

export async function setAdministratorStatus(
  db: Kysely<Database>,
  id: string,
  status: AccessStatus,
  reason: string,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_administrator")
    .set({ status, status_reason: reason })
    .where("id", "=", id)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new EhealthError("not-found", "no such administrator");
}

// --- users (professionals) ----------------------------------------------------------------

export async function insertUser(
  db: Kysely<Database>,
  input: {
    registrationNumber: string;
    personCode: string;
    givenName: string;
    familyName: string;
    profession: string;
    workplace: string;
    employmentEndsOn?: CalendarDate | null;
  },
  now: Date,
): Promise<User> {
  const row = {
    id: randomUUID(),
    registration_number: input.registrationNumber,
    person_code: input.personCode,
    given_name: input.givenName,
    family_name: input.familyName,
    profession: input.profession,
    workplace: input.workplace,
    status: "active" as const,
    status_reason: null,
    status_set_by: null,
    employment_ends_on: input.employmentEndsOn ?? null,
    created_at: now,
  };
  await db.insertInto("ehealth_user").values(row).execute();
  return toUser(row);
}

export async function getUser(db: Kysely<Database>, id: string): Promise<User> {
  const row = await db.selectFrom("ehealth_user").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new EhealthError("not-found", "no such user");
  return toUser(row);
}

export async function listUsers(
  db: Kysely<Database>,
  filter: { registrationNumber?: string; personCode?: string } = {},
): Promise<User[]> {
  let query = db.selectFrom("ehealth_user").selectAll();
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  if (filter.personCode) query = query.where("person_code", "=", filter.personCode);
  const rows = await query.orderBy("family_name").orderBy("given_name").execute();
  return rows.map(toUser);
}

export async function setUserStatus(
  db: Kysely<Database>,
  id: string,
  status: AccessStatus,
  reason: string,
  by: "operator" | "institution",
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_user")
    .set({ status, status_reason: reason, status_set_by: by })
    .where("id", "=", id)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new EhealthError("not-found", "no such user");
}

/**
 * Employment ends: record the day and start the attestations' 10-year retention (CON-7). The
 * database refuses to move a retention day into the past.
 */
export async function endEmployment(
  db: Kysely<Database>,
  userId: string,
  endsOn: CalendarDate,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_user")
    .set({ employment_ends_on: endsOn })
    .where("id", "=", userId)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new EhealthError("not-found", "no such user");
  await db
    .updateTable("ehealth_attestation")
    .set({ retain_until: attestationRetainUntil(endsOn) })
    .where("user_id", "=", userId)
    .execute();
}

// --- attestations (CON-7) -----------------------------------------------------------------

export async function insertAttestation(
  db: Kysely<Database>,
  input: {
    /** The signer: a user or an administrator. */
    signer: { kind: "user"; user: User } | { kind: "administrator"; administrator: Administrator };
    formVersion: string;
    signedAt: Date;
    evidence: string;
  },
): Promise<Attestation> {
  const holder = input.signer.kind === "user" ? input.signer.user : input.signer.administrator;
  const endsOn =
    input.signer.kind === "user" ? input.signer.user.employmentEndsOn : input.signer.administrator.endedOn;
  const row = {
    id: randomUUID(),
    user_id: input.signer.kind === "user" ? holder.id : null,
    administrator_id: input.signer.kind === "administrator" ? holder.id : null,
    registration_number: holder.registrationNumber,
    person_code: holder.personCode,
    form_version: input.formVersion,
    signed_at: input.signedAt,
    evidence: input.evidence,
    retain_until: endsOn ? attestationRetainUntil(endsOn) : null,
  };
  await db.insertInto("ehealth_attestation").values(row).execute();
  return toAttestation(row);
}

/** A person's attestations at an institution (as user and as administrator). */
export async function listAttestations(
  db: Kysely<Database>,
  personCode: string,
  registrationNumber: string,
): Promise<Attestation[]> {
  const rows = await db
    .selectFrom("ehealth_attestation")
    .selectAll()
    .where("person_code", "=", personCode)
    .where("registration_number", "=", registrationNumber)
    .orderBy("signed_at")
    .execute();
  return rows.map(toAttestation);
}

/** CON-7: has this person signed the attestation as a user of this institution? */
export async function hasSignedAttestation(
  db: Kysely<Database>,
  personCode: string,
  registrationNumber: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("ehealth_attestation")
    .select("id")
    .where("person_code", "=", personCode)
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
  return row !== undefined;
}
