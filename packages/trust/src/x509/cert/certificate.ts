/**
 * X.509 certificate parsing (RFC 5280 §4.1). Every extension path validation needs is decoded
 * up front, so a malformed extension fails at parse time with MalformedInputError.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier,
 *                              signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber INTEGER,
 *     signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
 *     subjectPublicKeyInfo SubjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
 */
import { createHash, type KeyObject } from "node:crypto";
import { MalformedInputError } from "../../errors.ts";
import {
  decodeBitString,
  decodeOid,
  decodeSmallInt,
  decodeTime,
  hasFractionalSeconds,
  serialHex,
} from "../der/decode.ts";
import {
  children,
  content,
  type DerNode,
  encoded,
  expectTag,
  inner,
  malformed,
  readRoot,
  TAG,
} from "../der/reader.ts";
import * as O from "../oids.ts";
import type { DistributionPoint } from "./distribution-point.ts";
import {
  type BasicConstraints,
  type Extension,
  type NameConstraints,
  type PolicyInformation,
  parseAccessUrls,
  parseAuthorityKeyIdentifier,
  parseBasicConstraints,
  parseCertificatePolicies,
  parseDistributionPoints,
  parseExtensions,
  parseGeneralNames,
  parseInhibitAnyPolicy,
  parseKeyUsage,
  parseNameConstraints,
  parseOidSequence,
  parsePolicyConstraints,
  parsePolicyMappings,
  parseSubjectKeyIdentifier,
} from "./extensions.ts";
import type { GeneralName } from "./general-name.ts";
import { type Name, nameToString, parseName } from "./name.ts";

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } */
export interface AlgorithmIdentifier {
  oid: string;
  parameters?: DerNode;
  der: Uint8Array;
}

export function parseAlgorithmIdentifier(node: DerNode): AlgorithmIdentifier {
  const [oidNode, params, extra] = children(expectTag(node, TAG.SEQUENCE, "AlgorithmIdentifier"), 3);
  if (!oidNode || extra) malformed("AlgorithmIdentifier: bad shape");
  return { oid: decodeOid(oidNode), parameters: params, der: encoded(node) };
}

export interface ParsedCertificate {
  der: Uint8Array;
  /** SHA-256 of the DER, hex: identity for caches and loop detection. */
  fingerprint: string;
  version: number;
  serial: string;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  issuer: Name;
  subject: Name;
  subjectString: string;
  issuerString: string;
  notBefore: Date;
  notAfter: Date;
  /** notBefore or notAfter has fractional seconds (read, but refused by the strict profile). */
  fractionalTime: boolean;
  /** The serialNumber INTEGER's content octets (sign and length for the strict profile). */
  serialOctets: Uint8Array;
  /** SubjectPublicKeyInfo DER and its algorithm. */
  spki: Uint8Array;
  spkiAlgorithm: AlgorithmIdentifier;
  spkiKeyBits: Uint8Array;
  extensions: Map<string, Extension>;
  basicConstraints?: BasicConstraints;
  keyUsage?: Set<number>;
  extKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  policies?: PolicyInformation[];
  policyMappings?: { issuer: string; subject: string }[];
  policyConstraints?: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number };
  inhibitAnyPolicy?: number;
  nameConstraints?: NameConstraints;
  subjectAltNames?: GeneralName[];
  crlDistributionPoints?: DistributionPoint[];
  freshestCrl?: DistributionPoint[];
  ocspUrls: string[];
  /** Issuer and subject names match (RFC 5280 §6.1: "self-issued"). */
  selfIssued: boolean;
  /** Lazily created node:crypto key (undefined for keys needing inherited DSA parameters). */
  publicKey?: KeyObject;
}

const MAX_CERT_BYTES = 1 << 20;

