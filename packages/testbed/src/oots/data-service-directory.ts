/**
 * The Data Service Directory stand-in (OOTS-7, DIGEST §5.2): `GET …/rest/search` with the
 * dataservices-by-evidencetype-and-jurisdiction query. When several providers remain for the
 * evidence type in the state, it answers DSD:ERR:0005 with the attribute the user must supply
 * (a user-requested classification concept; in 1.x also the NUTS jurisdiction path), and the
 * re-query with `&<concept Identifier>=<value>` (or jurisdiction-admin-l2) names the provider.
 */
import type { DataServiceEvidenceType, Provider } from "./cs-model.ts";
import { countryOf } from "./cs-model.ts";
import type { CommonServicesRegistry } from "./cs-registry.ts";
import { type CsError, type CsVersion, dataServiceXml, errorXml, successXml } from "./cs-xml.ts";

export const DSD_QUERY_DATA_SERVICES =
  "urn:fdc:oots:dsd:ebxml-regrep:queries:dataservices-by-evidencetype-and-jurisdiction";

const DSD = {
  noServices: {
    code: "DSD:ERR:0001",
    type: "rs:ObjectNotFoundExceptionType",
    message: "No Data Services were found based on the given parameters",
  },
  noEvidenceType: {
    code: "DSD:ERR:0002",
    type: "rs:ObjectNotFoundExceptionType",
    message: "The Evidence Type requested cannot be found",
  },
  badParameters: {
    code: "DSD:ERR:0003",
    type: "rs:InvalidRequestExceptionType",
    message: "The query parameters do not follow the query specification",
  },
  unknownQuery: {
    code: "DSD:ERR:0004",
    type: "rs:InvalidRequestExceptionType",
    message: "The requested Query does not exist",
  },
  additionalInput: {
    code: "DSD:ERR:0005",
    type: "rs:ObjectNotFoundExceptionType",
    message: "The query requires the included extra attributes to be provided by the user",
  },
  badValue: {
    code: "DSD:ERR:0006",
    type: "rs:InvalidRequestExceptionType",
    message: "Incorrect provided value for requested parameters",
  },
} as const satisfies Record<string, CsError>;

/** CS 1.2.0 dropped evidence-type-id; the NUTS/LAU path is 1.x only (removed in 2.0). */
const PARAMETERS: Record<CsVersion, string[]> = {
  "1.x": [
    "queryId",
    "evidence-type-classification",
    "country-code",
    "specification",
    "jurisdiction-admin-l2",
    "jurisdiction-admin-l3",
    "jurisdiction-context-id",
    // CS 1.0/1.1: the DataServiceEvidenceType Identifier the user picked from DSD:ERR:0005.
    "evidence-type-id",
  ],
  "2.0": ["queryId", "evidence-type-classification", "country-code", "specification"],
};

class DsdFailure extends Error {
  constructor(
    readonly error: CsError,
    readonly entry?: DataServiceEvidenceType,
  ) {
    super(error.message);
  }
}
const fail = (e: CsError, detail?: string): never => {
  throw new DsdFailure({ ...e, ...(detail ? { detail } : {}) });
};

/** The DSD's answer (XML text) to one search request. */
export function answerDataServiceDirectory(
  registry: CommonServicesRegistry,
  params: URLSearchParams,
  version: CsVersion,
): string {
  try {
    const queryId = params.get("queryId");
    if (queryId !== DSD_QUERY_DATA_SERVICES) fail(DSD.unknownQuery, `queryId ${queryId}`);
    const classification = params.get("evidence-type-classification");
    const country = params.get("country-code");
    if (!classification || !country)
      return fail(DSD.badParameters, "evidence-type-classification and country-code are required");
    if (!/^[A-Z]{2}$/.test(country)) fail(DSD.badParameters, `country-code ${country}`);
    const ofType = registry.dataServices.filter((d) => d.classification === classification);
    if (!ofType.length) fail(DSD.noEvidenceType, classification);
    const entry =
      ofType.find((d) => countryOf(d) === country) ?? fail(DSD.noServices, `no data service in ${country}`);
    const chosenType = version === "1.x" ? params.get("evidence-type-id") : null;
    if (chosenType !== null && chosenType !== entry.identifier)
      fail(DSD.badValue, `evidence-type-id ${chosenType}`);
    const conceptId = entry.concept?.identifier;
    for (const name of params.keys())
      if (!PARAMETERS[version].includes(name) && name !== conceptId)
        fail(DSD.badParameters, `unknown parameter ${name}`);
    const spec = params.get("specification");
    let providers = entry.providers.filter((p) => spec === null || p.conformsTo.includes(spec));
    if (!providers.length) fail(DSD.noServices, `no provider speaks ${spec}`);
    providers = chooseProviders(entry, providers, params, version);
    return successXml(version, "DataServiceEvidenceType", [
      { id: entry.registryId, xml: dataServiceXml(entry, version, providers, spec ?? undefined) },
    ]);
  } catch (e) {
    if (!(e instanceof DsdFailure)) throw e;
    if (e.entry)
      return errorXml(version, e.error, {
        dataService: e.entry,
        askConcept: true,
        askJurisdiction: version !== "2.0",
      });
    return errorXml(version, e.error);
  }
}

/**
 * Narrows the providers by the user's answer: the concept's value, or in 1.x the NUTS code
 * (a deeper code such as DE21 Oberbayern falls under its Land DE2). With no answer and more
 * than one provider, asks (DSD:ERR:0005).
 */
function chooseProviders(
  entry: DataServiceEvidenceType,
  providers: Provider[],
  params: URLSearchParams,
  version: CsVersion,
): Provider[] {
  const concept = entry.concept;
  if (!concept) return providers;
  const value = params.get(concept.identifier);
  const nuts = version === "1.x" ? params.get("jurisdiction-admin-l2") : null;
  const context = params.get("jurisdiction-context-id");
  if (context !== null && context !== entry.jurisdictionDetermination?.contextId)
    fail(DSD.badValue, `jurisdiction-context-id ${context}`);
  if (value !== null) {
    const chosen = providers.filter((p) => p.servesValues?.includes(value));
    return chosen.length ? chosen : fail(DSD.badValue, `${concept.identifier}=${value}`);
  }
  if (nuts !== null) {
    const chosen = providers.filter(
      (p) => p.jurisdiction.adminUnitLevel2 && nuts.startsWith(p.jurisdiction.adminUnitLevel2),
    );
    return chosen.length ? chosen : fail(DSD.badValue, `jurisdiction-admin-l2=${nuts}`);
  }
  if (providers.length === 1) return providers;
  throw new DsdFailure(DSD.additionalInput, entry);
}
