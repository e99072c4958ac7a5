/**
 * Demo data (issue 6 item 6): `seedEhealthDemo` seeds the organisation (seed-demo.ts) and then
 * PORTAL's clinical documents for the first patients (documents/demo-documents.ts). The testbed
 * composition (modules.ts) calls it on start when the database has no institutions.
 */
import type { Kysely } from "kysely";
import { countInstitutions } from "../adapters/institution-store.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import type { UploadCheckPorts } from "../documents/check-upload.ts";
import { type DemoDocumentsInput, seedDemoDocuments } from "../documents/demo-documents.ts";
import { DEMO_INSTITUTIONS } from "./demo-cast.ts";
import { type SeedDemoInput, type SeedDemoResult, seedDemoData } from "./seed-demo.ts";

export {
  DEMO_EXTRA_PATIENTS,
  DEMO_INSTITUTIONS,
  DEMO_STAFF_COUNT,
  type DemoCast,
  type DemoInstitution,
  type DemoPerson,
  demoCast,
  demoPatientInstitution,
  demoPersonWithoutRights,
} from "./demo-cast.ts";
export { type DemoRoleLabel, type DemoRoleLabels, demoRoleLabels } from "./demo-roles.ts";
export { DEMO_ACTOR, type SeedDemoInput, type SeedDemoResult, seedDemoData } from "./seed-demo.ts";

/** Whether the demo would seed: only a database without institutions gets demo data. */
export async function awaitsDemoData(db: Kysely<Database>): Promise<boolean> {
  return (await countInstitutions(db)) === 0;
}

/** Patients per institution who get demo documents (each document is schema-validated: ~0.2 s). */
export const DEMO_PATIENTS_WITH_DOCUMENTS = 2;

export async function seedEhealthDemo(
  db: Kysely<Database>,
  input: SeedDemoInput & {
    documentPorts?: UploadCheckPorts;
    /** The hospital's signing credential: its first patient's lab result is then signed (SIG-5). */
    hospitalSigner?: DemoDocumentsInput["signer"];
  },
): Promise<SeedDemoResult & { documents: number }> {
  const result = await seedDemoData(db, input);
  let documents = 0;
  if (result.seeded && input.documentPorts) {
    // Patients alternate between the hospital and the practice (seed-demo.ts); each institution's
    // doctor writes their patients' documents.
    const patients = result.cast.patients;
    const hospitalPatients = patients.filter((_, i) => i % 2 === 0).slice(0, DEMO_PATIENTS_WITH_DOCUMENTS);
    const practicePatients = patients.filter((_, i) => i % 2 === 1).slice(0, DEMO_PATIENTS_WITH_DOCUMENTS);
    for (const [institution, author, group, signer] of [
      [DEMO_INSTITUTIONS.hospital, result.cast.hospitalDoctor, hospitalPatients, input.hospitalSigner],
      [DEMO_INSTITUTIONS.practice, result.cast.practiceDoctor, practicePatients, undefined],
    ] as const) {
      documents += await seedDemoDocuments(db, {
        patients: group,
        author,
        institution: { registrationNumber: institution.registrationNumber, name: institution.name },
        ports: input.documentPorts,
        signer,
        now: input.now,
      });
    }
  }
  return { ...result, documents };
}
