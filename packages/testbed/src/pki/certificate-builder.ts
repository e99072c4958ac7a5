/**
 * Builds and signs an X.509 v3 certificate (RFC 5280 §4.1) from a spec. The signature covers the
 * DER of tbsCertificate exactly as placed in the certificate.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  Certificate,
  type Extension,
  Extensions,
  type Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { signData, signingChoiceFor } from "@tilts/trust";

export interface CertificateSpec {
  /** Positive serial number, as big-endian bytes. */
  serial: Uint8Array;
  issuer: Name;
  subject: Name;
  /** The subject key (a private KeyObject is accepted; only its public half is used). */
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
  signerKey: KeyObject;
}

export function buildCertificate(spec: CertificateSpec): Uint8Array {
  const signing = signingChoiceFor(spec.signerKey);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: positiveInteger(spec.serial),
    signature: signing.algorithm,
    issuer: spec.issuer,
    validity: new Validity({
      notBefore: wholeSeconds(spec.notBefore),
      notAfter: wholeSeconds(spec.notAfter),
    }),
    subject: spec.subject,
    subjectPublicKeyInfo: AsnConvert.parse(
      createPublicKey(spec.publicKey).export({ type: "spki", format: "der" }),
      SubjectPublicKeyInfo,
    ),
    extensions: new Extensions(spec.extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signData(spec.signerKey, tbsDer, signing);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: signing.algorithm,
    signatureValue: new Uint8Array(signature).buffer, // a copy: a Buffer may be a window into a pool
  });
  return new Uint8Array(AsnConvert.serialize(cert));
}

/** INTEGER content octets for a positive number given as bytes (adds 0x00 if the top bit is set). */
export function positiveInteger(bytes: Uint8Array): ArrayBuffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  // Copy explicitly: Buffer#slice shares memory, and .buffer would expose Node's whole pool.
  const out = new Uint8Array(((trimmed[0] ?? 0) & 0x80 ? 1 : 0) + trimmed.length);
  out.set(trimmed, out.length - trimmed.length);
  return out.buffer;
}

export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
