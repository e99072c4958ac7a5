/**
 * The test persons data set (DEV-2: the exchange is tested on agreed scenarios with a test persons
 * data set): every person of the demo and sandbox — the testbed's eParaksts stand-in persons and
 * the generated extra patients — with the role the demo seeding gives them, as CSV and JSON.
 * Read from the same cast the seeding uses (demo/), so the file names the people a developer
 * finds in the test environment. All of them are synthetic; none is a real person.
 */
import { demoPeople } from "../cli/demo-people.ts";
import {
  DEMO_INSTITUTIONS,
  type DemoInstitution,
  type DemoPerson,
  demoPatientInstitution,
  demoPersonWithoutRights,
} from "../demo/index.ts";

export const TEST_PERSON_ROLES = [
  "operator",
  "institution-administrator",
  "doctor",
  "nurse",
  "pharmacist",
  "no-rights",
  "patient",
] as const;
export type TestPersonRole = (typeof TEST_PERSON_ROLES)[number];

export interface TestPersonRow {
  personalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  gender: "male" | "female" | null;
  role: TestPersonRole;
  /** Where the person works, or (a patient) is treated; none for the operator's staff. */
  institution: { registrationNumber: string; name: string } | null;
}

function row(person: DemoPerson, role: TestPersonRole, institution?: DemoInstitution): TestPersonRow {
  return {
    personalCode: person.personalCode,
    givenName: person.givenName,
    familyName: person.familyName,
    birthDate: person.birthDate ?? null,
    gender: person.gender ?? null,
    role,
    institution: institution
      ? { registrationNumber: institution.registrationNumber, name: institution.name }
      : null,
  };
}

export function testPersonRows(): TestPersonRow[] {
  const { standInPersons, cast } = demoPeople();
  const { hospital, practice, pharmacy } = DEMO_INSTITUTIONS;
  const nobody = demoPersonWithoutRights(standInPersons);
  return [
    ...cast.operatorStaff.map((p) => row(p, "operator")),
    row(cast.hospitalAdministrator, "institution-administrator", hospital),
    row(cast.practiceAdministrator, "institution-administrator", practice),
    row(cast.hospitalDoctor, "doctor", hospital),
    row(cast.hospitalNurse, "nurse", hospital),
    row(cast.practiceDoctor, "doctor", practice),
    row(cast.pharmacist, "pharmacist", pharmacy),
    ...(nobody ? [row(nobody, "no-rights")] : []),
    ...cast.patients.map((p, index) => row(p, "patient", demoPatientInstitution(index))),
  ];
}

const CSV_COLUMNS = [
  "personal_code",
  "given_name",
  "family_name",
  "birth_date",
  "gender",
  "role",
  "institution_registration_number",
  "institution_name",
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | null): string {
  const text = value ?? "";
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV, CRLF line ends, a header line first. */
export function testPersonsCsv(rows: readonly TestPersonRow[]): string {
  const lines = rows.map((r) =>
    [
      r.personalCode,
      r.givenName,
      r.familyName,
      r.birthDate,
      r.gender,
      r.role,
      r.institution?.registrationNumber ?? null,
      r.institution?.name ?? null,
    ]
      .map(csvField)
      .join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
}

export function testPersonsJson(rows: readonly TestPersonRow[]): string {
  return `${JSON.stringify({ synthetic: true, persons: rows }, null, 2)}\n`;
}
