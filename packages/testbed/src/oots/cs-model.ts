/**
 * What the Evidence Broker and Data Service Directory stand-ins hold (DIGEST §5): the EB's
 * requirements with their evidence-type lists per state (OOTS-6) and the DSD's data-service
 * evidence types with one access service per provider (OOTS-7). Plain data: the testbed keeps
 * its own small model so that it never depends on the platform's message layer.
 */

export interface Text {
  /** ISO 639-1 upper case, as the SDG profile writes it (lang="EN"). */
  lang: string;
  value: string;
}

export interface Jurisdiction {
  adminUnitLevel1: string;
  /** NUTS code (e.g. DE2 Bayern, FRK Auvergne-Rhône-Alpes). */
  adminUnitLevel2?: string;
}

/** One state's evidence types satisfying a requirement: the types of one list are AND (§5.1). */
export interface EvidenceTypeList {
  identifier: string;
  names: Text[];
  evidenceTypes: { classification: string; titles: Text[]; jurisdiction: Jurisdiction }[];
}

export interface Requirement {
  /** The Semantic Repository URI of the requirement. */
  identifier: string;
  names: Text[];
  /** Written in 2.0 answers only. */
  descriptions: Text[];
  /** Procedures (Annex II codes such as R1, V1) and the states where the requirement applies. */
  frameworks: { identifier: string; titles: Text[]; procedure: string; country: string }[];
  evidenceTypeLists: EvidenceTypeList[];
}

/** A user-requested classification concept (DSD:ERR:0005 asks the user for its value). */
export interface ClassificationConcept {
  identifier: string;
  type: string;
  valueExpression?: string;
  descriptions: Text[];
}

export interface Provider {
  /** The access point's party id: eb:To/PartyId of the evidence request (DIGEST §5.2 C3). */
  accessPointId: string;
  /** EDM versions the provider speaks, e.g. oots-edm:v1.2. */
  conformsTo: string[];
  /** The publisher's party id: the request's EvidenceProvider and finalRecipient (C4). */
  publisherId: string;
  names: Text[];
  address: { fullAddress: string; adminUnitLevel1: string; adminUnitLevel2?: string };
  jurisdiction: Jurisdiction;
  /** The values of the evidence type's classification concept this provider serves. */
  servesValues?: string[];
}

export interface DataServiceEvidenceType {
  /** urn:uuid of the RegistryObject that carries it. */
  registryId: string;
  /** The DSD's own identifier (UUID), copied into the evidence request. */
  identifier: string;
  classification: string;
  titles: Text[];
  descriptions: Text[];
  distributedAs: { format: string; conformsTo?: string }[];
  levelOfAssurance: "Low" | "Substantial" | "High";
  providers: Provider[];
  /** When set and several providers remain, the DSD asks for this attribute first. */
  concept?: ClassificationConcept;
  /** 1.x only: the EU-wide NUTS path of the same question (JurisdictionDetermination). */
  jurisdictionDetermination?: { contextId: string; contexts: Text[]; level: string };
}

export const PARTY_ID_SCHEME = "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots";

/** The country of a DSD entry: its providers' common AdminUnitLevel1. */
export function countryOf(entry: DataServiceEvidenceType): string | undefined {
  return entry.providers[0]?.jurisdiction.adminUnitLevel1;
}
