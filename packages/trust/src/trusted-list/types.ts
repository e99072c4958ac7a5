/**
 * The parsed form of an ETSI TS 119 612 trusted list. Field names follow the XML element names
 * (TS 119 612 §5.3 scheme information, §5.4 TSP information, §5.5 service information, §5.6
 * service history). Certificates are DER; times are Dates; multilingual strings keep their
 * xml:lang.
 */
import type { ParsedXml } from "../xml/parse-xml.ts";

/** A tsl:Name / tsl:URI with its xml:lang (TS 119 612 §5.1.4 multilingual character strings). */
export interface MultilingualString {
  lang: string;
  value: string;
}

/**
 * tsl:DigitalId (TS 119 612 §5.5.3): one of X509Certificate, X509SubjectName, X509SKI
 * (KeyValue and Other are recorded by kind only).
 */
export type DigitalId =
  | { kind: "certificate"; der: Uint8Array }
  | { kind: "subject-name"; name: string }
  | { kind: "ski"; ski: Uint8Array }
  | { kind: "other"; element: string };

/** ecc:CriteriaList (TS 119 612 §5.5.9.2.2). */
export interface CriteriaList {
  assert: "all" | "atLeastOne" | "none";
  /** ecc:KeyUsage: each entry a set of KeyUsageBit name → required value. */
  keyUsage: { name: string; value: boolean }[][];
  /** ecc:PolicySet: each entry a set of policy OIDs that must all be present. */
  policySets: string[][];
  /** Nested ecc:CriteriaList. */
  criteriaLists: CriteriaList[];
  /** tslx:ExtendedKeyUsage inside otherCriteriaList: each a set of EKU OIDs. */
  extendedKeyUsage: string[][];
  /** tslx:CertSubjectDNAttribute: each a set of attribute OIDs the subject must carry. */
  subjectDnAttributes: string[][];
  /** Criteria we do not evaluate (then the element never matches: fail safe). */
  unsupported: string[];
}

/** ecc:QualificationElement. */
export interface QualificationElement {
  qualifiers: string[];
  criteria: CriteriaList;
}

export interface ServiceInformationExtensions {
  qualifications: QualificationElement[];
  /** AdditionalServiceInformation URIs (ForeSignatures, ForeSeals, ForWebSiteAuthentication…). */
  additionalServiceInformation: string[];
  expiredCertsRevocationInfo?: Date;
  /** Extensions we do not read, by element name, with their Critical flag. */
  other: { element: string; critical: boolean }[];
}

/** The part of a service that can change over time: current information or one history instance. */
export interface ServiceState {
  type: string;
  names: MultilingualString[];
  digitalIds: DigitalId[];
  status: string;
  statusStartingTime: Date;
  extensions: ServiceInformationExtensions;
}

export interface TrustService {
  /** The current ServiceInformation. */
  current: ServiceState;
  /** ServiceHistoryInstance entries, most recent first (TS 119 612 §5.6). */
  history: ServiceState[];
  /** Name of the TSP providing it (first language given). */
  providerName: string;
  /** The list it came from: its territory and sequence number. */
  territory: string;
}

export interface TrustServiceProvider {
  names: MultilingualString[];
  tradeNames: MultilingualString[];
  services: TrustService[];
}

/** tsl:OtherTSLPointer (TS 119 612 §5.3.13). */
export interface OtherTslPointer {
  location: string;
  /** The certificates that may sign the pointed list. */
  signerCertificates: Uint8Array[];
  /** Other DigitalIds given for the signer (SKI, names). */
  signerDigitalIds: DigitalId[];
  tslType?: string;
  territory?: string;
  mimeType?: string;
  schemeOperatorNames: MultilingualString[];
}

export interface TrustedList {
  versionIdentifier: 5 | 6;
  sequenceNumber: number;
  type: string;
  /** True when TSLType is the EU list of lists. */
  isListOfLists: boolean;
  schemeOperatorNames: MultilingualString[];
  schemeNames: MultilingualString[];
  territory: string;
  listIssueDateTime: Date;
  /** NextUpdate/dateTime; absent for a closed list (TS 119 612 §5.3.15). */
  nextUpdate?: Date;
  distributionPoints: string[];
  pointers: OtherTslPointer[];
  providers: TrustServiceProvider[];
  /** All services of all providers, flattened. */
  services: TrustService[];
  /** The document as received: signatures are verified over it. */
  readonly source: ParsedXml;
}
