/**
 * The registry behind both stand-ins, shared so that one start-up composition serves one
 * consistent directory. Updates come from LCM submissions, each on behalf of one member state,
 * which may only write its own entries (OOTS-4): evidence-type lists and reference frameworks of
 * its country in the EB, data-service evidence types whose providers are in its country in the DSD.
 */
import { countryOf, type DataServiceEvidenceType, type Requirement } from "./cs-model.ts";
import { seedDataServices, seedRequirements } from "./cs-seed.ts";
import type { CsError } from "./cs-xml.ts";

const ERR_OBJECT = (detail: string): CsError => ({
  code: "LCM:ERR:0001",
  type: "rs:InvalidRequestExceptionType",
  message: "A registry object in the Request does not comply with the specification",
  detail,
});

export class CommonServicesRegistry {
  readonly requirements = new Map<string, Requirement>();
  dataServices: DataServiceEvidenceType[] = [];

  /** The seeded directory of LV, EE, LT, DE and FR (cs-seed.ts). */
  static seeded(): CommonServicesRegistry {
    const r = new CommonServicesRegistry();
    for (const q of seedRequirements()) r.requirements.set(q.identifier, q);
    r.dataServices = seedDataServices();
    return r;
  }

  /**
   * Merges `state`'s evidence-type lists and reference frameworks into the requirements
   * (creating a requirement the EB does not know yet). Returns the refusals; nothing is
   * written when there is one.
   */
  submitRequirements(state: string, submitted: Requirement[]): CsError[] {
    const refusals: CsError[] = [];
    for (const q of submitted) {
      const foreign = [
        ...q.frameworks.map((f) => f.country),
        ...q.evidenceTypeLists.flatMap((l) => l.evidenceTypes.map((t) => t.jurisdiction.adminUnitLevel1)),
      ].filter((c) => c !== state);
      if (foreign.length)
        refusals.push(
          ERR_OBJECT(`${q.identifier}: ${state} may not register entries of ${foreign[0]} (OOTS-4)`),
        );
      if (!q.evidenceTypeLists.length && !q.frameworks.length)
        refusals.push(ERR_OBJECT(`${q.identifier}: the requirement carries nothing of ${state}`));
    }
    if (refusals.length) return refusals;
    for (const q of submitted) {
      const known = this.requirements.get(q.identifier);
      if (!known) {
        this.requirements.set(q.identifier, structuredClone(q));
        continue;
      }
      const mine = (countries: string[]) => countries.every((c) => c === state);
      // The state's lists are replaced as a whole: a list it no longer submits is withdrawn.
      known.evidenceTypeLists = [
        ...known.evidenceTypeLists.filter(
          (l) => !mine(l.evidenceTypes.map((t) => t.jurisdiction.adminUnitLevel1)),
        ),
        ...q.evidenceTypeLists,
      ];
      known.frameworks = [
        ...known.frameworks.filter((f) => f.country !== state || !q.frameworks.length),
        ...q.frameworks,
      ];
    }
    return [];
  }

  /** Replaces (by classification) or adds `state`'s data-service evidence types. */
  submitDataServices(state: string, submitted: DataServiceEvidenceType[]): CsError[] {
    const refusals: CsError[] = [];
    for (const d of submitted) {
      if (!d.providers.length)
        refusals.push(ERR_OBJECT(`${d.registryId}: no AccessService serves the evidence type`));
      const foreign = d.providers.find((p) => p.jurisdiction.adminUnitLevel1 !== state);
      if (foreign)
        refusals.push(
          ERR_OBJECT(
            `${d.registryId}: ${state} may not register providers of ${foreign.jurisdiction.adminUnitLevel1} (OOTS-4)`,
          ),
        );
    }
    if (refusals.length) return refusals;
    for (const d of submitted) {
      this.dataServices = this.dataServices.filter(
        (x) =>
          !(
            countryOf(x) === state &&
            (x.classification === d.classification || x.identifier === d.identifier)
          ),
      );
      this.dataServices.push(structuredClone(d));
    }
    return [];
  }
}
