/**
 * A detached CMS SignedData (RFC 5652 §5) as CAdES baseline (ETSI EN 319 122-1 §6.3) wants it
 * for PAdES (ETSI EN 319 142-1 §6.3): no eContent; signed attributes content-type (id-data),
 * message-digest and signing-certificate-v2 — and, for PAdES, NO signing-time (the claimed
 * time is the signature dictionary's /M). Unsigned attributes (the signature time-stamp) are
 * added after signing; they do not change the signature.
 *
 *   SignerInfo ::= SEQUENCE { version 1, sid IssuerAndSerialNumber, digestAlgorithm,
 *     signedAttrs [0] IMPLICIT SET OF Attribute, signatureAlgorithm, signature OCTET STRING,
 *     unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
 */
import { createHash, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { certificateFields } from "../ocsp/certificate-fields.ts";
import { hashOids } from "../ocsp/hash-algorithms.ts";
import { signData, signingChoiceFor } from "../ocsp/signer.ts";
import * as D from "../x509/der/writer.ts";
import {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_DATA,
  OID_SIGNED_DATA,
} from "./oids.ts";

export type CmsHash = "sha256" | "sha384" | "sha512";

export interface SignedAttributesInput {
  key: KeyObject;
  certificate: Uint8Array;
  /** Digest of the signed content (for PAdES: the ByteRange octets) under `hash`. */
  contentDigest: Uint8Array;
  hash: CmsHash;
}

export interface CmsSignature {
  /** DER of the SET OF signed attributes (what was signed). */
  signedAttrs: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
}

/** The digest a key signs with (P-384 → SHA-384, P-521 → SHA-512, RSA and P-256 → SHA-256). */
export function hashForKey(key: KeyObject): CmsHash {
  const h = signingChoiceFor(key).hash;
  return h === "sha384" || h === "sha512" ? h : "sha256";
}

const attribute = (type: string, value: Uint8Array) => D.seq(D.oid(type), D.set(value));

/** ESSCertIDv2 with SHA-256 (the DEFAULT, so its AlgorithmIdentifier is omitted, RFC 5035 §4). */
function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const f = certificateFields(certificate);
  const certHash = createHash("sha256").update(certificate).digest();
  const issuerSerial = D.seq(D.seq(D.tlv(0xa4, f.issuerName)), D.tlv(0x02, f.serial));
  return D.seq(D.seq(D.seq(D.octets(certHash), issuerSerial)));
}

/** DER SET OF: elements in ascending order of their encodings (X.690 §11.6). */
function derSetOf(items: Uint8Array[]): Uint8Array {
  return D.set(...[...items].sort((a, b) => Buffer.compare(a, b)));
}

export function signAttributes(input: SignedAttributesInput): CmsSignature {
  const signedAttrs = derSetOf([
    attribute(OID_AA_CONTENT_TYPE, D.oid(OID_DATA)),
    attribute(OID_AA_MESSAGE_DIGEST, D.octets(input.contentDigest)),
    attribute(OID_AA_SIGNING_CERTIFICATE_V2, signingCertificateV2(input.certificate)),
  ]);
  const choice = signingChoiceFor(input.key, input.hash);
  const signature = signData(input.key, signedAttrs, choice);
  return {
    signedAttrs,
    signatureAlgorithm: new Uint8Array(AsnConvert.serialize(choice.algorithm)),
    signature,
  };
}

export interface SignedDataInput extends CmsSignature {
  certificate: Uint8Array;
  /** Further certificates to embed (the chain). */
  certificates: Uint8Array[];
  hash: CmsHash;
  /** Unsigned attributes as [type OID, DER values]. */
  unsignedAttrs?: [string, Uint8Array[]][];
}

export function buildSignedData(input: SignedDataInput): Uint8Array {
  const f = certificateFields(input.certificate);
  const digestAlgorithm = D.seq(D.oid(hashOids[input.hash]));
  const signedAttrsBody = input.signedAttrs.subarray(headerLength(input.signedAttrs));
  const parts = [
    D.int(1),
    D.seq(f.issuerName, D.tlv(0x02, f.serial)),
    digestAlgorithm,
    D.tlv(0xa0, signedAttrsBody),
    input.signatureAlgorithm,
    D.octets(input.signature),
  ];
  if (input.unsignedAttrs?.length)
    parts.push(
      D.tlv(0xa1, ...input.unsignedAttrs.map(([type, values]) => D.seq(D.oid(type), D.set(...values)))),
    );
  const certs = [
    input.certificate,
    ...input.certificates.filter((c) => Buffer.compare(c, input.certificate) !== 0),
  ];
  const signedData = D.seq(
    D.int(1),
    D.set(digestAlgorithm),
    D.seq(D.oid(OID_DATA)),
    D.tlv(0xa0, ...certs),
    D.set(D.seq(...parts)),
  );
  return D.seq(D.oid(OID_SIGNED_DATA), D.tlv(0xa0, signedData));
}

function headerLength(der: Uint8Array): number {
  const first = der[1]!;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}
