/**
 * Reading the SDG Generic Metadata Profile elements: what is there is taken, absent optional
 * parts stay undefined (parsed objects compare equal to what was built), and a missing
 * mandatory part is an EdmParseError with the rule id the caller passes.
 */
import { EdmParseError } from "./errors.ts";
import type {
  AccessService,
  Address,
  Agent,
  ClassificationConcept,
  DataServiceEvidenceType,
  EvidenceMetadata,
  Identifier,
  Jurisdiction,
  JurisdictionDetermination,
  LocalizedText,
  Person,
  ReferenceFramework,
  Requirement,
} from "./model.ts";
import { NS } from "./namespaces.ts";
import { kid, kids, lineOf, sdgText, text } from "./xml.ts";

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
