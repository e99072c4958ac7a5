/**
 * Writing the SDG Generic Metadata Profile elements (namespace http://data.europa.eu/p4s) in
 * the element order of the v1.0.0 profile XSD; what a line does not carry (1.x Transformation,
 * 2.0 Language/AssociatedDocumentRequest, 1.x jurisdiction determination) is left out by
 * EdmSpecification. Reading is in sdg-read.ts.
 */
import type {
  AccessService,
  Address,
  Agent,
  ClassificationConcept,
  DataServiceEvidenceType,
  DistributedAs,
  EvidenceMetadata,
  EvidenceTypeList,
  Identifier,
  Jurisdiction,
  JurisdictionDetermination,
  LocalizedText,
  Person,
  Publisher,
  ReferenceFramework,
  Requirement,
} from "./model.ts";
import type { EdmSpecification } from "./version.ts";
import { add, addOpt } from "./xml.ts";

// ---- writing ----

function ident(parent: Element, id: Identifier, local = "Identifier"): void {
  const e = add(parent, "sdg", local, id.value);
  if (id.schemeID !== undefined) e.setAttribute("schemeID", id.schemeID);
}
function texts(parent: Element, local: string, values: LocalizedText[] | undefined): void {
  for (const t of values ?? []) add(parent, "sdg", local, t.value).setAttribute("lang", t.lang);
}
function address(parent: Element, local: string, a: Address | undefined): void {
  if (!a) return;
  const e = add(parent, "sdg", local);
  addOpt(e, "sdg", "FullAddress", a.fullAddress);
  addOpt(e, "sdg", "LocatorDesignator", a.locatorDesignator);
  addOpt(e, "sdg", "PostCode", a.postCode);
  addOpt(e, "sdg", "PostCityName", a.postCityName);
  addOpt(e, "sdg", "Thoroughfare", a.thoroughfare);
  add(e, "sdg", "AdminUnitLevel1", a.adminUnitLevel1);
  addOpt(e, "sdg", "AdminUnitLevel2", a.adminUnitLevel2);
}
function jurisdiction(parent: Element, j: Jurisdiction | undefined): void {
  if (!j) return;
  const e = add(parent, "sdg", "Jurisdiction");
  add(e, "sdg", "AdminUnitLevel1", j.adminUnitLevel1);
  addOpt(e, "sdg", "AdminUnitLevel2", j.adminUnitLevel2);
  addOpt(e, "sdg", "AdminUnitLevel3", j.adminUnitLevel3);
}

export function writeAgent(parent: Element, a: Agent, local = "Agent"): Element {
  const e = add(parent, "sdg", local);
  ident(e, a.identifier);
  texts(e, "Name", a.names);
  address(e, "Address", a.address);
  addOpt(e, "sdg", "Classification", a.classification);
  return e;
}

export function writePerson(parent: Element, p: Person, local?: string, withLoa = true): Element {
  const e = add(parent, "sdg", local ?? (p.kind === "natural" ? "Person" : "LegalPerson"));
  if (withLoa) addOpt(e, "sdg", "LevelOfAssurance", p.levelOfAssurance);
  if (p.kind === "natural") {
    if (p.identifier) ident(e, p.identifier);
    add(e, "sdg", "FamilyName", p.familyName);
    add(e, "sdg", "GivenName", p.givenName);
    add(e, "sdg", "DateOfBirth", p.dateOfBirth);
    addOpt(e, "sdg", "BirthName", p.birthName);
    addOpt(e, "sdg", "PlaceOfBirth", p.placeOfBirth);
    address(e, "CurrentAddress", p.currentAddress);
    addOpt(e, "sdg", "Gender", p.gender);
  } else {
    for (const id of p.identifiers ?? []) ident(e, id);
    if (p.legalPersonIdentifier) ident(e, p.legalPersonIdentifier, "LegalPersonIdentifier");
    add(e, "sdg", "LegalName", p.legalName);
    address(e, "RegisteredAddress", p.registeredAddress);
  }
  for (const s of p.sectorSpecificAttributes ?? []) {
    const a = add(e, "sdg", "SectorSpecificAttribute");
    add(a, "sdg", "AttributeName", s.name);
    add(a, "sdg", "AttributeURI", s.uri);
    add(a, "sdg", "AttributeValue", s.value);
  }
  return e;
}

function writeReferenceFramework(parent: Element, r: ReferenceFramework, local: string): void {
  const e = add(parent, "sdg", local);
  add(e, "sdg", "Identifier", r.identifier);
  texts(e, "Title", r.titles);
  texts(e, "Description", r.descriptions);
  for (const rel of r.relatedTo ?? []) writeReferenceFramework(e, rel, "RelatedTo");
  jurisdiction(e, r.jurisdiction);
}

function writeEvidenceTypeList(parent: Element, l: EvidenceTypeList): void {
  const e = add(parent, "sdg", "EvidenceTypeList");
  add(e, "sdg", "Identifier", l.identifier);
  texts(e, "Name", l.names);
  for (const t of l.evidenceTypes) {
    const et = add(e, "sdg", "EvidenceType");
    add(et, "sdg", "EvidenceTypeClassification", t.evidenceTypeClassification);
    texts(et, "Title", t.titles);
    texts(et, "Description", t.descriptions);
    for (const j of t.jurisdictions ?? []) jurisdiction(et, j);
  }
}

