/** Patients (from the testbed's test persons in the demo) and their informed consents (CON-10). */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { CalendarDate } from "../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { EhealthError } from "../errors.ts";
import type { ConsentStatus, ConsentTable, PatientTable } from "../tables.ts";

export interface Patient {
  personCode: string;
  givenName: string;
  familyName: string;
  birthDate: CalendarDate | null;
}

export interface Consent {
  id: string;
  patientCode: string;
  registrationNumber: string;
  topic: string;
  status: ConsentStatus;
  givenAt: Date;
  withdrawnAt: Date | null;
  evidence: string;
  recordedBy: string;
  withdrawalEvidence: string | null;
  withdrawnBy: string | null;
}

const toPatient = (r: Selectable<PatientTable>): Patient => ({
  personCode: r.person_code,
  givenName: r.given_name,
  familyName: r.family_name,
  birthDate: r.birth_date,
});
const toConsent = (r: Selectable<ConsentTable>): Consent => ({
  id: r.id,
  patientCode: r.patient_code,
  registrationNumber: r.registration_number,
  topic: r.topic,
  status: r.status,
  givenAt: r.given_at,
  withdrawnAt: r.withdrawn_at,
  evidence: r.evidence,
  recordedBy: r.recorded_by,
  withdrawalEvidence: r.withdrawal_evidence,
  withdrawnBy: r.withdrawn_by,
});

/** Adds a patient, or refreshes the names of a known one. */
export async function upsertPatient(db: Kysely<Database>, patient: Patient, now: Date): Promise<void> {
  await db
    .insertInto("ehealth_patient")
    .values({
      person_code: patient.personCode,
      given_name: patient.givenName,
      family_name: patient.familyName,
      birth_date: patient.birthDate,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.column("person_code").doUpdateSet({
        given_name: patient.givenName,
        family_name: patient.familyName,
        birth_date: patient.birthDate,
      }),
    )
    .execute();
}

export async function findPatient(db: Kysely<Database>, personCode: string): Promise<Patient | undefined> {
  if (personCode.length > 64) return undefined;
  const row = await db
    .selectFrom("ehealth_patient")
    .selectAll()
    .where("person_code", "=", personCode)
    .executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

export async function insertConsent(
  db: Kysely<Database>,
  input: {
    patientCode: string;
    registrationNumber: string;
    topic: string;
    givenAt: Date;
    evidence: string;
    recordedBy: string;
  },
): Promise<Consent> {
  const row = {
    id: randomUUID(),
    patient_code: input.patientCode,
    registration_number: input.registrationNumber,
    topic: input.topic,
    status: "given" as const,
    given_at: input.givenAt,
    withdrawn_at: null,
    evidence: input.evidence,
    recorded_by: input.recordedBy,
    withdrawal_evidence: null,
    withdrawn_by: null,
  };
  await db.insertInto("ehealth_consent").values(row).execute();
  return toConsent(row);
}

export async function withdrawConsent(
  db: Kysely<Database>,
  id: string,
  at: Date,
  withdrawal: { evidence: string; by: string } | null = null,
): Promise<void> {
  const updated = await db
    .updateTable("ehealth_consent")
    .set({
      status: "withdrawn",
      withdrawn_at: at,
      withdrawal_evidence: withdrawal?.evidence ?? null,
      withdrawn_by: withdrawal?.by ?? null,
    })
    .where("id", "=", id)
    .where("status", "=", "given")
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new EhealthError("conflict", "no given consent with that id");
}

export async function listConsents(
  db: Kysely<Database>,
  filter: { patientCode?: string; registrationNumber?: string },
): Promise<Consent[]> {
  let query = db.selectFrom("ehealth_consent").selectAll();
  if (filter.patientCode) query = query.where("patient_code", "=", filter.patientCode);
  if (filter.registrationNumber) query = query.where("registration_number", "=", filter.registrationNumber);
  const rows = await query.orderBy("given_at").execute();
  return rows.map(toConsent);
}
