/**
 * The demo's people as the seeding makes them: the testbed's eParaksts stand-in persons and the
 * generated extra patients, cast into roles by demo/demo-cast.ts. The CLI commands that talk
 * about demo people (`ehealth demo`, `ehealth sample-cda`) read them here, so they name the
 * same persons the seeding of `tilts start` stores.
 */
import { defaultStandInPersons, generateTestPersons } from "@tilts/testbed";
import { DEMO_EXTRA_PATIENTS, type DemoCast, type DemoPerson, demoCast } from "../demo/index.ts";

export interface DemoPeople {
  readonly standInPersons: readonly DemoPerson[];
  readonly extraPatients: readonly DemoPerson[];
  readonly cast: DemoCast;
}

export function demoPeople(): DemoPeople {
  const standInPersons = defaultStandInPersons();
  const extraPatients = generateTestPersons(DEMO_EXTRA_PATIENTS);
  return { standInPersons, extraPatients, cast: demoCast(standInPersons, extraPatients) };
}
