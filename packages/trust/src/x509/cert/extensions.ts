/**
 * The certificate extensions path validation reads (RFC 5280 §4.2.1), decoded from their
 * DER. Each decoder quotes its ASN.1.
 */
import { decodeBoolean, decodeNamedBits, decodeOid, decodeSmallInt, hexOf } from "../der/decode.ts";
import {
  children,
  content,
  type DerNode,
  expectTag,
  inner,
  malformed,
  readNode,
  TAG,
} from "../der/reader.ts";
import * as O from "../oids.ts";
import { type DistributionPoint, parseDistributionPoints } from "./distribution-point.ts";
import { type GeneralName, parseGeneralName, parseGeneralNames } from "./general-name.ts";

export interface Extension {
  oid: string;
  critical: boolean;
  /** The extnValue OCTET STRING's content (the extension's own DER). */
  value: DerNode;
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension; Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function parseExtensions(node: DerNode): Map<string, Extension> {
  const map = new Map<string, Extension>();
  for (const ext of children(expectTag(node, TAG.SEQUENCE, "Extensions"), 512)) {
    const parts = children(expectTag(ext, TAG.SEQUENCE, "Extension"), 3);
    const oid = decodeOid(parts[0]!);
    let critical = false;
    let valueNode = parts[1];
    if (valueNode?.tag === TAG.BOOLEAN) {
      critical = decodeBoolean(valueNode);
      valueNode = parts[2];
    } else if (parts.length > 2) malformed("Extension: unexpected field");
    expectTag(valueNode, TAG.OCTET_STRING, "extnValue");
    // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
    if (map.has(oid)) malformed(`Extension ${oid} appears twice`);
    map.set(oid, { oid, critical, value: inner(valueNode!) });
  }
  return map;
}

export interface BasicConstraints {
  ca: boolean;
  pathLen?: number;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
export function parseBasicConstraints(node: DerNode): BasicConstraints {
  const out: BasicConstraints = { ca: false };
  for (const f of children(expectTag(node, TAG.SEQUENCE, "BasicConstraints"), 2)) {
    if (f.tag === TAG.BOOLEAN) out.ca = decodeBoolean(f);
    else if (f.tag === TAG.INTEGER) out.pathLen = decodeSmallInt(f);
    else malformed("BasicConstraints: unexpected field");
  }
  return out;
}

/** KeyUsage ::= BIT STRING; bit numbers per RFC 5280 §4.2.1.3. */
export const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

export function parseKeyUsage(node: DerNode): Set<number> {
  return decodeNamedBits(node);
}

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
export function parseOidSequence(node: DerNode): string[] {
  return children(expectTag(node, TAG.SEQUENCE, "OID sequence"), 256).map(decodeOid);
}

/** KeyIdentifier ::= OCTET STRING */
export function parseSubjectKeyIdentifier(node: DerNode): string {
  return hexOf(content(expectTag(node, TAG.OCTET_STRING, "SubjectKeyIdentifier")));
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL, authorityCertIssuer [1] OPTIONAL, authorityCertSerialNumber [2] OPTIONAL } */
export function parseAuthorityKeyIdentifier(node: DerNode): { keyId?: string } {
  for (const f of children(expectTag(node, TAG.SEQUENCE, "AuthorityKeyIdentifier"), 3)) {
    if (f.tag === 0x80) return { keyId: hexOf(content(f)) };
  }
  return {};
}

export interface PolicyInformation {
  oid: string;
  /** Raw PolicyQualifierInfo TLVs (kept for the valid_policy_tree's qualifier_set). */
  qualifiers: DerNode[];
}

/** certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation { policyIdentifier, policyQualifiers OPTIONAL } */
export function parseCertificatePolicies(node: DerNode): PolicyInformation[] {
  const out: PolicyInformation[] = [];
  const seen = new Set<string>();
  for (const pi of children(expectTag(node, TAG.SEQUENCE, "certificatePolicies"), 256)) {
    const [idNode, quals] = children(expectTag(pi, TAG.SEQUENCE, "PolicyInformation"), 2);
    const oid = decodeOid(idNode!);
    // RFC 5280 §4.2.1.4: a policy OID MUST NOT appear more than once.
    if (seen.has(oid)) malformed(`certificatePolicies: ${oid} repeated`);
    seen.add(oid);
    out.push({
      oid,
      qualifiers: quals ? children(expectTag(quals, TAG.SEQUENCE, "policyQualifiers"), 64) : [],
    });
  }
  return out;
}

/** PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { issuerDomainPolicy, subjectDomainPolicy } */
export function parsePolicyMappings(node: DerNode): { issuer: string; subject: string }[] {
  return children(expectTag(node, TAG.SEQUENCE, "PolicyMappings"), 256).map((m) => {
    const [a, b] = children(expectTag(m, TAG.SEQUENCE, "PolicyMapping"), 2);
    if (!a || !b) malformed("PolicyMapping: incomplete");
    return { issuer: decodeOid(a), subject: decodeOid(b) };
  });
}

/** PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL, inhibitPolicyMapping [1] SkipCerts OPTIONAL } */
export function parsePolicyConstraints(node: DerNode): {
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
} {
  const out: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {};
  for (const f of children(expectTag(node, TAG.SEQUENCE, "PolicyConstraints"), 2)) {
    if (f.tag === 0x80) out.requireExplicitPolicy = decodeSmallInt(f);
    else if (f.tag === 0x81) out.inhibitPolicyMapping = decodeSmallInt(f);
    else malformed("PolicyConstraints: unexpected field");
  }
  return out;
}

/** InhibitAnyPolicy ::= SkipCerts (INTEGER) */
export function parseInhibitAnyPolicy(node: DerNode): number {
  if (node.tag !== TAG.INTEGER) malformed("InhibitAnyPolicy: not an INTEGER");
  return decodeSmallInt(node);
}

export interface NameConstraints {
  permitted?: GeneralName[];
  excluded?: GeneralName[];
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] GeneralSubtrees OPTIONAL }
 *  GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL } */
