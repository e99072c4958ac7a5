/**
 * CertID (RFC 6960 §4.1.1):
 *   CertID ::= SEQUENCE {
 *     hashAlgorithm   AlgorithmIdentifier,
 *     issuerNameHash  OCTET STRING, -- Hash of issuer's DN
 *     issuerKeyHash   OCTET STRING, -- Hash of issuer's public key (BIT STRING value, no tag/length/unused bits)
 *     serialNumber    CertificateSerialNumber }
 */
import { createHash } from "node:crypto";
import { CertID } from "@peculiar/asn1-ocsp";
import { OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import type { CertificateFields } from "./certificate-fields.ts";
import { normaliseSerial } from "./certificate-fields.ts";
import { type HashName, hashNameOf, hashOids } from "./hash-algorithms.ts";

const DER_NULL = new Uint8Array([0x05, 0x00]);

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

export function buildCertId(
  certificate: CertificateFields,
  issuer: CertificateFields,
  hash: HashName = "sha1",
): CertID {
  return new CertID({
    // Responders in the field expect NULL parameters for SHA-1 (RFC 3370 §2.1 allows both).
    hashAlgorithm: new AlgorithmIdentifier({
      algorithm: hashOids[hash],
      parameters: toArrayBuffer(DER_NULL),
    }),
    issuerNameHash: new OctetString(digest(hash, issuer.subjectName)),
    issuerKeyHash: new OctetString(digest(hash, issuer.subjectPublicKey)),
    serialNumber: toArrayBuffer(certificate.serial),
  });
}

/** A CertID's values as parsed from a response (see parse-response.ts). */
export interface CertIdParts {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialNumber: Uint8Array;
}

/** Whether a CertID from a response names `certificate` issued by `issuer` (any supported hash). */
export function certIdMatches(
  certId: CertIdParts,
  certificate: CertificateFields,
  issuer: CertificateFields,
): boolean {
  const hash = hashNameOf(certId.hashAlgorithm);
  if (!hash) return false;
  if (!bytesEqual(normaliseSerial(certId.serialNumber), normaliseSerial(certificate.serial))) return false;
  // The DN hashed is the issuer's; it appears as the issuer's subject and as the certificate's issuer.
  const nameOk =
    bytesEqual(certId.issuerNameHash, digest(hash, issuer.subjectName)) ||
    bytesEqual(certId.issuerNameHash, digest(hash, certificate.issuerName));
  return nameOk && bytesEqual(certId.issuerKeyHash, digest(hash, issuer.subjectPublicKey));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A fresh ArrayBuffer holding exactly `bytes` (Buffer#slice does not copy, so copy explicitly). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}
