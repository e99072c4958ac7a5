/**
 * Writing and reading the SDG Generic Metadata Profile elements (namespace
 * http://data.europa.eu/p4s), in the element order of the v1.0.0 profile XSD. Readers take
 * what is there and leave absent optional parts undefined; a missing mandatory part is an
 * EdmParseError with the rule id the caller passes.
 */
import { EdmParseError } from "./errors.ts";
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
import { NS } from "./namespaces.ts";
import type { EdmSpecification } from "./version.ts";
import { add, addOpt, kid, kids, lineOf, sdgText, text } from "./xml.ts";

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

// ---- reading ----

function need(el: Element, local: string, rule: string): string {
  const v = sdgText(el, local);
  if (v === undefined) throw new EdmParseError(rule, `sdg:${el.localName} has no sdg:${local}`, lineOf(el));
  return v;
}
function readIdent(el: Element | undefined): Identifier | undefined {
  if (!el) return undefined;
  const schemeID = el.getAttribute("schemeID");
  return { value: text(el) ?? "", ...(schemeID !== null && schemeID !== "" ? { schemeID } : {}) };
}
function readTexts(el: Element, local: string): LocalizedText[] {
  return kids(el, NS.sdg, local).map((t) => ({ lang: t.getAttribute("lang") ?? "", value: text(t) ?? "" }));
}
function opt<T>(v: T[]): T[] | undefined {
  return v.length > 0 ? v : undefined;
}
/** Copies only defined values, so parsed objects compare equal to what was built. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
function readAddress(el: Element | undefined, rule: string): Address | undefined {
  if (!el) return undefined;
  return defined({
    fullAddress: sdgText(el, "FullAddress"),
    locatorDesignator: sdgText(el, "LocatorDesignator"),
    postCode: sdgText(el, "PostCode"),
    postCityName: sdgText(el, "PostCityName"),
    thoroughfare: sdgText(el, "Thoroughfare"),
    adminUnitLevel1: need(el, "AdminUnitLevel1", rule),
    adminUnitLevel2: sdgText(el, "AdminUnitLevel2"),
  });
}
function readJurisdiction(el: Element | undefined, rule: string): Jurisdiction | undefined {
  if (!el) return undefined;
  return defined({
    adminUnitLevel1: need(el, "AdminUnitLevel1", rule),
    adminUnitLevel2: sdgText(el, "AdminUnitLevel2"),
    adminUnitLevel3: sdgText(el, "AdminUnitLevel3"),
  });
}

export function readAgent(el: Element, rule: string): Agent {
  const identifier = readIdent(kid(el, NS.sdg, "Identifier"));
  const names = readTexts(el, "Name");
  if (!identifier || names.length === 0)
    throw new EdmParseError(rule, "an sdg:Agent needs sdg:Identifier and sdg:Name", lineOf(el));
  return defined({
    identifier,
    names,
    address: readAddress(kid(el, NS.sdg, "Address"), rule),
    classification: sdgText(el, "Classification"),
  });
}

export function readPerson(el: Element, rule: string): Person {
  const sectorSpecificAttributes = opt(
    kids(el, NS.sdg, "SectorSpecificAttribute").map((a) => ({
      name: need(a, "AttributeName", rule),
      uri: need(a, "AttributeURI", rule),
      value: need(a, "AttributeValue", rule),
    })),
  );
  const levelOfAssurance = sdgText(el, "LevelOfAssurance");
  if (el.localName === "LegalPerson") {
    return defined({
      kind: "legal" as const,
      levelOfAssurance,
      identifiers: opt(kids(el, NS.sdg, "Identifier").map((i) => readIdent(i) as Identifier)),
      legalPersonIdentifier: readIdent(kid(el, NS.sdg, "LegalPersonIdentifier")),
      legalName: need(el, "LegalName", rule),
      registeredAddress: readAddress(kid(el, NS.sdg, "RegisteredAddress"), rule),
      sectorSpecificAttributes,
    });
  }
  return defined({
    kind: "natural" as const,
    levelOfAssurance,
    identifier: readIdent(kid(el, NS.sdg, "Identifier")),
    familyName: need(el, "FamilyName", rule),
    givenName: need(el, "GivenName", rule),
    dateOfBirth: need(el, "DateOfBirth", rule),
    birthName: sdgText(el, "BirthName"),
    placeOfBirth: sdgText(el, "PlaceOfBirth"),
    currentAddress: readAddress(kid(el, NS.sdg, "CurrentAddress"), rule),
    gender: sdgText(el, "Gender"),
    sectorSpecificAttributes,
  });
}

function readReferenceFramework(el: Element, rule: string): ReferenceFramework {
  return defined({
    identifier: need(el, "Identifier", rule),
    titles: opt(readTexts(el, "Title")),
    descriptions: opt(readTexts(el, "Description")),
    relatedTo: opt(kids(el, NS.sdg, "RelatedTo").map((r) => readReferenceFramework(r, rule))),
    jurisdiction: readJurisdiction(kid(el, NS.sdg, "Jurisdiction"), rule),
  });
}

export function readRequirement(el: Element, rule: string): Requirement {
  const names = readTexts(el, "Name");
  if (names.length === 0) throw new EdmParseError(rule, "sdg:Requirement has no sdg:Name", lineOf(el));
  return defined({
    identifier: need(el, "Identifier", rule),
    names,
    descriptions: opt(readTexts(el, "Description")),
    referenceFrameworks: opt(
      kids(el, NS.sdg, "ReferenceFramework").map((r) => readReferenceFramework(r, rule)),
    ),
    evidenceTypeLists: opt(
      kids(el, NS.sdg, "EvidenceTypeList").map((l) =>
        defined({
          identifier: need(l, "Identifier", rule),
          names: opt(readTexts(l, "Name")),
          evidenceTypes: kids(l, NS.sdg, "EvidenceType").map((t) =>
            defined({
              evidenceTypeClassification: need(t, "EvidenceTypeClassification", rule),
              titles: readTexts(t, "Title"),
              descriptions: opt(readTexts(t, "Description")),
              jurisdictions: opt(
                kids(t, NS.sdg, "Jurisdiction").map((j) => readJurisdiction(j, rule) as Jurisdiction),
              ),
            }),
          ),
        }),
      ),
    ),
  });
}

export function readConcept(el: Element, rule: string): ClassificationConcept {
  const sv = kid(el, NS.sdg, "SupportedValue");
  return defined({
    identifier: need(el, "Identifier", rule),
    type: sdgText(el, "Type"),
    valueExpression: sdgText(el, "ValueExpression"),
    descriptions: opt(readTexts(el, "Description")),
    supportedValues: sv ? kids(sv).map((v) => text(v) ?? "") : undefined,
  });
}

export function readJurisdictionDetermination(el: Element, rule: string): JurisdictionDetermination {
  return {
    contextId: need(el, "JurisdictionContextId", rule),
    contexts: readTexts(el, "JurisdictionContext"),
    level: need(el, "JurisdictionLevel", rule),
  };
}

export function readAccessService(el: Element, rule: string): AccessService {
  const p = kid(el, NS.sdg, "Publisher");
  if (!p) throw new EdmParseError(rule, "sdg:AccessService has no sdg:Publisher", lineOf(el));
  const identifier = readIdent(kid(p, NS.sdg, "Identifier"));
  const addr = readAddress(kid(p, NS.sdg, "Address"), rule);
  const jur = readJurisdiction(kid(p, NS.sdg, "Jurisdiction"), rule);
  if (!identifier || !addr || !jur)
    throw new EdmParseError(rule, "sdg:Publisher needs Identifier, Address and Jurisdiction", lineOf(p));
  return {
    identifier: readIdent(kid(el, NS.sdg, "Identifier")) ?? { value: need(el, "Identifier", rule) },
    conformsTo: need(el, "ConformsTo", rule),
    publisher: defined({
      identifier,
      names: readTexts(p, "Name"),
      address: addr,
      jurisdiction: jur,
      classificationConcepts: opt(kids(p, NS.sdg, "ClassificationConcept").map((c) => readConcept(c, rule))),
    }),
  };
}

export function readDataServiceEvidenceType(el: Element, rule: string): DataServiceEvidenceType {
  const jd = kid(el, NS.sdg, "EvidenceProviderJurisdictionDetermination");
  return defined({
    identifier: need(el, "Identifier", rule),
    evidenceTypeClassification: need(el, "EvidenceTypeClassification", rule),
    titles: readTexts(el, "Title"),
    descriptions: opt(readTexts(el, "Description")),
    distributedAs: kids(el, NS.sdg, "DistributedAs").map((d) =>
      defined({
        format: need(d, "Format", rule),
        conformsTo: sdgText(d, "ConformsTo"),
        transformation: sdgText(d, "Transformation"),
        language: sdgText(d, "Language"),
        associatedDocumentRequest: sdgText(d, "AssociatedDocumentRequest"),
      }),
    ),
    accessServices: opt(kids(el, NS.sdg, "AccessService").map((s) => readAccessService(s, rule))),
    authenticationLevelOfAssurance: sdgText(el, "AuthenticationLevelOfAssurance"),
    jurisdictionDetermination: jd ? readJurisdictionDetermination(jd, rule) : undefined,
    providerClassifications: opt(
      kids(el, NS.sdg, "EvidenceProviderClassification").map((c) => readConcept(c, rule)),
    ),
  });
}

export function readEvidence(el: Element, rule: string): EvidenceMetadata {
  const about = kid(el, NS.sdg, "IsAbout");
  const subject = about && (kid(about, NS.sdg, "NaturalPerson") ?? kid(about, NS.sdg, "LegalPerson"));
  const authority = kid(el, NS.sdg, "IssuingAuthority");
  const conf = kid(el, NS.sdg, "IsConformantTo");
  const dist = kid(el, NS.sdg, "Distribution");
  if (!subject || !authority || !conf || !dist)
    throw new EdmParseError(
      rule,
      "sdg:Evidence needs IsAbout, IssuingAuthority, IsConformantTo and Distribution",
      lineOf(el),
    );
  const period = kid(el, NS.sdg, "ValidityPeriod");
  const person = readPerson(subject, rule);
  return defined({
    identifier: need(el, "Identifier", rule),
    isAbout: person,
    issuingAuthority: readAgent(authority, rule),
    isConformantTo: defined({
      evidenceTypeClassification: need(conf, "EvidenceTypeClassification", rule),
      titles: readTexts(conf, "Title"),
      descriptions: opt(readTexts(conf, "Description")),
    }),
    issuingDate: need(el, "IssuingDate", rule),
    distribution: defined({
      format: need(dist, "Format", rule),
      languages: opt(kids(dist, NS.sdg, "Language").map((l) => text(l) ?? "")),
      conformsTo: sdgText(dist, "ConformsTo"),
      transformation: sdgText(dist, "Transformation"),
    }),
    validityPeriod: period
      ? { startDate: need(period, "StartDate", rule), endDate: need(period, "EndDate", rule) }
      : undefined,
  });
}