export function parseNameConstraints(node: DerNode): NameConstraints {
  const out: NameConstraints = {};
  for (const f of children(expectTag(node, TAG.SEQUENCE, "NameConstraints"), 2)) {
    const subtrees = children(f, 1024).map((st) => {
      const base = readNode(st.data, st.contentStart, st.end);
      return parseGeneralName(base);
    });
    if (f.tag === 0xa0) out.permitted = subtrees;
    else if (f.tag === 0xa1) out.excluded = subtrees;
    else malformed("NameConstraints: unexpected field");
  }
  return out;
}

export type { DistributionPoint };
export { parseDistributionPoints, parseGeneralNames };

/** AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod, accessLocation GeneralName } */
export function parseAccessUrls(node: DerNode, method: string): string[] {
  const urls: string[] = [];
  for (const ad of children(expectTag(node, TAG.SEQUENCE, "AuthorityInfoAccess"), 64)) {
    const [m, loc] = children(expectTag(ad, TAG.SEQUENCE, "AccessDescription"), 2);
    if (!m || !loc) malformed("AccessDescription: incomplete");
    if (decodeOid(m) !== method) continue;
    const gn = parseGeneralName(loc);
    if (gn.kind === "uri") urls.push(gn.value);
  }
  return urls;
}

/** Extensions this validator processes; any other critical one fails (RFC 5280 §6.1.4 (o), §6.1.5 (f)). */
export const RECOGNISED_EXTENSIONS: ReadonlySet<string> = new Set([
  O.OID_BASIC_CONSTRAINTS,
  O.OID_KEY_USAGE,
  O.OID_EXT_KEY_USAGE,
  O.OID_SUBJECT_KEY_IDENTIFIER,
  O.OID_AUTHORITY_KEY_IDENTIFIER,
  O.OID_CERTIFICATE_POLICIES,
  O.OID_POLICY_MAPPINGS,
  O.OID_POLICY_CONSTRAINTS,
  O.OID_INHIBIT_ANY_POLICY,
  O.OID_NAME_CONSTRAINTS,
  O.OID_SUBJECT_ALT_NAME,
  O.OID_ISSUER_ALT_NAME,
  O.OID_CRL_DISTRIBUTION_POINTS,
  O.OID_FRESHEST_CRL,
  O.OID_AUTHORITY_INFO_ACCESS,
  O.OID_SUBJECT_INFO_ACCESS,
  O.OID_OCSP_NOCHECK,
]);
