/**
 * For tests only: a small e-health world built straight through MODEL's stores (no services, so
 * no caller is needed to bootstrap it): the operator's staff member with the operator right; a
 * large hospital with an administrator (attestation signed) and two users; a small practice
 * without an administrator (ANX1-3) and one user; their contracts; annex-1 applications, one of
 * them overdue. People are the eParaksts stand-in's persons, so each can sign in.
 */
import type { TestPerson } from "@tilts/testbed";
import { defaultStandInPersons } from "@tilts/testbed";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { insertApplication } from "../adapters/application-store.ts";
import { insertContract } from "../adapters/contract-store.ts";
import { insertInstitution } from "../adapters/institution-store.ts";
import {
  type Administrator,
  insertAdministrator,
  insertAttestation,
  insertOperatorStaff,
  insertUser,
  type User,
} from "../adapters/people-store.ts";
import { grantRight, type Right } from "../adapters/rights-store.ts";
import { rigaDateOf } from "../core/calendar-date.ts";
import { addWorkingDays } from "../core/working-days.ts";

export interface WorkplaceWorld {
  operator: TestPerson;
  administrator: TestPerson;
  doctor: TestPerson;
  nurse: TestPerson;
  smallUser: TestPerson;
  /** Holds no right anywhere. */
  outsider: TestPerson;
  hospital: { registrationNumber: string; name: string; contactEmail: string };
  practice: { registrationNumber: string; name: string; contactEmail: string };
  hospitalAdministrator: Administrator;
  doctorUser: User;
  nurseUser: User;
  smallUserUser: User;
  /** The nurse's nurse right at the hospital. */
  nurseRight: Right;
}

export async function buildWorkplaceWorld(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<WorkplaceWorld> {
  const persons = defaultStandInPersons();
  const [operator, administrator, doctor, nurse, smallUser, outsider] = persons.slice(10, 16) as [
    TestPerson,
    TestPerson,
    TestPerson,
    TestPerson,
    TestPerson,
    TestPerson,
  ];
  const system = "PNOLV-system-test";
  const why = { actor: system, at: now, ground: "test fixture", evidence: "fixture-1" };
  const today = rigaDateOf(now);

  await insertOperatorStaff(
    db,
    {
      personCode: operator.personalCode,
      givenName: operator.givenName,
      familyName: operator.familyName,
      email: "operator@example.test",
    },
    now,
  );
  await grantRight(
    db,
    { personCode: operator.personalCode, registrationNumber: null, role: "operator" },
    why,
  );

  const hospital = {
    registrationNumber: "40003000001",
    name: "Rīgas Testa slimnīca",
    kind: "hospital" as const,
    staffSize: "large" as const,
    contactEmail: "hospital@example.test",
  };
  const practice = {
    registrationNumber: "40003000002",
    name: "Ģimenes ārsta prakse Tests",
    kind: "practice" as const,
    staffSize: "small" as const,
    contactEmail: "practice@example.test",
  };
  for (const institution of [hospital, practice]) {
    await insertInstitution(db, institution, system, now);
    await insertContract(
      db,
      {
        registrationNumber: institution.registrationNumber,
        number: `L-${institution.registrationNumber.slice(-3)}`,
        scope: "portal",
        concludedOn: addWorkingDays(today, -40),
      },
      now,
    );
  }
  // One application overdue (received long ago), one not yet due.
  await insertApplication(
    db,
    {
      registrationNumber: hospital.registrationNumber,
      kind: "change",
      summary: "New department users",
      effectiveOn: addWorkingDays(today, -30),
      receivedOn: addWorkingDays(today, -28),
    },
    now,
  );
  await insertApplication(
    db,
    {
      registrationNumber: practice.registrationNumber,
      kind: "small",
      summary: "Portal access for the practice",
      contractConcludedOn: addWorkingDays(today, -2),
      receivedOn: today,
    },
    now,
  );

  const hospitalAdministrator = await insertAdministrator(
    db,
    {
      registrationNumber: hospital.registrationNumber,
      personCode: administrator.personalCode,
      givenName: administrator.givenName,
      familyName: administrator.familyName,
      email: "admin@example.test",
      appointedOn: today,
    },
    now,
  );
  await grantRight(
    db,
    {
      personCode: administrator.personalCode,
      registrationNumber: hospital.registrationNumber,
      role: "institution-administrator",
    },
    why,
  );
  await insertAttestation(db, {
    signer: { kind: "administrator", administrator: hospitalAdministrator },
    formVersion: "2024-1",
    signedAt: now,
    evidence: "attestation-admin",
  });

  const newUser = async (person: TestPerson, registrationNumber: string, profession: string) => {
    const user = await insertUser(
      db,
      {
        registrationNumber,
        personCode: person.personalCode,
        givenName: person.givenName,
        familyName: person.familyName,
        profession,
        workplace: "Test department",
      },
      now,
    );
    await insertAttestation(db, {
      signer: { kind: "user", user },
      formVersion: "2024-1",
      signedAt: now,
      evidence: `attestation-${profession}`,
    });
    return user;
  };
  const doctorUser = await newUser(doctor, hospital.registrationNumber, "doctor");
  const nurseUser = await newUser(nurse, hospital.registrationNumber, "nurse");
  const smallUserUser = await newUser(smallUser, practice.registrationNumber, "doctor");
  const nurseRight = await grantRight(
    db,
    { personCode: nurse.personalCode, registrationNumber: hospital.registrationNumber, role: "nurse" },
    why,
  );

  return {
    operator,
    administrator,
    doctor,
    nurse,
    smallUser,
    outsider,
    hospital,
    practice,
    hospitalAdministrator,
    doctorUser,
    nurseUser,
    smallUserUser,
    nurseRight,
  };
}
