/**
 * The RegRep 4 answers of the Common Services stand-ins (DIGEST §1.1, §5), written as text:
 * `query:QueryResponse` with a RegistryObjectList or an `rs:Exception`, and the LCM
 * `rs:RegistryResponse`. Elements follow the SDG Generic Metadata Profile v1.0.0 order; every
 * SlotValue carries its xsi:type. CS 2.0 answers announce themselves with the
 * SpecificationIdentifier slot; the 1.x form carries none.
 */
import type {
  ClassificationConcept,
  DataServiceEvidenceType,
  Jurisdiction,
  Provider,
  Requirement,
  Text,
} from "./cs-model.ts";
import { PARTY_ID_SCHEME } from "./cs-model.ts";

export const CS_NS = {
  query: "urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0",
  rim: "urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0",
  rs: "urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0",
  lcm: "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:4.0",
  sdg: "http://data.europa.eu/p4s",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

export const STATUS_SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
export const STATUS_FAILURE = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";
const SEVERITY_ERROR = "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error";
/** DSD:ERR:0005's severity; 1.x answers use the 1.1+ Semantic Repository host too. */
const SEVERITY_ADDITIONAL_INPUT =
  "urn:sr.oots.tech.ec.europa.eu:codes:ErrorSeverity:DSDErrorResponse:AdditionalInput";
const COLLECTION_SET = "urn:oasis:names:tc:ebxml-regrep:CollectionType:Set";

/** "1.x" is the CS 1.x form (no version slot, NUTS path); "2.0" answers `Accept-Version: oots-cs:v2.0`. */
export type CsVersion = "1.x" | "2.0";

type Child = string | undefined | false;

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string,
  );
}

function el(name: string, attrs: Record<string, string | undefined>, ...children: Child[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v as string)}"`)
    .join("");
  const body = children.filter((c): c is string => typeof c === "string").join("");
  return body ? `<${name}${a}>${body}</${name}>` : `<${name}${a}/>`;
}
const sdg = (local: string, value: string, attrs: Record<string, string | undefined> = {}) =>
  el(`sdg:${local}`, attrs, escapeXml(value));
const texts = (local: string, values: Text[]) =>
  values.map((t) => sdg(local, t.value, { lang: t.lang })).join("");

function anySlot(name: string, content: string): string {
  return el("rim:Slot", { name }, el("rim:SlotValue", { "xsi:type": "rim:AnyValueType" }, content));
}

