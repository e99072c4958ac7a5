/**
 * Reads the CMS SignedData of a TimeStampToken (RFC 3161 §2.4.2, RFC 5652 §5):
 *
 *   ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
 *   SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF AlgorithmIdentifier,
 *     encapContentInfo EncapsulatedContentInfo,
 *     certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT … OPTIONAL,
 *     signerInfos SET OF SignerInfo }
 *   EncapsulatedContentInfo ::= SEQUENCE { eContentType OBJECT IDENTIFIER,
 *     eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 *   SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier,
 *     digestAlgorithm AlgorithmIdentifier, signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
 *     signatureAlgorithm AlgorithmIdentifier, signature OCTET STRING,
 *     unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
 *   SignerIdentifier ::= CHOICE { issuerAndSerialNumber SEQUENCE { issuer Name, serialNumber INTEGER },
 *     subjectKeyIdentifier [0] IMPLICIT OCTET STRING }
 *   Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF ANY }
 *
 * The asn1js schema parse costs ~1 ms per token (it decodes every certificate to its last
 * attribute and matches a schema per node), most of a time-stamp's validation. The common
 * shape — X.509 certificates only, no crls field — is read here with the bounds-checked DER
 * walker, checking the same grammar; the certificates go through our strict parser (whose
 * parse the TSA path validation then reuses). Anything else — attribute certificates,
 * embedded CRLs, an unexpected tag anywhere — takes the full schema parse, so what is
 * accepted or refused does not change.
 */
import { ContentInfo, SignedData } from "@peculiar/asn1-cms";
import { AsnConvert } from "@peculiar/asn1-schema";
import { MalformedInputError } from "../errors.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { childrenOf, contentOf, readTlv, slice, type Tlv } from "../ocsp/der.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { decodeOid } from "../x509/der/decode.ts";
import { OID_SIGNED_DATA } from "./oids.ts";

/** What the token check needs of SignedData and its first SignerInfo. */
export interface TokenSignedData {
  eContentType: string;
  signer?: TokenSignerInfo;
}

export interface TokenSignerInfo {
  sid: { serialNumber: Uint8Array } | { subjectKeyIdentifier: Uint8Array } | undefined;
  digestAlgorithm: string;
  /** Each attribute's type and the DER of its first value. */
  signedAttrs?: { attrType: string; firstValue: ArrayBuffer | undefined }[];
  signatureAlgorithm: { algorithm: string; parameters?: ArrayBuffer | null };
  signature: Uint8Array;
}

/** Content octets of the OID 1.2.840.113549.1.7.2 (id-signedData, RFC 5652 §5.1). */
const SIGNED_DATA_OID_CONTENT = new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

const T = { INTEGER: 0x02, OCTETS: 0x04, OID: 0x06, SEQUENCE: 0x30, SET: 0x31, CTX0: 0xa0, CTX1: 0xa1 };

/** Thrown inside the lean reader when the input is not the common shape: use the schema parse. */
class NotCommonShape extends Error {}

function want(ok: boolean): void {
  if (!ok) throw new NotCommonShape();
}

function oidOf(token: Uint8Array, tlv: Tlv | undefined): string {
  want(tlv?.tag === T.OID);
  return decodeOid({ data: token, ...tlv! });
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  // new Uint8Array copies even a Buffer (whose slice() is a view into a shared pool).
  return new Uint8Array(bytes).buffer;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } */
function algorithmOf(
  token: Uint8Array,
  tlv: Tlv | undefined,
): { algorithm: string; parameters?: ArrayBuffer } {
  want(tlv?.tag === T.SEQUENCE);
  const parts = childrenOf(token, tlv!);
  want(parts.length === 1 || parts.length === 2);
  const algorithm = oidOf(token, parts[0]);
  return parts[1] ? { algorithm, parameters: buffer(slice(token, parts[1])) } : { algorithm };
}

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OBJECT IDENTIFIER, value ANY } (RFC 5280 §4.1.2.4) */
function checkName(token: Uint8Array, tlv: Tlv | undefined): void {
  want(tlv?.tag === T.SEQUENCE);
  for (const rdn of childrenOf(token, tlv!)) {
    want(rdn.tag === T.SET);
    for (const atv of childrenOf(token, rdn)) {
      want(atv.tag === T.SEQUENCE);
      const [type, value, extra] = childrenOf(token, atv);
      oidOf(token, type);
      want(value !== undefined && extra === undefined);
    }
  }
}

