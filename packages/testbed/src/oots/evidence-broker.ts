/**
 * The Evidence Broker stand-in (OOTS-6, DIGEST §5.1): `GET …/rest/search?queryId=…` answering
 * the requirements-by-procedure-and-jurisdiction and evidence-types-by-requirement-and-
 * jurisdiction queries as `query:QueryResponse` (HTTP 200 always; the outcome is in @status and
 * rs:Exception/@code), in the CS 2.0 form when asked `Accept-Version: oots-cs:v2.0`.
 */
import type { CommonServicesRegistry } from "./cs-registry.ts";
import { uuidFrom } from "./cs-seed.ts";
import { type CsError, type CsVersion, errorXml, requirementXml, successXml } from "./cs-xml.ts";

export const EB_QUERY_REQUIREMENTS =
  "urn:fdc:oots:eb:ebxml-regrep:queries:requirements-by-procedure-and-jurisdiction";
export const EB_QUERY_EVIDENCE_TYPES =
  "urn:fdc:oots:eb:ebxml-regrep:queries:evidence-types-by-requirement-and-jurisdiction";

const EB = {
  empty: { code: "EB:ERR:0001", type: "rs:ObjectNotFoundExceptionType", message: "The result set is empty" },
  noRequirement: {
    code: "EB:ERR:0002",
    type: "rs:ObjectNotFoundExceptionType",
    message: "The requirement does not exist",
  },
  badParameters: {
    code: "EB:ERR:0003",
    type: "rs:InvalidRequestExceptionType",
    message: "The query parameters do not follow the query specification",
  },
  badProcedure: {
    code: "EB:ERR:0005",
    type: "rs:InvalidRequestExceptionType",
    message: "Invalid procedure-id",
  },
  badCountry: {
    code: "EB:ERR:0006",
    type: "rs:InvalidRequestExceptionType",
    message: "Invalid procedure country",
  },
  unknownQuery: {
    code: "EB:ERR:0007",
    type: "rs:InvalidRequestExceptionType",
    message: "The requested Query does not exist",
  },
} as const satisfies Record<string, CsError>;

const COUNTRY = /^[A-Z]{2}$/;
/** Parameters of each query; 1.x also takes the NUTS/LAU jurisdiction, 2.0 return-incomplete. */
const PARAMETERS: Record<string, Record<CsVersion, string[]>> = {
  [EB_QUERY_REQUIREMENTS]: {
    "1.x": ["procedure-id", "country-code", "jurisdiction-admin-l2", "jurisdiction-admin-l3"],
    "2.0": ["procedure-id", "country-code", "return-incomplete"],
  },
  [EB_QUERY_EVIDENCE_TYPES]: {
    "1.x": ["requirement-id", "country-code"],
    "2.0": ["requirement-id", "country-code"],
  },
};

class EbFailure extends Error {
  constructor(readonly error: CsError) {
    super(error.message);
  }
}
const fail = (e: CsError, detail?: string): never => {
  throw new EbFailure({ ...e, ...(detail ? { detail } : {}) });
};

/** The EB's answer (XML text) to one search request. */
export function answerEvidenceBroker(
  registry: CommonServicesRegistry,
  params: URLSearchParams,
  version: CsVersion,
): string {
  try {
    const queryId = params.get("queryId") ?? "";
    const allowed = PARAMETERS[queryId]?.[version] ?? fail(EB.unknownQuery, `queryId ${queryId}`);
    for (const name of params.keys())
      if (name !== "queryId" && !allowed.includes(name)) fail(EB.badParameters, `unknown parameter ${name}`);
    return queryId === EB_QUERY_REQUIREMENTS
      ? requirements(registry, params, version)
      : evidenceTypes(registry, params, version);
  } catch (e) {
    if (e instanceof EbFailure) return errorXml(version, e.error);
    throw e;
  }
}

function requirements(registry: CommonServicesRegistry, params: URLSearchParams, version: CsVersion): string {
  const procedure = params.get("procedure-id") ?? undefined;
  const country = params.get("country-code") ?? undefined;
  if (country !== undefined && !COUNTRY.test(country)) fail(EB.badCountry, `country-code ${country}`);
  const all = [...registry.requirements.values()];
  if (procedure !== undefined && !all.some((q) => q.frameworks.some((f) => f.procedure === procedure)))
    fail(EB.badProcedure, `procedure-id ${procedure}`);
  const found = all
    .map((q) => ({
      ...q,
      frameworks: q.frameworks.filter(
        (f) =>
          (procedure === undefined || f.procedure === procedure) &&
          (country === undefined || f.country === country),
      ),
    }))
    .filter((q) => q.frameworks.length > 0);
  if (!found.length) fail(EB.empty);
  return successXml(
    version,
    "Requirement",
    found.map((q) => ({
      id: `urn:uuid:${uuidFrom(`eb-object:${q.identifier}`)}`,
      xml: requirementXml(q, false),
    })),
  );
}

function evidenceTypes(
  registry: CommonServicesRegistry,
  params: URLSearchParams,
  version: CsVersion,
): string {
  const id = params.get("requirement-id") ?? fail(EB.badParameters, "requirement-id is required");
  const country = params.get("country-code") ?? undefined;
  if (country !== undefined && !COUNTRY.test(country)) fail(EB.badParameters, `country-code ${country}`);
  const q = registry.requirements.get(id) ?? fail(EB.noRequirement, `requirement-id ${id}`);
  const lists = q.evidenceTypeLists.filter(
    (l) => country === undefined || l.evidenceTypes.every((t) => t.jurisdiction.adminUnitLevel1 === country),
  );
  if (!lists.length) fail(EB.empty, `no evidence types for ${id} in ${country}`);
  return successXml(version, "Requirement", [
    {
      id: `urn:uuid:${uuidFrom(`eb-object:${q.identifier}:${country ?? "all"}`)}`,
      xml: requirementXml(q, true, country),
    },
  ]);
}
