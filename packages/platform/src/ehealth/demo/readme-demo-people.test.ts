/**
 * The README's "Demo people" table must name the people the demo seeding creates (demoCast over
 * the testbed's persons, as `tilts start` and `tilts ehealth demo` seed them), in the roles and
 * institutions it gives them, and list every member of the staff — so the table a newcomer signs
 * in from cannot drift from the data.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { demoPeople } from "../cli/demo-people.ts";
import {
  DEMO_INSTITUTIONS,
  type DemoPerson,
  demoPatientInstitution,
  demoPersonWithoutRights,
} from "./index.ts";

const README = fileURLToPath(new URL("../../../../../README.md", import.meta.url));

interface Row {
  name: string;
  role: string;
  institution: string;
  code: string;
}

/** The rows of the first table after the "## Demo people" heading. */
function demoTable(markdown: string): Row[] {
  const section = markdown.split(/^## Demo people$/m)[1]?.split(/^##+ /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2) // the heading row and the separator
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([name = "", role = "", institution = "", code = ""]) => ({
      name,
      role,
      institution,
      code: code.replaceAll("`", ""),
    }));
}

/** What the seeding makes of each person: role word and institution as the table names them. */
function expectedRows(): Map<string, { person: DemoPerson; role: RegExp; institution: string }> {
  const { cast, standInPersons } = demoPeople();
  const { hospital, practice, pharmacy } = DEMO_INSTITUTIONS;
  const staff: [DemoPerson, RegExp, string][] = [
    ...cast.operatorStaff.map((p): [DemoPerson, RegExp, string] => [p, /^operator's staff$/, "the operator"]),
    [cast.hospitalAdministrator, /^institution administrator$/, hospital.name],
    [cast.practiceAdministrator, /^institution administrator$/, practice.name],
    [cast.hospitalDoctor, /^doctor$/, hospital.name],
    [cast.hospitalNurse, /^nurse$/, hospital.name],
    [cast.practiceDoctor, /doctor$/, practice.name],
    [cast.pharmacist, /^pharmacist$/, pharmacy.name],
  ];
  const nobody = demoPersonWithoutRights(standInPersons) as DemoPerson;
  const rows = new Map(
    staff.map(([person, role, institution]) => [person.personalCode, { person, role, institution }]),
  );
  rows.set(nobody.personalCode, { person: nobody, role: /^no right anywhere/, institution: "—" });
  for (const [index, person] of cast.patients.entries())
    rows.set(person.personalCode, {
      person,
      role: /^patient/,
      institution: demoPatientInstitution(index).name,
    });
  return rows;
}

describe("the README's demo people", () => {
  const rows = demoTable(readFileSync(README, "utf8"));
  const expected = expectedRows();

  it("has a demo table", () => {
    expect(rows.length).toBeGreaterThan(9);
  });

  it("names each person by the personal code, name, role and institution the seeding gives them", () => {
    for (const row of rows) {
      const seeded = expected.get(row.code);
      expect(seeded, `${row.code} is not a demo person`).toBeDefined();
      expect(row.name).toBe(`${seeded!.person.givenName} ${seeded!.person.familyName}`);
      expect(row.role).toMatch(seeded!.role);
      expect(row.institution.startsWith(seeded!.institution), row.institution).toBe(true);
    }
  });

  it("lists every member of the staff and the person without rights", () => {
    const listed = new Set(rows.map((row) => row.code));
    const unlisted = [...expected.values()]
      .filter((e) => !e.role.source.startsWith("^patient"))
      .filter((e) => !listed.has(e.person.personalCode));
    expect(unlisted.map((e) => e.person.personalCode)).toEqual([]);
  });
});
