/**
 * The Evidence Broker and Data Service Directory query interfaces (DIGEST §5): the RegRep REST
 * binding's `GET «base»/rest/search?queryId=…` parameters, their QueryResponse answers and the
 * EB:ERR / DSD:ERR exceptions, including DSD:ERR:0005 "additional input" (OOTS-7) whose
 * slots ask the user for classification values (and, in 1.x, a NUTS/LAU jurisdiction).
 */
import { EdmParseError } from "./errors.ts";
import type {
  ClassificationConcept,
  DataServiceEvidenceType,
  JurisdictionDetermination,
  Requirement,
} from "./model.ts";
import { NS, SEVERITY_ERROR, STATUS } from "./namespaces.ts";
import { type RegistryException, readExceptions, writeException } from "./registry-exception.ts";
import {
  readConcept,
  readDataServiceEvidenceType,
  readJurisdictionDetermination,
  readRequirement,
} from "./sdg-read.ts";
import {
  writeConcept,
  writeDataServiceEvidenceType,
  writeJurisdictionDetermination,
  writeRequirement,
} from "./sdg-write.ts";
import { type EdmVersion, edmSpecification } from "./version.ts";
import {
  add,
  anySlot,
  collectionSlot,
  isEl,
  kid,
  kids,
  lineOf,
  newDocument,
  serialize,
  slotAny,
  slotCollection,
  slotString,
  stringSlot,
} from "./xml.ts";

export const QUERY_IDS = {
  requirements: "urn:fdc:oots:eb:ebxml-regrep:queries:requirements-by-procedure-and-jurisdiction",
  evidenceTypes: "urn:fdc:oots:eb:ebxml-regrep:queries:evidence-types-by-requirement-and-jurisdiction",
  dataServices: "urn:fdc:oots:dsd:ebxml-regrep:queries:dataservices-by-evidencetype-and-jurisdiction",
} as const;

export type CommonServicesQuery =
  | {
      query: "requirements";
      procedureId?: string;
      countryCode?: string;
      jurisdictionAdminL2?: string;
      jurisdictionAdminL3?: string;
      returnIncomplete?: boolean;
    }
  | {
      query: "evidenceTypes";
      requirementId: string;
      countryCode?: string;
      jurisdictionAdminL2?: string;
      jurisdictionAdminL3?: string;
    }
  | {
      query: "dataServices";
      evidenceTypeClassification: string;
      countryCode: string;
      specification?: string;
      jurisdictionAdminL2?: string;
      jurisdictionAdminL3?: string;
      jurisdictionContextId?: string;
      evidenceTypeId?: string;
      /** One parameter per user-requested classification concept, named by its Identifier. */
      classifications?: Record<string, string>;
    };

const PARAMS: Record<string, string> = {
  procedureId: "procedure-id",
  countryCode: "country-code",
  jurisdictionAdminL2: "jurisdiction-admin-l2",
  jurisdictionAdminL3: "jurisdiction-admin-l3",
  returnIncomplete: "return-incomplete",
  requirementId: "requirement-id",
  evidenceTypeClassification: "evidence-type-classification",
  specification: "specification",
  jurisdictionContextId: "jurisdiction-context-id",
  evidenceTypeId: "evidence-type-id",
};

/** The query string (without "?") for `«base»/rest/search`. */
export function buildQueryString(q: CommonServicesQuery): string {
  const p = new URLSearchParams({ queryId: QUERY_IDS[q.query] });
  for (const [k, v] of Object.entries(q)) {
    if (k === "query" || k === "classifications" || v === undefined) continue;
    p.append(PARAMS[k] ?? k, String(v));
  }
  if (q.query === "dataServices")
    for (const [k, v] of Object.entries(q.classifications ?? {})) p.append(k, v);
  return p.toString();
}

