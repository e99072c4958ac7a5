import { defaultStandInPersons, generateTestPersons } from "@tilts/testbed";
import { describe, expect, it } from "vitest";
import {
  DEMO_INSTITUTIONS,
  DEMO_STAFF_COUNT,
  demoCast,
  demoPatientInstitution,
  demoPersonWithoutRights,
} from "./demo-cast.ts";

describe("the demo cast (issue 6 item 6)", () => {
  const standIn = defaultStandInPersons();
  it("takes every staff member from the eParaksts stand-in's persons, each person in one role", () => {
    const cast = demoCast(standIn);
    const staff = [
      ...cast.operatorStaff,
      cast.hospitalAdministrator,
      cast.practiceAdministrator,
      cast.hospitalDoctor,
      cast.hospitalNurse,
      cast.practiceDoctor,
      cast.pharmacist,
    ];
    expect(new Set(staff.map((p) => p.personalCode)).size).toBe(staff.length);
    expect(staff.every((p) => standIn.includes(p as (typeof standIn)[number]))).toBe(true);
    const patientCodes = new Set(cast.patients.map((p) => p.personalCode));
    expect(staff.some((p) => patientCodes.has(p.personalCode))).toBe(false);
    expect(patientCodes.has(demoPersonWithoutRights(standIn)?.personalCode ?? "")).toBe(false);
  });

  it("adds generated patients after the stand-in's, and refuses too few persons", () => {
    const extra = generateTestPersons({ seed: "extra", count: 3 });
    expect(demoCast(standIn, extra).patients.length).toBe(standIn.length - DEMO_STAFF_COUNT + 3);
    expect(() => demoCast(standIn.slice(0, DEMO_STAFF_COUNT))).toThrow(/at least 10/);
  });

  it("treats patients alternately at the hospital and the practice, never at the pharmacy", () => {
    expect([0, 1, 2, 3].map((i) => demoPatientInstitution(i).registrationNumber)).toEqual([
      DEMO_INSTITUTIONS.hospital.registrationNumber,
      DEMO_INSTITUTIONS.practice.registrationNumber,
      DEMO_INSTITUTIONS.hospital.registrationNumber,
      DEMO_INSTITUTIONS.practice.registrationNumber,
    ]);
  });
});
