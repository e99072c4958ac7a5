/**
 * The demo's people as the seeding makes them: the testbed's eParaksts stand-in persons and the
 * generated extra patients, cast into roles by demo/demo-cast.ts. The CLI commands that talk
 * about demo people (`ehealth demo`, `ehealth sample-cda`) read them here, so they name the
 * same persons the seeding of `tilts start` stores.
 */
import { defaultStandInPersons, generateTestPersons } from "@tilts/testbed";
import { type DemoCast, type DemoPerson, demoCast } from "../demo/index.ts";

/** The seed of the generated extra patients (modules.ts seeds with the same one). */
export const DEMO_EXTRA_PATIENTS_SEED = "tilts-ehealth-demo";
export const DEMO_EXTRA_PATIENTS_COUNT = 10;

export interface DemoPeople {
  readonly standInPersons: readonly DemoPerson[];
  readonly extraPatients: readonly DemoPerson[];
  readonly cast: DemoCast;
}

export function demoPeople(): DemoPeople {
  const standInPersons = defaultStandInPersons();
  const extraPatients = generateTestPersons({
    seed: DEMO_EXTRA_PATIENTS_SEED,
    count: DEMO_EXTRA_PATIENTS_COUNT,
  });
  return { standInPersons, extraPatients, cast: demoCast(standInPersons, extraPatients) };
}