/** Reads a search request's parameters; refuses with EB:ERR:0007/DSD:ERR:0004 or …0003. */
export function parseQueryString(search: string): CommonServicesQuery {
  const p = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const queryId = p.get("queryId");
  const entry = Object.entries(QUERY_IDS).find(([, id]) => id === queryId);
  const dsd = queryId?.includes(":dsd:") ?? false;
  if (!entry) throw new EdmParseError(dsd ? "DSD:ERR:0004" : "EB:ERR:0007", `unknown queryId ${queryId}`);
  const query = entry[0] as CommonServicesQuery["query"];
  const known = new Set(["queryId", ...Object.values(PARAMS)]);
  const get = (name: string) => p.get(PARAMS[name] ?? name) ?? undefined;
  const common = {
    ...(get("countryCode") ? { countryCode: get("countryCode") } : {}),
    ...(get("jurisdictionAdminL2") ? { jurisdictionAdminL2: get("jurisdictionAdminL2") } : {}),
    ...(get("jurisdictionAdminL3") ? { jurisdictionAdminL3: get("jurisdictionAdminL3") } : {}),
  };
  for (const c of [common.countryCode, common.jurisdictionAdminL2]) {
    if (c !== undefined && !/^[A-Z]{2}[A-Z0-9]{0,3}$/.test(c))
      throw new EdmParseError(dsd ? "DSD:ERR:0003" : "EB:ERR:0003", `bad jurisdiction parameter ${c}`);
  }
  if (query === "requirements") {
    const r = get("returnIncomplete");
    return {
      query,
      ...common,
      ...(get("procedureId") ? { procedureId: get("procedureId") } : {}),
      ...(r ? { returnIncomplete: r === "true" } : {}),
    };
  }
  if (query === "evidenceTypes") {
    const requirementId = get("requirementId");
    if (!requirementId) throw new EdmParseError("EB:ERR:0003", "requirement-id is required");
    return { query, requirementId, ...common };
  }
  const evidenceTypeClassification = get("evidenceTypeClassification");
  if (!evidenceTypeClassification || !common.countryCode)
    throw new EdmParseError("DSD:ERR:0003", "evidence-type-classification and country-code are required");
  const classifications: Record<string, string> = {};
  for (const [k, v] of p) if (!known.has(k)) classifications[k] = v;
  const opt = (name: string) => (get(name) ? { [name]: get(name) } : {});
  return {
    query,
    evidenceTypeClassification,
    countryCode: common.countryCode,
    ...common,
    ...opt("specification"),
    ...opt("jurisdictionContextId"),
    ...opt("evidenceTypeId"),
    ...(Object.keys(classifications).length ? { classifications } : {}),
  };
}

// ---- answers ----

export interface RegistryEntry<T> {
  /** urn:uuid:… of the RegistryObject. */
  id: string;
  value: T;
}

export type CommonServicesAnswer =
  | {
      kind: "eb-requirements" | "eb-evidence-types";
      version: EdmVersion;
      requirements: RegistryEntry<Requirement>[];
    }
  | {
      kind: "dsd-data-services";
      version: EdmVersion;
      dataServices: RegistryEntry<DataServiceEvidenceType>[];
    };

function csRoot(version: EdmVersion, status: string): Element {
  const root = newDocument("query", "QueryResponse");
  root.setAttribute("status", status);
  // CS 2.0 answers announce their version; the 1.0 form carries no slot (R-EB-ERR-017).
  if (version === "2.0") stringSlot(root, "SpecificationIdentifier", "oots-cs:v2.0");
  return root;
}

export function buildCommonServicesAnswer(a: CommonServicesAnswer): string {
  const spec = edmSpecification(a.version);
  const root = csRoot(a.version, STATUS.success);
  const list = add(root, "rim", "RegistryObjectList");
  const entries = a.kind === "dsd-data-services" ? a.dataServices : a.requirements;
  for (const entry of entries) {
    const obj = add(list, "rim", "RegistryObject");
    obj.setAttribute("id", entry.id);
    if (a.kind === "dsd-data-services")
      anySlot(obj, "DataServiceEvidenceType", (sv) =>
        writeDataServiceEvidenceType(sv, entry.value as DataServiceEvidenceType, spec, true),
      );
    else anySlot(obj, "Requirement", (sv) => writeRequirement(sv, entry.value as Requirement, spec));
  }
  return serialize(root);
}

