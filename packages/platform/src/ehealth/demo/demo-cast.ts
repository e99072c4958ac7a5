/**
 * Who is who in the demo (issue 6 item 6): a pure function from the testbed's eParaksts stand-in
 * persons (so every demo person who signs in can actually sign in) to the demo's roles. The
 * browser tests and the start-up banner use the same function, so they agree on the cast.
 */
import { EhealthError } from "../errors.ts";
import type { ContractScope, InstitutionKind, StaffSize } from "../tables.ts";

/** A person as the testbed gives them (structurally @tilts/testbed's TestPerson). */
export interface DemoPerson {
  readonly personalCode: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate?: string;
  readonly gender?: "male" | "female";
}

export interface DemoInstitution {
  readonly registrationNumber: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly staffSize: StaffSize;
  readonly contactEmail: string;
  readonly contract: { readonly number: string; readonly scope: ContractScope; readonly daysAgo: number };
}

/** Registration numbers in the 9000000000x range: fictitious, not real companies. */
export const DEMO_INSTITUTIONS = {
  hospital: {
    registrationNumber: "90000000001",
    name: "Demo klīniskā slimnīca",
    kind: "hospital",
    staffSize: "large",
    contactEmail: "slimnica@demo.tilts.test",
    contract: { number: "EV-2026/001", scope: "both", daysAgo: 90 },
  },
  practice: {
    registrationNumber: "90000000002",
    name: "Demo ģimenes ārsta prakse",
    kind: "practice",
    staffSize: "large",
    contactEmail: "prakse@demo.tilts.test",
    contract: { number: "EV-2026/002", scope: "portal", daysAgo: 60 },
  },
  // CON-8 / ANX1-3: fewer than five staff, no administrator; the operator manages its users.
  pharmacy: {
    registrationNumber: "90000000003",
    name: "Demo aptieka",
    kind: "pharmacy",
    staffSize: "small",
    contactEmail: "aptieka@demo.tilts.test",
    contract: { number: "EV-2026/003", scope: "portal", daysAgo: 40 },
  },
} as const satisfies Record<string, DemoInstitution>;

export interface DemoCast {
  /** The operator's staff (operator role). */
  readonly operatorStaff: readonly DemoPerson[];
  /** The hospital's and the practice's administrators. */
  readonly hospitalAdministrator: DemoPerson;
  readonly practiceAdministrator: DemoPerson;
  /** Users with rights: a doctor and a nurse at the hospital, a doctor at the practice, a pharmacist. */
  readonly hospitalDoctor: DemoPerson;
  readonly hospitalNurse: DemoPerson;
  readonly practiceDoctor: DemoPerson;
  readonly pharmacist: DemoPerson;
  /** Patients: the remaining stand-in persons, then the generated ones. */
  readonly patients: readonly DemoPerson[];
}

/**
 * The generated extra patients (@tilts/testbed generateTestPersons): the seed and count every
 * seeding uses, so `tilts start`, `tilts ehealth demo` and the README name the same patients.
 */
export const DEMO_EXTRA_PATIENTS = { seed: "tilts-ehealth-demo", count: 10 } as const;

/** Stand-in persons needed for the staff before any are patients. */
export const DEMO_STAFF_COUNT = 9;

/** Staff are of working age (born 1960–2000) where the stand-in has enough such persons. */
function staffOrder(standInPersons: readonly DemoPerson[]): DemoPerson[] {
  const workingAge = (p: DemoPerson) => {
    const year = Number(p.birthDate?.slice(0, 4));
    return year >= 1960 && year <= 2000;
  };
  return [...standInPersons.filter(workingAge), ...standInPersons.filter((p) => !workingAge(p))];
}

export function demoCast(
  standInPersons: readonly DemoPerson[],
  extraPatients: readonly DemoPerson[] = [],
): DemoCast {
  if (standInPersons.length < DEMO_STAFF_COUNT + 1) {
    throw new EhealthError("bad-input", `the demo needs at least ${DEMO_STAFF_COUNT + 1} stand-in persons`);
  }
  const ordered = staffOrder(standInPersons);
  const p = (i: number) => ordered[i] as DemoPerson;
  const staffCodes = new Set(ordered.slice(0, DEMO_STAFF_COUNT).map((s) => s.personalCode));
  return {
    operatorStaff: [p(0), p(1)],
    hospitalAdministrator: p(2),
    practiceAdministrator: p(3),
    hospitalDoctor: p(4),
    hospitalNurse: p(5),
    practiceDoctor: p(6),
    pharmacist: p(7),
    // p(8) is kept back: a person with no right anywhere (refusals can be tried with them).
    patients: [
      ...standInPersons.filter((x) => !staffCodes.has(x.personalCode)),
      ...extraPatients.filter((x) => !staffCodes.has(x.personalCode)),
    ],
  };
}

/**
 * Where a demo patient is treated: patients alternate between the hospital and the practice, in
 * the cast's order (the seeding records each one's consent there, CON-10).
 */
export function demoPatientInstitution(patientIndex: number): DemoInstitution {
  return patientIndex % 2 === 0 ? DEMO_INSTITUTIONS.hospital : DEMO_INSTITUTIONS.practice;
}

/** The stand-in person the demo keeps without any right (to see a refusal). */
export function demoPersonWithoutRights(standInPersons: readonly DemoPerson[]): DemoPerson | undefined {
  return staffOrder(standInPersons)[DEMO_STAFF_COUNT - 1];
}