function decodeCertificate(der: Uint8Array, fingerprint: string): ParsedCertificate {
  if (der.length > MAX_CERT_BYTES) malformed("certificate larger than 1 MiB");
  const root = expectTag(readRoot(der), TAG.SEQUENCE, "Certificate");
  const [tbsNode, algNode, sigNode, extra] = children(root, 4);
  if (!tbsNode || !algNode || !sigNode || extra) malformed("Certificate: expected three fields");
  expectTag(tbsNode, TAG.SEQUENCE, "TBSCertificate");
  const fields = children(tbsNode, 12);
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    version = decodeSmallInt(expectTag(inner(fields[0]), TAG.INTEGER, "version")) + 1;
    if (version > 3) malformed("Certificate: unknown version");
    i = 1;
  }
  const serialNode = expectTag(fields[i++], TAG.INTEGER, "serialNumber");
  const serial = serialHex(serialNode);
  const tbsAlg = parseAlgorithmIdentifier(fields[i++]!);
  const issuer = parseName(expectTag(fields[i++], TAG.SEQUENCE, "issuer"));
  const validity = children(expectTag(fields[i++], TAG.SEQUENCE, "validity"), 2);
  if (validity.length !== 2) malformed("Validity: expected two times");
  const subject = parseName(expectTag(fields[i++], TAG.SEQUENCE, "subject"));
  const spkiNode = expectTag(fields[i++], TAG.SEQUENCE, "subjectPublicKeyInfo");
  const [spkiAlgNode, spkiBits] = children(spkiNode, 2);
  const spkiAlgorithm = parseAlgorithmIdentifier(spkiAlgNode!);
  const spkiKeyBits = decodeBitString(expectTag(spkiBits, TAG.BIT_STRING, "subjectPublicKey")).bytes;
  let extensions = new Map<string, Extension>();
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.tag === 0x81 || f.tag === 0xa1 || f.tag === 0x82 || f.tag === 0xa2) continue; // unique IDs
    if (f.tag === 0xa3) {
      if (version !== 3) malformed("Certificate: extensions in a pre-v3 certificate");
      extensions = parseExtensions(inner(f));
    } else malformed("TBSCertificate: unexpected field");
  }
  const signatureAlgorithm = parseAlgorithmIdentifier(algNode);
  // RFC 5280 §4.1.1.2: the outer algorithm MUST equal the TBS's signature field.
  if (Buffer.compare(signatureAlgorithm.der, tbsAlg.der) !== 0) {
    malformed("Certificate: signatureAlgorithm differs from tbsCertificate.signature");
  }
  const signature = decodeBitString(expectTag(sigNode, TAG.BIT_STRING, "signatureValue")).bytes;

  const cert: ParsedCertificate = {
    der,
    fingerprint,
    version,
    serial,
    tbs: encoded(tbsNode),
    signatureAlgorithm,
    signature,
    issuer,
    subject,
    subjectString: nameToString(subject),
    issuerString: nameToString(issuer),
    notBefore: decodeTime(validity[0]!),
    notAfter: decodeTime(validity[1]!),
    fractionalTime: hasFractionalSeconds(validity[0]!) || hasFractionalSeconds(validity[1]!),
    serialOctets: content(serialNode),
    spki: encoded(spkiNode),
    spkiAlgorithm,
    spkiKeyBits,
    extensions,
    ocspUrls: [],
    selfIssued: issuer.key === subject.key,
  };
  decodeKnownExtensions(cert);
  return cert;
}

function decodeKnownExtensions(cert: ParsedCertificate): void {
  const ext = (oid: string, decode: (node: DerNode) => void) => {
    const node = cert.extensions.get(oid)?.value;
    if (node) decode(node);
  };
  ext(O.OID_BASIC_CONSTRAINTS, (v) => (cert.basicConstraints = parseBasicConstraints(v)));
  ext(O.OID_KEY_USAGE, (v) => (cert.keyUsage = parseKeyUsage(v)));
  ext(O.OID_EXT_KEY_USAGE, (v) => (cert.extKeyUsage = parseOidSequence(v)));
  ext(O.OID_SUBJECT_KEY_IDENTIFIER, (v) => (cert.subjectKeyId = parseSubjectKeyIdentifier(v)));
  ext(O.OID_AUTHORITY_KEY_IDENTIFIER, (v) => (cert.authorityKeyId = parseAuthorityKeyIdentifier(v).keyId));
  ext(O.OID_CERTIFICATE_POLICIES, (v) => (cert.policies = parseCertificatePolicies(v)));
  ext(O.OID_POLICY_MAPPINGS, (v) => (cert.policyMappings = parsePolicyMappings(v)));
  ext(O.OID_POLICY_CONSTRAINTS, (v) => (cert.policyConstraints = parsePolicyConstraints(v)));
  ext(O.OID_INHIBIT_ANY_POLICY, (v) => (cert.inhibitAnyPolicy = parseInhibitAnyPolicy(v)));
  ext(O.OID_NAME_CONSTRAINTS, (v) => (cert.nameConstraints = parseNameConstraints(v)));
  ext(
    O.OID_SUBJECT_ALT_NAME,
    (v) => (cert.subjectAltNames = parseGeneralNames(expectTag(v, TAG.SEQUENCE, "SAN"))),
  );
  ext(O.OID_CRL_DISTRIBUTION_POINTS, (v) => (cert.crlDistributionPoints = parseDistributionPoints(v)));
  ext(O.OID_FRESHEST_CRL, (v) => (cert.freshestCrl = parseDistributionPoints(v)));
  ext(O.OID_AUTHORITY_INFO_ACCESS, (v) => (cert.ocspUrls = parseAccessUrls(v, O.OID_AD_OCSP)));
}

/** Parsed certificates by fingerprint; bounded so a long-running server does not grow without end. */
const cache = new Map<string, ParsedCertificate>();
const CACHE_LIMIT = 2000;
const byBuffer = new WeakMap<Uint8Array, ParsedCertificate>();

/** Parses (or returns the cached parse of) a DER certificate. Throws MalformedInputError. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  // The same buffer again (anchors and intermediates held by a server): a byte comparison is
  // enough to prove it unchanged, and far cheaper than hashing.
  const known = byBuffer.get(der);
  if (known && Buffer.compare(known.der, der) === 0) return known;
  const key = createHash("sha256").update(der).digest("hex");
  const hit = cache.get(key);
  if (hit) {
    byBuffer.set(der, hit);
    return hit;
  }
  let cert: ParsedCertificate;
  try {
    // A private copy: the caller's buffer may be a window into something large or mutable.
    cert = decodeCertificate(new Uint8Array(der), key);
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    throw new MalformedInputError(`certificate: ${(error as Error).message}`, { cause: error });
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, cert);
  byBuffer.set(der, cert);
  return cert;
}

export function isCa(cert: ParsedCertificate): boolean {
  return cert.basicConstraints?.ca === true;
}
