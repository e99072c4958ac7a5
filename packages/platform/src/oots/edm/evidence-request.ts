/**
 * The evidence request, `query:QueryRequest` (DIGEST §1.3; TDD 4.5 / 4.9 for the preview
 * slots), for EDM 1.x and 2.0. The version decides the Procedure slot type, xml:lang on the
 * root, ReturnLocation and the DistributedAs children (DIGEST §1.9).
 */
import { EdmParseError } from "./errors.ts";
import type { Agent, EvidenceRequest, NaturalPerson, Person } from "./model.ts";
import { NS } from "./namespaces.ts";
import {
  readAgent,
  readConcept,
  readDataServiceEvidenceType,
  readPerson,
  readRequirement,
} from "./sdg-read.ts";
import {
  writeAgent,
  writeConcept,
  writeDataServiceEvidenceType,
  writePerson,
  writeRequirement,
} from "./sdg-write.ts";
import { specOfRoot } from "./spec-of.ts";
import { edmSpecification } from "./version.ts";
import {
  add,
  anySlot,
  booleanSlot,
  collectionSlot,
  dateTimeSlot,
  isEl,
  kid,
  lineOf,
  localizedSlot,
  newDocument,
  readSlot,
  serialize,
  slotAgents,
  slotAny,
  slotBoolean,
  slotCollection,
  slotLocalized,
  slotString,
  slotValue,
  stringSlot,
  xsiType,
} from "./xml.ts";

export function buildEvidenceRequest(r: EvidenceRequest): string {
  const spec = edmSpecification(r.version);
  const root = newDocument("query", "QueryRequest");
  root.setAttribute("id", r.id);
  if (spec.requestLangAttr && r.lang) root.setAttributeNS(NS.xml, "xml:lang", r.lang);
  stringSlot(root, "SpecificationIdentifier", spec.identifier);
  dateTimeSlot(root, "IssueDateTime", r.issueDateTime);
  if (r.procedure) {
    if (spec.procedureIsLocalized)
      localizedSlot(root, "Procedure", [{ lang: r.procedure.lang ?? "EN", value: r.procedure.code }]);
    else stringSlot(root, "Procedure", r.procedure.code);
  }
  if (r.previewLocation) stringSlot(root, "PreviewLocation", r.previewLocation);
  if (spec.hasReturnLocation && r.returnLocation) stringSlot(root, "ReturnLocation", r.returnLocation);
  booleanSlot(root, "PossibilityForPreview", r.possibilityForPreview);
  booleanSlot(root, "ExplicitRequestGiven", r.explicitRequestGiven);
  if (r.requirements.length > 0)
    collectionSlot(root, "Requirements", r.requirements, (el, q) => writeRequirement(el, q, spec));
  collectionSlot(root, "EvidenceRequester", r.requesters, (el, a) => writeAgent(el, a));
  anySlot(root, "EvidenceProvider", (sv) => writeAgent(sv, r.provider));
  if (r.providerClassifications?.length)
    collectionSlot(root, "EvidenceProviderClassification", r.providerClassifications, (el, c) =>
      writeConcept(el, c, "EvidenceProviderClassification"),
    );
  add(root, "query", "ResponseOption").setAttribute("returnType", "LeafClassWithRepositoryItem");
  const query = add(root, "query", "Query");
  query.setAttribute("queryDefinition", "DocumentQuery");
  anySlot(query, r.subject.kind === "natural" ? "NaturalPerson" : "LegalPerson", (sv) =>
    writePerson(sv, r.subject),
  );
  if (r.authorizedRepresentative) {
    const rep = r.authorizedRepresentative;
    anySlot(query, "AuthorizedRepresentative", (sv) => writePerson(sv, rep));
  }
  anySlot(query, "EvidenceRequest", (sv) => writeDataServiceEvidenceType(sv, r.evidenceRequest, spec, false));
  return serialize(root);
}