function readSignerInfo(token: Uint8Array, tlv: Tlv): TokenSignerInfo {
  want(tlv.tag === T.SEQUENCE);
  const parts = childrenOf(token, tlv);
  let i = 0;
  want(parts[i++]?.tag === T.INTEGER);
  const sidTlv = parts[i++];
  let sid: TokenSignerInfo["sid"];
  if (sidTlv?.tag === T.SEQUENCE) {
    const [issuer, serial, extra] = childrenOf(token, sidTlv);
    checkName(token, issuer);
    want(serial?.tag === T.INTEGER && serial.end > serial.contentStart && extra === undefined);
    sid = { serialNumber: contentOf(token, serial!) };
  } else {
    want(sidTlv?.tag === 0x80);
    sid = { subjectKeyIdentifier: contentOf(token, sidTlv!) };
  }
  const digestAlgorithm = algorithmOf(token, parts[i++]).algorithm;
  let signedAttrs: TokenSignerInfo["signedAttrs"];
  if (parts[i]?.tag === T.CTX0) {
    signedAttrs = childrenOf(token, parts[i++]!).map((attr) => {
      want(attr.tag === T.SEQUENCE);
      const [type, values, extra] = childrenOf(token, attr);
      want(values?.tag === T.SET && extra === undefined);
      const first = childrenOf(token, values!)[0];
      return { attrType: oidOf(token, type), firstValue: first ? buffer(slice(token, first)) : undefined };
    });
  }
  const signatureAlgorithm = algorithmOf(token, parts[i++]);
  const signature = parts[i++];
  want(signature?.tag === T.OCTETS);
  if (parts[i]?.tag === T.CTX1) i++;
  want(i === parts.length);
  const out: TokenSignerInfo = {
    sid,
    digestAlgorithm,
    signatureAlgorithm,
    signature: contentOf(token, signature!),
  };
  if (signedAttrs) out.signedAttrs = signedAttrs;
  return out;
}

/** Every entry of the certificate set is a certificate our strict parser accepts. */
function checkCertificates(token: Uint8Array, set: Tlv): void {
  for (const entry of childrenOf(token, set)) {
    want(entry.tag === T.SEQUENCE);
    parseCertificate(slice(token, entry));
  }
}

function leanParse(token: Uint8Array, top: Tlv): TokenSignedData {
  want(top.tag === T.SEQUENCE);
  const outer = childrenOf(token, top);
  const [oid, explicit] = outer;
  want(outer.length === 2 && oid?.tag === T.OID && explicit?.tag === T.CTX0);
  want(bytesEqual(contentOf(token, oid!), SIGNED_DATA_OID_CONTENT));
  const sd = readTlv(token, explicit!.contentStart, explicit!.end);
  want(sd.tag === T.SEQUENCE && sd.end === explicit!.end);
  const [version, digestAlgorithms, encap, certs, signerInfos, extra] = childrenOf(token, sd);
  want(version?.tag === T.INTEGER && digestAlgorithms?.tag === T.SET);
  for (const alg of childrenOf(token, digestAlgorithms!)) algorithmOf(token, alg);
  want(encap?.tag === T.SEQUENCE && certs?.tag === T.CTX0 && signerInfos?.tag === T.SET && !extra);
  const [eContentType, eContent, encapExtra] = childrenOf(token, encap!);
  if (eContent) {
    want(eContent.tag === T.CTX0 && !encapExtra);
    const octets = readTlv(token, eContent.contentStart, eContent.end);
    want(octets.tag === T.OCTETS && octets.end === eContent.end);
  }
  const out: TokenSignedData = { eContentType: oidOf(token, eContentType) };
  checkCertificates(token, certs!);
  const infos = childrenOf(token, signerInfos!).map((s) => readSignerInfo(token, s));
  if (infos[0]) out.signer = infos[0];
  return out;
}

function fullParse(token: Uint8Array): TokenSignedData {
  const contentInfo = AsnConvert.parse(token, ContentInfo);
  if (contentInfo.contentType !== OID_SIGNED_DATA) throw new Error("not SignedData");
  const signed = AsnConvert.parse(contentInfo.content, SignedData);
  const out: TokenSignedData = { eContentType: signed.encapContentInfo.eContentType };
  const s = signed.signerInfos[0];
  if (!s) return out;
  const { issuerAndSerialNumber, subjectKeyIdentifier } = s.sid;
  const signer: TokenSignerInfo = {
    sid: issuerAndSerialNumber
      ? { serialNumber: new Uint8Array(issuerAndSerialNumber.serialNumber) }
      : subjectKeyIdentifier
        ? { subjectKeyIdentifier: new Uint8Array(subjectKeyIdentifier.buffer) }
        : undefined,
    digestAlgorithm: s.digestAlgorithm.algorithm,
    signatureAlgorithm: s.signatureAlgorithm,
    signature: new Uint8Array(s.signature.buffer),
  };
  if (s.signedAttrs)
    signer.signedAttrs = s.signedAttrs.map((a) => ({ attrType: a.attrType, firstValue: a.attrValues[0] }));
  out.signer = signer;
  return out;
}

/** The token's SignedData essentials. Throws (MalformedInputError or the schema parser's error) on malformed input. */
export function parseTokenSignedData(token: Uint8Array, top: Tlv): TokenSignedData {
  try {
    return leanParse(token, top);
  } catch (error) {
    if (!(error instanceof NotCommonShape || error instanceof MalformedInputError)) throw error;
    return fullParse(token);
  }
}
