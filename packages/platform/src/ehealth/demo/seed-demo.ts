/**
 * Demo data for `tilts start` with the testbed (issue 6 item 6): the operator with staff, three
 * institutions (one small without an administrator), their contracts and annex-1 applications
 * (one overdue), administrators, users with rights (a doctor, a nurse, a pharmacist) and signed
 * attestations, patients with informed consents (CON-10) and, through PORTAL's
 * seedDemoDocuments, clinical documents. Written through the stores in ONE transaction, so a
 * failed seed leaves nothing half-made; runs only when the database has no institutions, so it
 * is idempotent and never touches a database in use. Several nodes starting at once on one empty
 * database seed it once: the transaction takes an advisory lock and looks again under it.
 */
import { type Kysely, sql } from "kysely";
import { closeApplication, insertApplication } from "../adapters/application-store.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { countInstitutions, insertInstitution } from "../adapters/institution-store.ts";
import {
  insertAdministrator,
  insertAttestation,
  insertOperatorStaff,
  insertUser,
  type User,
} from "../adapters/people-store.ts";
import { grantRight } from "../adapters/rights-store.ts";
import { addDays, rigaDateOf } from "../core/calendar-date.ts";
import type { ProfessionalRole } from "../core/rights-policy.ts";
import { addWorkingDays } from "../core/working-days.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import {
  DEMO_INSTITUTIONS,
  type DemoCast,
  type DemoPerson,
  demoCast,
  demoPatientInstitution,
} from "./demo-cast.ts";
import { insertPatient } from "./seed-patients.ts";

/** The actor written into history rows the demo creates. */
export const DEMO_ACTOR = "system:demo";
const ATTESTATION_FORM = "apliecinājums-2026-01";
/** One advisory-lock key for seeding on the whole database ("tiltdemo"). */
const DEMO_SEED_LOCK_KEY = 0x74_69_6c_74_64_65_6d_6fn;

export interface SeedDemoInput {
  /** The testbed's eParaksts stand-in persons (defaultStandInPersons()). */
  standInPersons: readonly DemoPerson[];
  /** More patients (generateTestPersons with another seed). */
  extraPatients?: readonly DemoPerson[];
  now: Date;
}

export interface SeedDemoResult {
  seeded: boolean;
  cast: DemoCast;
  counts?: { institutions: number; users: number; patients: number; consents: number };
}