export function parseCommonServicesAnswer(doc: Document): CommonServicesAnswer {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.query, "QueryResponse") || root.getAttribute("status") !== STATUS.success)
    throw new EdmParseError("R-DSD-RESP-S006", "not a successful query:QueryResponse", lineOf(root));
  const version: EdmVersion = slotString(root, "SpecificationIdentifier") === "oots-cs:v2.0" ? "2.0" : "1.0";
  const list = kid(root, NS.rim, "RegistryObjectList");
  if (!list) throw new EdmParseError("R-EB-REQ-S007", "no rim:RegistryObjectList", lineOf(root));
  const objects = kids(list, NS.rim, "RegistryObject");
  if (objects.length > 0 && objects.every((o) => slotsOf(o, "DataServiceEvidenceType"))) {
    return {
      kind: "dsd-data-services",
      version,
      dataServices: objects.map((o) => ({
        id: o.getAttribute("id") ?? "",
        value: readDataServiceEvidenceType(
          slotAny(
            o,
            "DataServiceEvidenceType",
            "DataServiceEvidenceType",
            "R-DSD-RESP-S009",
            "R-DSD-RESP-S011",
          ) as Element,
          "R-DSD-RESP-S013",
        ),
      })),
    };
  }
  const requirements = objects.map((o) => ({
    id: o.getAttribute("id") ?? "",
    value: readRequirement(
      slotAny(o, "Requirement", "Requirement", "R-EB-REQ-S011", "R-EB-REQ-S014") as Element,
      "R-EB-REQ-S017",
    ),
  }));
  const withLists = requirements.some((r) => r.value.evidenceTypeLists);
  return { kind: withLists ? "eb-evidence-types" : "eb-requirements", version, requirements };
}

function slotsOf(o: Element, name: string): boolean {
  return kids(o, NS.rim, "Slot").some((s) => s.getAttribute("name") === name);
}

export const EB_ERRORS = {
  "EB:ERR:0001": { type: "rs:ObjectNotFoundExceptionType", message: "The result set is empty" },
  "EB:ERR:0002": { type: "rs:ObjectNotFoundExceptionType", message: "The requirement does not exist" },
  "EB:ERR:0003": {
    type: "rs:InvalidRequestExceptionType",
    message: "The query parameters do not follow the query specification",
  },
  "EB:ERR:0004": { type: "rs:InvalidRequestExceptionType", message: "Invalid jurisdiction level" },
  "EB:ERR:0005": { type: "rs:InvalidRequestExceptionType", message: "Invalid procedure-id" },
  "EB:ERR:0006": { type: "rs:InvalidRequestExceptionType", message: "Invalid procedure country" },
  "EB:ERR:0007": { type: "rs:InvalidRequestExceptionType", message: "The requested Query does not exist" },
} as const;

export const DSD_ERRORS = {
  "DSD:ERR:0001": {
    type: "rs:ObjectNotFoundExceptionType",
    message: "No Data Services were found based on the given parameters",
  },
  "DSD:ERR:0002": {
    type: "rs:ObjectNotFoundExceptionType",
    message: "The Evidence Type requested cannot be found",
  },
  "DSD:ERR:0003": {
    type: "rs:InvalidRequestExceptionType",
    message: "The query parameters do not follow the query specification",
  },
  "DSD:ERR:0004": { type: "rs:InvalidRequestExceptionType", message: "The requested Query does not exist" },
  "DSD:ERR:0005": {
    type: "rs:ObjectNotFoundExceptionType",
    message: "The query requires the included extra attributes to be provided by the user",
  },
  "DSD:ERR:0006": {
    type: "rs:InvalidRequestExceptionType",
    message: "Incorrect provided value for requested parameters",
  },
} as const;

/** DSD:ERR:0005's content: what the user must choose before the DSD can name a provider. */
export interface AdditionalInput {
  dataServiceEvidenceType: DataServiceEvidenceType;
  /** 1.x only (EU-wide NUTS/LAU path; removed in 2.0). */
  jurisdictionDetermination?: JurisdictionDetermination;
  userRequestedClassificationConcepts?: ClassificationConcept[];
}

