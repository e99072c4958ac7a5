/**
 * The sample CDA document the portal offers for download: a discharge summary about the first
 * demo patient by the doctor where that patient is treated — what `tilts ehealth sample-cda`
 * writes by default, from the same builder and the same demo cast. Unsigned: signing needs the
 * testbed's keys, which the CLI's `--sign` reads.
 */
import { demoPeople } from "../cli/demo-people.ts";
import { DEMO_INSTITUTIONS, demoPatientInstitution } from "../demo/index.ts";
import { sampleDischargeSummary } from "../documents/index.ts";

export function sampleCdaDocument(now: Date): string {
  const { cast } = demoPeople();
  const patient = cast.patients[0];
  if (!patient) throw new Error("the demo cast has no patient");
  const home = demoPatientInstitution(0);
  const author = home === DEMO_INSTITUTIONS.hospital ? cast.hospitalDoctor : cast.practiceDoctor;
  return sampleDischargeSummary({
    patient,
    author,
    institution: { registrationNumber: home.registrationNumber, name: home.name },
    effectiveTime: now,
  });
}
