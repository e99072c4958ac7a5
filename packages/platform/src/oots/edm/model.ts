/**
 * The EDM message model: plain data, no I/O. Field names follow the SDG Generic Metadata
 * Profile elements (DIGEST §1.3–§1.5, §5) so that a reader of the TDD finds them.
 */
import type { EdmVersion } from "./version.ts";

export interface LocalizedText {
  lang: string;
  value: string;
}
export interface Identifier {
  value: string;
  schemeID?: string;
}
export interface Address {
  fullAddress?: string;
  locatorDesignator?: string;
  postCode?: string;
  postCityName?: string;
  thoroughfare?: string;
  adminUnitLevel1: string;
  adminUnitLevel2?: string;
}
export interface Jurisdiction {
  adminUnitLevel1: string;
  adminUnitLevel2?: string;
  adminUnitLevel3?: string;
}
/** sdg:Agent: requester (ER/IP), provider (EP), error provider (ERRP). */
export interface Agent {
  identifier: Identifier;
  names: LocalizedText[];
  address?: Address;
  classification?: string;
}
export type LevelOfAssurance = "Low" | "Substantial" | "High";
export interface SectorSpecificAttribute {
  name: string;
  uri: string;
  value: string;
}
/** sdg:Person: the eIDAS minimum data set (FamilyName, GivenName, DateOfBirth, Identifier). */
export interface NaturalPerson {
  kind: "natural";
  levelOfAssurance?: string;
  identifier?: Identifier;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  birthName?: string;
  placeOfBirth?: string;
  currentAddress?: Address;
  gender?: string;
  sectorSpecificAttributes?: SectorSpecificAttribute[];
}
export interface LegalPerson {
  kind: "legal";
  levelOfAssurance?: string;
  identifiers?: Identifier[];
  legalPersonIdentifier?: Identifier;
  legalName: string;
  registeredAddress?: Address;
  sectorSpecificAttributes?: SectorSpecificAttribute[];
}
export type Person = NaturalPerson | LegalPerson;

export interface Requirement {
  identifier: string;
  names: LocalizedText[];
  /** 2.0 only. */
  descriptions?: LocalizedText[];
  referenceFrameworks?: ReferenceFramework[];
  evidenceTypeLists?: EvidenceTypeList[];
}
export interface ReferenceFramework {
  identifier: string;
  titles?: LocalizedText[];
  descriptions?: LocalizedText[];
  relatedTo?: ReferenceFramework[];
  jurisdiction?: Jurisdiction;
}
export interface EvidenceTypeList {
  identifier: string;
  names?: LocalizedText[];
  evidenceTypes: EvidenceTypeRef[];
}
export interface EvidenceTypeRef {
  evidenceTypeClassification: string;
  titles: LocalizedText[];
  descriptions?: LocalizedText[];
  jurisdictions?: Jurisdiction[];
}
/** A distribution of an evidence type (request / DSD: sdg:DistributedAs). */
export interface DistributedAs {
  format: string;
  conformsTo?: string;
  /** 1.x only. */
  transformation?: string;
  /** 2.0 only (C118). */
  language?: string;
  /** 2.0 only: Annex | HumanReadableVersion | Translation (C119). */
  associatedDocumentRequest?: string;
}
/** sdg:EvidenceProviderClassification / ClassificationConcept (OOTS-7, DSD:ERR:0005). */
export interface ClassificationConcept {
  identifier: string;
  type?: string;
  valueExpression?: string;
  descriptions?: LocalizedText[];
  supportedValues?: string[];
}
export interface JurisdictionDetermination {
  contextId: string;
  contexts: LocalizedText[];
  level: string;
}
export interface Publisher {
  identifier: Identifier;
  names: LocalizedText[];
  address: Address;
  jurisdiction: Jurisdiction;
  classificationConcepts?: ClassificationConcept[];
}
export interface AccessService {
  identifier: Identifier;
  /** EDM versions the service speaks (e.g. oots-edm:v1.2). */
  conformsTo: string;
  publisher: Publisher;
}
export interface DataServiceEvidenceType {
  identifier: string;
  evidenceTypeClassification: string;
  titles: LocalizedText[];
  descriptions?: LocalizedText[];
  distributedAs: DistributedAs[];
  accessServices?: AccessService[];
  authenticationLevelOfAssurance?: string;
  jurisdictionDetermination?: JurisdictionDetermination;
  providerClassifications?: ClassificationConcept[];
}
/** sdg:Evidence: the SDG generic metadata of one returned document. */
export interface EvidenceMetadata {
  identifier: string;
  isAbout: Person;
  issuingAuthority: Agent;
  isConformantTo: {
    evidenceTypeClassification: string;
    titles: LocalizedText[];
    descriptions?: LocalizedText[];
  };
  issuingDate: string;
  distribution: { format: string; languages?: string[]; conformsTo?: string; transformation?: string };
  validityPeriod?: { startDate: string; endDate: string };
}

export interface EvidenceRequest {
  version: EdmVersion;
  /** urn:uuid:… */
  id: string;
  issueDateTime: string;
  /** 1.x: with its language; 2.0: code only. */
  procedure?: { code: string; lang?: string };
  /** 1.x only (C069). */
  lang?: string;
  /** Second request of the preview flow (chapter 4.9). */
  previewLocation?: string;
  /** 2.0, second preview request only. */
  returnLocation?: string;
  possibilityForPreview: boolean;
  explicitRequestGiven: boolean;
  requirements: Requirement[];
  requesters: Agent[];
  provider: Agent;
  providerClassifications?: ClassificationConcept[];
  subject: Person;
  authorizedRepresentative?: NaturalPerson;
  evidenceRequest: DataServiceEvidenceType;
}

/** One returned document: its metadata and the MIME part (cid:) carrying it. */
export interface EvidenceItem {
  /** urn:uuid:… of the ExtrinsicObject. */
  id: string;
  metadata: EvidenceMetadata;
  repositoryItemRef: { href: string; title: string };
  /** 2.0: the package's urn:uuid and the classification's urn:uuid (generated when absent). */
  packageId?: string;
  classificationId?: string;
}
export interface EvidenceResponse {
  version: EdmVersion;
  requestId: string;
  /** Bare UUID. */
  responseId: string;
  issueDateTime: string;
  /** "unavailable" = deferred (ResponseAvailableDateTime). */
  status: "success" | "unavailable";
  responseAvailableDateTime?: string;
  providers: Agent[];
  requester: Agent;
  /** Empty when the user declined at preview (chapter 4.9 §1). */
  items: EvidenceItem[];
}

export interface EdmException {
  /** e.g. rs:AuthorizationExceptionType — written with the rs/query prefix. */
  type: string;
  code: string;
  severity: string;
  message: string;
  detail?: string;
  timestamp: string;
  previewLocation?: string;
  previewDescription?: LocalizedText[];
  /** 1.x only. */
  previewMethod?: string;
}
export interface EvidenceErrorResponse {
  version: EdmVersion;
  requestId?: string;
  responseId: string;
  errorProvider: Agent;
  requester?: Agent;
  exception: EdmException;
}