/** Reads a QueryRequest; refuses what cannot be an evidence request with the rule id. */
export function parseEvidenceRequest(doc: Document): EvidenceRequest {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.query, "QueryRequest"))
    throw new EdmParseError("R-EDM-REQ-S001", "the root element is not query:QueryRequest", lineOf(root));
  const spec = specOfRoot(root, "R-EDM-REQ-S005", "R-EDM-REQ-C001");
  const id = root.getAttribute("id") ?? "";
  const issueDateTime = slotString(root, "IssueDateTime", "R-EDM-REQ-S006") ?? "";
  const possibilityForPreview = slotBoolean(root, "PossibilityForPreview", "R-EDM-REQ-S009") ?? false;
  const explicitRequestGiven = slotBoolean(root, "ExplicitRequestGiven", "R-EDM-REQ-S010") ?? false;
  const requesters = (slotAgents(root, "EvidenceRequester", "R-EDM-REQ-S012", "R-EDM-REQ-S039") ?? []).map(
    (a) => readAgent(a, "R-EDM-REQ-S040"),
  );
  if (requesters.length === 0)
    throw new EdmParseError("R-EDM-REQ-S039", "EvidenceRequester holds no sdg:Agent", lineOf(root));
  const providerEl = slotAgents(root, "EvidenceProvider", "R-EDM-REQ-S013", "R-EDM-REQ-S042")?.[0];
  if (!providerEl)
    throw new EdmParseError("R-EDM-REQ-S042", "EvidenceProvider holds no sdg:Agent", lineOf(root));
  const provider: Agent = readAgent(providerEl, "R-EDM-REQ-S043");
  const query = kid(root, NS.query, "Query");
  if (!query) throw new EdmParseError("R-EDM-REQ-S015", "query:Query is missing", lineOf(root));
  const natural = slotAny(query, "NaturalPerson", "Person", undefined, "R-EDM-REQ-S046");
  const legal = slotAny(query, "LegalPerson", "LegalPerson", undefined, "R-EDM-REQ-S047");
  if ((natural ? 1 : 0) + (legal ? 1 : 0) !== 1)
    throw new EdmParseError(
      "R-EDM-REQ-S016",
      "exactly one of NaturalPerson and LegalPerson is required",
      lineOf(query),
    );
  const subject: Person = readPerson((natural ?? legal) as Element, "R-EDM-REQ-C036");
  const repEl = slotAny(query, "AuthorizedRepresentative", "Person", undefined, "R-EDM-REQ-S048");
  const dsetEl = slotAny(
    query,
    "EvidenceRequest",
    "DataServiceEvidenceType",
    "R-EDM-REQ-S015",
    "R-EDM-REQ-S044",
  );
  if (!dsetEl)
    throw new EdmParseError(
      "R-EDM-REQ-S044",
      "EvidenceRequest holds no sdg:DataServiceEvidenceType",
      lineOf(query),
    );
  const procedureSlot = readSlot(root, "Procedure");
  let procedure: EvidenceRequest["procedure"];
  if (procedureSlot) {
    if (xsiType(slotValue(procedureSlot)) === "InternationalStringValueType") {
      const ls = slotLocalized(root, "Procedure")?.[0];
      if (ls) procedure = { code: ls.value, lang: ls.lang };
    } else {
      const code = slotString(root, "Procedure");
      if (code !== undefined) procedure = { code };
    }
  }
  const lang = root.getAttributeNS(NS.xml, "lang");
  const out: EvidenceRequest = {
    version: spec.version,
    id,
    issueDateTime,
    possibilityForPreview,
    explicitRequestGiven,
    requirements: (
      slotCollection(root, "Requirements", "Requirement", undefined, "R-EDM-REQ-S037") ?? []
    ).map((q) => readRequirement(q, "R-EDM-REQ-S038")),
    requesters,
    provider,
    subject,
    evidenceRequest: readDataServiceEvidenceType(dsetEl, "R-EDM-REQ-S045"),
  };
  if (procedure) out.procedure = procedure;
  if (lang) out.lang = lang;
  const preview = slotString(root, "PreviewLocation");
  if (preview !== undefined) out.previewLocation = preview;
  const ret = slotString(root, "ReturnLocation");
  if (ret !== undefined) out.returnLocation = ret;
  const classes = slotCollection(
    root,
    "EvidenceProviderClassification",
    "EvidenceProviderClassification",
    undefined,
    "R-EDM-REQ-S041",
  );
  if (classes?.length) out.providerClassifications = classes.map((c) => readConcept(c, "R-EDM-REQ-S041"));
  if (repEl) out.authorizedRepresentative = readPerson(repEl, "R-EDM-REQ-C058") as NaturalPerson;
  return out;
}
