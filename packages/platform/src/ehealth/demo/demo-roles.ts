/**
 * Who each of the testbed's persons is in the demo, in Latvian and English — what the stand-ins'
 * lists of test persons show next to each person (the composition passes it to them), so a
 * newcomer sees whom to sign in as. Read from the same cast the seeding uses (demo-cast.ts);
 * the role names are the rights pages' own (ehealth.role.*).
 */
import { ehealthTranslator } from "../i18n.ts";
import {
  DEMO_INSTITUTIONS,
  type DemoPerson,
  demoCast,
  demoPatientInstitution,
  demoPersonWithoutRights,
} from "./demo-cast.ts";

type Language = "lv" | "en";
type Role = "operator" | "institution-administrator" | "doctor" | "nurse" | "pharmacist";

export interface DemoRoleLabel {
  readonly role: string;
  /** A member of the staff (someone who signs in to a workplace), not a patient. */
  readonly staff: boolean;
}

export type DemoRoleLabels = (personalCode: string, lang: Language) => DemoRoleLabel | undefined;

export function demoRoleLabels(standInPersons: readonly DemoPerson[]): DemoRoleLabels {
  const cast = demoCast(standInPersons);
  const { hospital, practice, pharmacy } = DEMO_INSTITUTIONS;
  const staff = new Map<string, { role: Role; institution?: string }>([
    ...cast.operatorStaff.map((p): [string, { role: Role }] => [p.personalCode, { role: "operator" }]),
    [
      cast.hospitalAdministrator.personalCode,
      { role: "institution-administrator", institution: hospital.name },
    ],
    [
      cast.practiceAdministrator.personalCode,
      { role: "institution-administrator", institution: practice.name },
    ],
    [cast.hospitalDoctor.personalCode, { role: "doctor", institution: hospital.name }],
    [cast.hospitalNurse.personalCode, { role: "nurse", institution: hospital.name }],
    [cast.practiceDoctor.personalCode, { role: "doctor", institution: practice.name }],
    [cast.pharmacist.personalCode, { role: "pharmacist", institution: pharmacy.name }],
  ]);
  const patients = new Map(
    cast.patients.map((p, index) => [p.personalCode, demoPatientInstitution(index).name]),
  );
  const nobody = demoPersonWithoutRights(standInPersons)?.personalCode;
  return (personalCode, lang) => {
    const tr = ehealthTranslator(lang);
    const member = staff.get(personalCode);
    if (member) {
      const role = tr(`ehealth.role.${member.role}`);
      return { role: member.institution ? `${role}, ${member.institution}` : role, staff: true };
    }
    if (personalCode === nobody) return { role: tr("ehealth.demo.noRights"), staff: true };
    const institution = patients.get(personalCode);
    return institution ? { role: tr("ehealth.demo.patient", { institution }), staff: false } : undefined;
  };
}