export async function seedDemoData(db: Kysely<Database>, input: SeedDemoInput): Promise<SeedDemoResult> {
  const cast = demoCast(input.standInPersons, input.extraPatients);
  if ((await countInstitutions(db)) > 0) return { seeded: false, cast };
  const now = input.now;
  const today = rigaDateOf(now);
  const why = (ground: string, evidence: string) => ({ actor: DEMO_ACTOR, at: now, ground, evidence });

  const counts = await db.transaction().execute(async (trx) => {
    // Another node may be seeding this moment: wait for it (the lock ends with its transaction),
    // then seed only if it did not.
    await sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK_KEY})`.execute(trx);
    if ((await countInstitutions(trx)) > 0) return undefined;
    // The operator and its staff.
    for (const person of cast.operatorStaff) {
      await insertOperatorStaff(
        trx,
        {
          personCode: person.personalCode,
          givenName: person.givenName,
          familyName: person.familyName,
          email: "operators@demo.tilts.test",
        },
        now,
      );
      await grantRight(
        trx,
        { personCode: person.personalCode, registrationNumber: null, role: "operator" },
        why("operator's staff", "demo: staff order 1/2026"),
      );
    }

    // Institutions and contracts; annex-1 applications.
    const contracts: Record<string, { id: string; concludedOn: string }> = {};
    for (const institution of Object.values(DEMO_INSTITUTIONS)) {
      await insertInstitution(trx, institution, DEMO_ACTOR, now);
      const concludedOn = addDays(today, -institution.contract.daysAgo);
      const contract = await insertContract(
        trx,
        {
          registrationNumber: institution.registrationNumber,
          number: institution.contract.number,
          scope: institution.contract.scope,
          concludedOn,
        },
        now,
      );
      contracts[institution.registrationNumber] = { id: contract.id, concludedOn };
    }
    const { hospital, practice, pharmacy } = DEMO_INSTITUTIONS;
    // The hospital's "large" application: received in time and processed in time.
    const hospitalContract = contracts[hospital.registrationNumber] as { id: string; concludedOn: string };
    const hospitalApplication = await insertApplication(
      trx,
      {
        registrationNumber: hospital.registrationNumber,
        contractId: hospitalContract.id,
        kind: "large",
        summary: "Portāla lietošana: administrators un 2 lietotāji / portal use: administrator and 2 users",
        contractConcludedOn: hospitalContract.concludedOn,
        receivedOn: addDays(hospitalContract.concludedOn, 10),
      },
      now,
    );
    await closeApplication(
      trx,
      hospitalApplication.id,
      "processed",
      `PNOLV-${cast.operatorStaff[0]?.personalCode}`,
      addWorkingDays(hospitalApplication.receivedOn, 3),
      "demo: access created",
    );
    // The pharmacy's "small" application: received 8 working days ago and still pending — overdue (ANX1-3).
    const pharmacyContract = contracts[pharmacy.registrationNumber] as { id: string; concludedOn: string };
    await insertApplication(
      trx,
      {
        registrationNumber: pharmacy.registrationNumber,
        contractId: pharmacyContract.id,
        kind: "small",
        summary: "Mazās iestādes pieteikums: viens farmaceits / small institution: one pharmacist",
        contractConcludedOn: pharmacyContract.concludedOn,
        receivedOn: addWorkingDays(today, -8),
      },
      now,
    );
    // The practice's change (a new nurse from today): pending, in time (ANX1-2).
    const practiceContract = contracts[practice.registrationNumber] as { id: string; concludedOn: string };
    await insertApplication(
      trx,
      {
        registrationNumber: practice.registrationNumber,
        contractId: practiceContract.id,
        kind: "change",
        summary: "Izmaiņas: jauna medmāsa / change: a new nurse",
        effectiveOn: addWorkingDays(today, -1),
        receivedOn: today,
      },
      now,
    );

    // Administrators (the pharmacy has none: CON-8), each with a signed attestation (CON-7).
    for (const [institution, person] of [
      [hospital, cast.hospitalAdministrator],
      [practice, cast.practiceAdministrator],
    ] as const) {
      const administrator = await insertAdministrator(
        trx,
        {
          registrationNumber: institution.registrationNumber,
          personCode: person.personalCode,
          givenName: person.givenName,
          familyName: person.familyName,
          email: `admin@${institution.contactEmail.split("@")[1]}`,
          appointedOn: addDays(today, -30),
        },
        now,
      );
      await grantRight(
        trx,
        {
          personCode: person.personalCode,
          registrationNumber: institution.registrationNumber,
          role: "institution-administrator",
        },
        why("annex 1 application", `demo: application ${institution.contract.number}`),
      );
      await insertAttestation(trx, {
        signer: { kind: "administrator", administrator },
        formVersion: ATTESTATION_FORM,
        signedAt: now,
        evidence: "demo: signed on paper, archive box 1",
      });
    }

    // Users with rights and attestations.
    const users: User[] = [];
    const staff: [
      typeof hospital | typeof practice | typeof pharmacy,
      DemoPerson,
      ProfessionalRole,
      string,
      string,
    ][] = [
      [hospital, cast.hospitalDoctor, "doctor", "ārsts / doctor", "Terapijas nodaļa"],
      [hospital, cast.hospitalNurse, "nurse", "māsa / nurse", "Terapijas nodaļa"],
      [practice, cast.practiceDoctor, "doctor", "ģimenes ārsts / family doctor", "Pieņemšana"],
      [pharmacy, cast.pharmacist, "pharmacist", "farmaceits / pharmacist", "Aptieka"],
    ];
    for (const [institution, person, role, profession, workplace] of staff) {
      const user = await insertUser(
        trx,
        {
          registrationNumber: institution.registrationNumber,
          personCode: person.personalCode,
          givenName: person.givenName,
          familyName: person.familyName,
          profession,
          workplace,
        },
        now,
      );
      users.push(user);
      await grantRight(
        trx,
        { personCode: person.personalCode, registrationNumber: institution.registrationNumber, role },
        why(
          institution === pharmacy ? "small institution's application (ANX1-3)" : "employment contract",
          `demo: order ${users.length}/2026`,
        ),
      );
      await insertAttestation(trx, {
        signer: { kind: "user", user },
        formVersion: ATTESTATION_FORM,
        signedAt: now,
        evidence: "demo: signed on paper, archive box 1",
      });
    }

    // Patients and their informed consents (CON-10) at the hospital and the practice.
    let consents = 0;
    for (const [index, patient] of cast.patients.entries()) {
      consents += await insertPatient(trx, patient, demoPatientInstitution(index), now);
    }
    return {
      institutions: Object.keys(DEMO_INSTITUTIONS).length,
      users: users.length,
      patients: cast.patients.length,
      consents,
    };
  });
  return counts ? { seeded: true, cast, counts } : { seeded: false, cast };
}