export interface CommonServicesError {
  version: EdmVersion;
  exception: RegistryException;
  additionalInput?: AdditionalInput;
}

/** An EB or DSD error answer for a code from EB_ERRORS / DSD_ERRORS. */
export function commonServicesError(
  version: EdmVersion,
  code: keyof typeof EB_ERRORS | keyof typeof DSD_ERRORS,
  detail?: string,
  additionalInput?: AdditionalInput,
): CommonServicesError {
  const e = code.startsWith("EB")
    ? EB_ERRORS[code as keyof typeof EB_ERRORS]
    : DSD_ERRORS[code as keyof typeof DSD_ERRORS];
  const severity =
    code === "DSD:ERR:0005" ? edmSpecification(version).severityAdditionalInput : SEVERITY_ERROR;
  return {
    version,
    exception: { type: e.type, code, severity, message: e.message, ...(detail ? { detail } : {}) },
    ...(additionalInput ? { additionalInput } : {}),
  };
}

export function buildCommonServicesError(e: CommonServicesError): string {
  const spec = edmSpecification(e.version);
  const root = csRoot(e.version, STATUS.failure);
  const ex = writeException(root, e.exception);
  const more = e.additionalInput;
  if (more) {
    anySlot(ex, "DataServiceEvidenceType", (sv) =>
      writeDataServiceEvidenceType(sv, more.dataServiceEvidenceType, spec, false),
    );
    if (spec.jurisdictionDetermination && more.jurisdictionDetermination) {
      const jd = more.jurisdictionDetermination;
      anySlot(ex, "JurisdictionDetermination", (sv) => writeJurisdictionDetermination(sv, jd));
    }
    if (more.userRequestedClassificationConcepts?.length)
      collectionSlot(
        ex,
        "UserRequestedClassificationConcepts",
        more.userRequestedClassificationConcepts,
        (el, c) => writeConcept(el, c, "EvidenceProviderClassification"),
      );
  }
  return serialize(root);
}

export function parseCommonServicesError(doc: Document): CommonServicesError {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.query, "QueryResponse") || root.getAttribute("status") !== STATUS.failure)
    throw new EdmParseError("R-EB-ERR-S006", "not a failed query:QueryResponse", lineOf(root));
  const [x] = readExceptions(root);
  if (!x) throw new EdmParseError("R-EB-ERR-S008", "no rs:Exception", lineOf(root));
  const { element, ...exception } = x;
  const version: EdmVersion = slotString(root, "SpecificationIdentifier") === "oots-cs:v2.0" ? "2.0" : "1.0";
  const out: CommonServicesError = { version, exception };
  if (exception.code === "DSD:ERR:0005") {
    const dset = slotAny(
      element,
      "DataServiceEvidenceType",
      "DataServiceEvidenceType",
      "R-DSD-RESP-S013",
      "R-EDM-REQ-S018",
    );
    const jd = slotAny(
      element,
      "JurisdictionDetermination",
      "EvidenceProviderJurisdictionDetermination",
      undefined,
      "R-EDM-REQ-S020",
    );
    const concepts = slotCollection(
      element,
      "UserRequestedClassificationConcepts",
      "EvidenceProviderClassification",
      undefined,
      "R-EDM-REQ-S019",
    );
    if (!jd && !concepts)
      throw new EdmParseError("R-DSD-RESP-S022", "DSD:ERR:0005 asks for nothing", lineOf(element));
    out.additionalInput = {
      dataServiceEvidenceType: readDataServiceEvidenceType(dset as Element, "R-EDM-REQ-S021"),
      ...(jd ? { jurisdictionDetermination: readJurisdictionDetermination(jd, "R-EDM-REQ-S020") } : {}),
      ...(concepts
        ? { userRequestedClassificationConcepts: concepts.map((c) => readConcept(c, "R-EDM-REQ-S019")) }
        : {}),
    };
  }
  return out;
}
