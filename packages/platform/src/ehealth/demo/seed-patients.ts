/** Demo patients and their informed consents (CON-10: the institution keeps them). */
import type { Kysely } from "kysely";
import { insertConsent, upsertPatient } from "../adapters/patient-store.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { DemoPerson } from "./demo-cast.ts";

/** Adds the patient and a treatment consent at the institution; returns the consents added. */
export async function insertPatient(
  db: Kysely<Database>,
  patient: DemoPerson,
  institution: { registrationNumber: string },
  now: Date,
): Promise<number> {
  await upsertPatient(
    db,
    {
      personCode: patient.personalCode,
      givenName: patient.givenName,
      familyName: patient.familyName,
      birthDate: patient.birthDate ?? null,
    },
    now,
  );
  await insertConsent(db, {
    patientCode: patient.personalCode,
    registrationNumber: institution.registrationNumber,
    topic: "treatment",
    givenAt: now,
    evidence: "demo: model consent form, signed",
    recordedBy: "system:demo",
  });
  return 1;
}
