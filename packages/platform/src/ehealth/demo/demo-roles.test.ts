/**
 * Who the testbed's persons are in the demo, as the stand-ins' lists show it: the staff with
 * their role and institution in both languages, the person without rights, the patients.
 */
import { defaultStandInPersons } from "@tilts/testbed";
import { describe, expect, it } from "vitest";
import { DEMO_INSTITUTIONS, demoCast, demoPersonWithoutRights } from "./demo-cast.ts";
import { demoRoleLabels } from "./demo-roles.ts";

describe("demoRoleLabels", () => {
  const persons = defaultStandInPersons();
  const cast = demoCast(persons);
  const labels = demoRoleLabels(persons);

  it("names the staff by role and institution, in Latvian and English", () => {
    const { hospital, pharmacy } = DEMO_INSTITUTIONS;
    expect(labels(cast.hospitalDoctor.personalCode, "lv")).toEqual({
      role: `ārsts, ${hospital.name}`,
      staff: true,
    });
    expect(labels(cast.hospitalDoctor.personalCode, "en")).toEqual({
      role: `doctor, ${hospital.name}`,
      staff: true,
    });
    expect(labels(cast.pharmacist.personalCode, "lv")?.role).toBe(`farmaceits, ${pharmacy.name}`);
    expect(labels(cast.operatorStaff[0]!.personalCode, "lv")).toEqual({ role: "operators", staff: true });
    expect(labels(demoPersonWithoutRights(persons)!.personalCode, "en")?.role).toBe(
      "no rights (to try a refusal)",
    );
  });

  it("names the patients with the institution that treats them, not as staff; others not at all", () => {
    expect(labels(cast.patients[0]!.personalCode, "lv")).toEqual({
      role: `pacients, ${DEMO_INSTITUTIONS.hospital.name}`,
      staff: false,
    });
    expect(labels(cast.patients[1]!.personalCode, "en")?.role).toBe(
      `patient, ${DEMO_INSTITUTIONS.practice.name}`,
    );
    expect(labels("010101-10000", "lv")).toBeUndefined();
  });
});
