/**
 * The raw fields of a certificate that OCSP needs, sliced from the original DER.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber INTEGER,
 *     signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
 *     subjectPublicKeyInfo SubjectPublicKeyInfo, ... }              -- RFC 5280 §4.1
 */
import { MalformedInputError } from "../errors.ts";
import { childrenOf, contentOf, readTlv, slice } from "./der.ts";

/** Certificates larger than this are not certificates we accept (DoS limit). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface CertificateFields {
  /** INTEGER content octets of serialNumber (two's complement, as encoded). */
  serial: Uint8Array;
  /** DER of the issuer Name. */
  issuerName: Uint8Array;
  /** DER of the subject Name. */
  subjectName: Uint8Array;
  /** DER of SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** subjectPublicKey BIT STRING value without the unused-bits octet (RFC 6960 §4.1.1 keyHash input). */
  subjectPublicKey: Uint8Array;
  /** DER of tbsCertificate (the signed bytes). */
  tbs: Uint8Array;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  if (der.length > MAX_CERTIFICATE_BYTES) throw new MalformedInputError("certificate too large");
  const cert = readTlv(der, 0);
  if (cert.tag !== 0x30 || cert.end !== der.length)
    throw new MalformedInputError("certificate: not a DER SEQUENCE");
  const top = childrenOf(der, cert);
  const tbsTlv = top[0];
  if (top.length !== 3 || !tbsTlv || tbsTlv.tag !== 0x30)
    throw new MalformedInputError("certificate: bad structure");
  const fields = childrenOf(der, tbsTlv);
  let i = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[i++];
  const signature = fields[i++];
  const issuer = fields[i++];
  const validity = fields[i++];
  const subject = fields[i++];
  const spki = fields[i++];
  if (
    serial?.tag !== 0x02 ||
    signature?.tag !== 0x30 ||
    issuer?.tag !== 0x30 ||
    validity?.tag !== 0x30 ||
    subject?.tag !== 0x30 ||
    spki?.tag !== 0x30
  ) {
    throw new MalformedInputError("certificate: unexpected tbsCertificate fields");
  }
  const spkiParts = childrenOf(der, spki);
  const keyBits = spkiParts[1];
  if (keyBits?.tag !== 0x03 || keyBits.end - keyBits.contentStart < 1) {
    throw new MalformedInputError("certificate: bad subjectPublicKeyInfo");
  }
  return {
    serial: contentOf(der, serial),
    issuerName: slice(der, issuer),
    subjectName: slice(der, subject),
    spki: slice(der, spki),
    subjectPublicKey: der.subarray(keyBits.contentStart + 1, keyBits.end),
    tbs: slice(der, tbsTlv),
  };
}

/** Serial number bytes without redundant leading zero octets, for comparison. */
export function normaliseSerial(serial: Uint8Array): Uint8Array {
  let i = 0;
  while (i < serial.length - 1 && serial[i] === 0) i++;
  return serial.subarray(i);
}

export function serialToHex(serial: Uint8Array): string {
  return Buffer.from(normaliseSerial(serial)).toString("hex");
}