export function writeRequirement(parent: Element, r: Requirement, spec: EdmSpecification): Element {
  const e = add(parent, "sdg", "Requirement");
  add(e, "sdg", "Identifier", r.identifier);
  texts(e, "Name", r.names);
  if (spec.version === "2.0") texts(e, "Description", r.descriptions);
  for (const f of r.referenceFrameworks ?? []) writeReferenceFramework(e, f, "ReferenceFramework");
  for (const l of r.evidenceTypeLists ?? []) writeEvidenceTypeList(e, l);
  return e;
}

export function writeConcept(parent: Element, c: ClassificationConcept, local: string): void {
  const e = add(parent, "sdg", local);
  add(e, "sdg", "Identifier", c.identifier);
  addOpt(e, "sdg", "Type", c.type);
  addOpt(e, "sdg", "ValueExpression", c.valueExpression);
  texts(e, "Description", c.descriptions);
  if (c.supportedValues?.length) {
    const sv = add(e, "sdg", "SupportedValue");
    for (const v of c.supportedValues) add(sv, "sdg", "StringValue", v);
  }
}

export function writeJurisdictionDetermination(parent: Element, j: JurisdictionDetermination): void {
  const e = add(parent, "sdg", "EvidenceProviderJurisdictionDetermination");
  add(e, "sdg", "JurisdictionContextId", j.contextId);
  texts(e, "JurisdictionContext", j.contexts);
  add(e, "sdg", "JurisdictionLevel", j.level);
}

function writePublisher(parent: Element, p: Publisher): void {
  const e = add(parent, "sdg", "Publisher");
  ident(e, p.identifier);
  texts(e, "Name", p.names);
  address(e, "Address", p.address);
  jurisdiction(e, p.jurisdiction);
  for (const c of p.classificationConcepts ?? []) writeConcept(e, c, "ClassificationConcept");
}

export function writeAccessService(parent: Element, s: AccessService): void {
  const e = add(parent, "sdg", "AccessService");
  ident(e, s.identifier);
  add(e, "sdg", "ConformsTo", s.conformsTo);
  writePublisher(e, s.publisher);
}

function writeDistributedAs(parent: Element, d: DistributedAs, spec: EdmSpecification): void {
  const e = add(parent, "sdg", "DistributedAs");
  add(e, "sdg", "Format", d.format);
  addOpt(e, "sdg", "ConformsTo", d.conformsTo);
  if (spec.transformation) addOpt(e, "sdg", "Transformation", d.transformation);
  if (spec.distributionLanguage) {
    addOpt(e, "sdg", "Language", d.language);
    addOpt(e, "sdg", "AssociatedDocumentRequest", d.associatedDocumentRequest);
  }
}

/** `full` keeps AccessService & co (DSD answers); a request carries the reduced form (§5.3). */
export function writeDataServiceEvidenceType(
  parent: Element,
  d: DataServiceEvidenceType,
  spec: EdmSpecification,
  full: boolean,
): Element {
  const e = add(parent, "sdg", "DataServiceEvidenceType");
  add(e, "sdg", "Identifier", d.identifier);
  add(e, "sdg", "EvidenceTypeClassification", d.evidenceTypeClassification);
  texts(e, "Title", d.titles);
  texts(e, "Description", d.descriptions);
  for (const x of d.distributedAs) writeDistributedAs(e, x, spec);
  if (!full) return e;
  for (const s of d.accessServices ?? []) writeAccessService(e, s);
  addOpt(e, "sdg", "AuthenticationLevelOfAssurance", d.authenticationLevelOfAssurance);
  if (spec.jurisdictionDetermination && d.jurisdictionDetermination)
    writeJurisdictionDetermination(e, d.jurisdictionDetermination);
  for (const c of d.providerClassifications ?? []) writeConcept(e, c, "EvidenceProviderClassification");
  return e;
}

export function writeEvidence(parent: Element, m: EvidenceMetadata, spec: EdmSpecification): Element {
  const e = add(parent, "sdg", "Evidence");
  add(e, "sdg", "Identifier", m.identifier);
  const about = add(e, "sdg", "IsAbout");
  writePerson(about, m.isAbout, m.isAbout.kind === "natural" ? "NaturalPerson" : "LegalPerson", false);
  writeAgent(e, m.issuingAuthority, "IssuingAuthority");
  const c = add(e, "sdg", "IsConformantTo");
  add(c, "sdg", "EvidenceTypeClassification", m.isConformantTo.evidenceTypeClassification);
  texts(c, "Title", m.isConformantTo.titles);
  texts(c, "Description", m.isConformantTo.descriptions);
  add(e, "sdg", "IssuingDate", m.issuingDate);
  const d = add(e, "sdg", "Distribution");
  add(d, "sdg", "Format", m.distribution.format);
  for (const l of m.distribution.languages ?? []) add(d, "sdg", "Language", l);
  addOpt(d, "sdg", "ConformsTo", m.distribution.conformsTo);
  if (spec.transformation) addOpt(d, "sdg", "Transformation", m.distribution.transformation);
  if (m.validityPeriod) {
    const v = add(e, "sdg", "ValidityPeriod");
    add(v, "sdg", "StartDate", m.validityPeriod.startDate);
    add(v, "sdg", "EndDate", m.validityPeriod.endDate);
  }
  return e;
}