function root(name: string, attrs: Record<string, string | undefined>, ...children: Child[]): string {
  const xmlns = Object.fromEntries(Object.entries(CS_NS).map(([p, uri]) => [`xmlns:${p}`, uri]));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(name, { ...xmlns, ...attrs }, ...children)}\n`;
}

function responseRoot(version: CsVersion, status: string, ...children: Child[]): string {
  const spec =
    version === "2.0" &&
    el(
      "rim:Slot",
      { name: "SpecificationIdentifier" },
      el("rim:SlotValue", { "xsi:type": "rim:StringValueType" }, el("rim:Value", {}, "oots-cs:v2.0")),
    );
  return root("query:QueryResponse", { status }, spec, ...children);
}

function jurisdiction(j: Jurisdiction): string {
  return el(
    "sdg:Jurisdiction",
    {},
    sdg("AdminUnitLevel1", j.adminUnitLevel1),
    j.adminUnitLevel2 !== undefined && sdg("AdminUnitLevel2", j.adminUnitLevel2),
  );
}

/** sdg:Requirement; `withLists` for the evidence-types query (§5.1 query 2), without for query 1. */
export function requirementXml(r: Requirement, withLists: boolean, country?: string): string {
  const lists = r.evidenceTypeLists.filter(
    (l) => country === undefined || l.evidenceTypes.every((t) => t.jurisdiction.adminUnitLevel1 === country),
  );
  return el(
    "sdg:Requirement",
    {},
    sdg("Identifier", r.identifier),
    texts("Name", r.names),
    // The shipped SDG profile XSD (v1.0.0) has no Requirement/Description in either line.
    ...r.frameworks.map((f) =>
      el(
        "sdg:ReferenceFramework",
        {},
        sdg("Identifier", f.identifier),
        texts("Title", f.titles),
        el("sdg:RelatedTo", {}, sdg("Identifier", f.procedure)),
        jurisdiction({ adminUnitLevel1: f.country }),
      ),
    ),
    ...(withLists ? lists : []).map((l) =>
      el(
        "sdg:EvidenceTypeList",
        {},
        sdg("Identifier", l.identifier),
        texts("Name", l.names),
        // The profile XSD keeps Jurisdiction on EvidenceType in both lines.
        ...l.evidenceTypes.map((t) =>
          el(
            "sdg:EvidenceType",
            {},
            sdg("EvidenceTypeClassification", t.classification),
            texts("Title", t.titles),
            jurisdiction(t.jurisdiction),
          ),
        ),
      ),
    ),
  );
}

function concept(local: string, c: ClassificationConcept, supported?: string[]): string {
  return el(
    `sdg:${local}`,
    {},
    sdg("Identifier", c.identifier),
    sdg("Type", c.type),
    c.valueExpression !== undefined && sdg("ValueExpression", c.valueExpression),
    texts("Description", c.descriptions),
    supported?.length
      ? el("sdg:SupportedValue", {}, ...supported.map((v) => sdg("StringValue", v)))
      : undefined,
  );
}

/**
 * The profile XSD takes one ConformsTo per AccessService (DIGEST §5.2 reads 1..n): the EDM line
 * the requester asked with `specification`, else the newest the provider speaks.
 */
function accessService(p: Provider, c: ClassificationConcept | undefined, specification?: string): string {
  const spoken =
    specification && p.conformsTo.includes(specification) ? specification : [...p.conformsTo].sort().at(-1);
  return el(
    "sdg:AccessService",
    {},
    sdg("Identifier", p.accessPointId, { schemeID: PARTY_ID_SCHEME }),
    spoken !== undefined && sdg("ConformsTo", spoken),
    el(
      "sdg:Publisher",
      {},
      sdg("Identifier", p.publisherId, { schemeID: PARTY_ID_SCHEME }),
      texts("Name", p.names),
      el(
        "sdg:Address",
        {},
        sdg("FullAddress", p.address.fullAddress),
        sdg("AdminUnitLevel1", p.address.adminUnitLevel1),
        p.address.adminUnitLevel2 !== undefined && sdg("AdminUnitLevel2", p.address.adminUnitLevel2),
      ),
      jurisdiction(p.jurisdiction),
      c && p.servesValues && concept("ClassificationConcept", c, p.servesValues),
    ),
  );
}

/**
 * sdg:DataServiceEvidenceType: `providers` given for a success (full form), omitted inside
 * DSD:ERR:0005 (mandatory elements only, no AccessService: R-EDM-REQ-S021).
 */
export function dataServiceXml(
  d: DataServiceEvidenceType,
  version: CsVersion,
  providers?: Provider[],
  specification?: string,
): string {
  const jd = version !== "2.0" && providers && d.jurisdictionDetermination;
  return el(
    "sdg:DataServiceEvidenceType",
    {},
    sdg("Identifier", d.identifier),
    sdg("EvidenceTypeClassification", d.classification),
    texts("Title", d.titles),
    texts("Description", d.descriptions),
    ...d.distributedAs.map((x) =>
      el(
        "sdg:DistributedAs",
        {},
        sdg("Format", x.format),
        x.conformsTo !== undefined && sdg("ConformsTo", x.conformsTo),
      ),
    ),
    ...(providers ?? []).map((p) => accessService(p, d.concept, specification)),
    providers && sdg("AuthenticationLevelOfAssurance", d.levelOfAssurance),
    jd &&
      el(
        "sdg:EvidenceProviderJurisdictionDetermination",
        {},
        sdg("JurisdictionContextId", jd.contextId),
        texts("JurisdictionContext", jd.contexts),
        sdg("JurisdictionLevel", jd.level),
      ),
    providers &&
      d.concept &&
      providers.some((p) => p.servesValues) &&
      concept("EvidenceProviderClassification", d.concept),
  );
}

/** A successful answer: one RegistryObject per item, each with its one slot. */
export function successXml(version: CsVersion, slot: string, items: { id: string; xml: string }[]): string {
  return responseRoot(
    version,
    STATUS_SUCCESS,
    el(
      "rim:RegistryObjectList",
      {},
      ...items.map((i) => el("rim:RegistryObject", { id: i.id }, anySlot(slot, i.xml))),
    ),
  );
}

export interface CsError {
  code: string;
  type: "rs:ObjectNotFoundExceptionType" | "rs:InvalidRequestExceptionType";
  message: string;
  detail?: string;
}

export interface AdditionalInputXml {
  dataService: DataServiceEvidenceType;
  askConcept: boolean;
  askJurisdiction: boolean;
}

/** An EB or DSD error answer; DSD:ERR:0005 carries what the user must provide (OOTS-7). */
export function errorXml(version: CsVersion, e: CsError, more?: AdditionalInputXml): string {
  const d = more?.dataService;
  const jd = version !== "2.0" && more?.askJurisdiction && d?.jurisdictionDetermination;
  const slots = d && [
    anySlot("DataServiceEvidenceType", dataServiceXml(d, version)),
    jd &&
      anySlot(
        "JurisdictionDetermination",
        el(
          "sdg:EvidenceProviderJurisdictionDetermination",
          {},
          sdg("JurisdictionContextId", jd.contextId),
          texts("JurisdictionContext", jd.contexts),
          sdg("JurisdictionLevel", jd.level),
        ),
      ),
    more.askConcept &&
      d.concept &&
      el(
        "rim:Slot",
        { name: "UserRequestedClassificationConcepts" },
        el(
          "rim:SlotValue",
          { "xsi:type": "rim:CollectionValueType", collectionType: COLLECTION_SET },
          el(
            "rim:Element",
            { "xsi:type": "rim:AnyValueType" },
            concept("EvidenceProviderClassification", d.concept, [
              ...new Set(d.providers.flatMap((p) => p.servesValues ?? [])),
            ]),
          ),
        ),
      ),
  ];
  return responseRoot(
    version,
    STATUS_FAILURE,
    el(
      "rs:Exception",
      {
        "xsi:type": e.type,
        severity: e.code === "DSD:ERR:0005" ? SEVERITY_ADDITIONAL_INPUT : SEVERITY_ERROR,
        message: e.message,
        detail: e.detail,
        code: e.code,
      },
      ...(slots ?? []),
    ),
  );
}

/** The LCM answer (`rs:RegistryResponse`), with an exception per refused object. */
export function registryResponseXml(requestId: string, refusals: CsError[]): string {
  return root(
    "rs:RegistryResponse",
    { status: refusals.length ? STATUS_FAILURE : STATUS_SUCCESS, requestId: requestId || undefined },
    ...refusals.map((e) =>
      el("rs:Exception", {
        "xsi:type": e.type,
        severity: SEVERITY_ERROR,
        message: e.message,
        detail: e.detail,
        code: e.code,
      }),
    ),
  );
}
