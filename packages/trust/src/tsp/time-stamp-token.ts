/**
 * Building an RFC 3161 TimeStampToken: a CMS SignedData (RFC 5652 §5) whose eContent is a DER
 * TSTInfo (RFC 3161 §2.4.2), signed by the TSA with signed attributes contentType,
 * messageDigest, signingTime and signingCertificateV2 (RFC 5035 ESSCertIDv2 — required by
 * RFC 5816 / ETSI EN 319 422 §5.2.2 so the TSA certificate cannot be substituted).
 */
import { createHash, type KeyObject } from "node:crypto";
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from "@peculiar/asn1-cms";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { Accuracy, MessageImprint, TSTInfo } from "@peculiar/asn1-tsp";
import { AlgorithmIdentifier, Certificate, GeneralName, Name } from "@peculiar/asn1-x509";
import { toArrayBuffer } from "../ocsp/cert-id.ts";
import { certificateFields } from "../ocsp/certificate-fields.ts";
import { encodeTlv, readTlv } from "../ocsp/der.ts";
import { hashOids } from "../ocsp/hash-algorithms.ts";
import { signData, signingChoiceFor } from "../ocsp/signer.ts";
import {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_AA_SIGNING_TIME,
  OID_CT_TST_INFO,
  OID_SIGNED_DATA,
} from "./oids.ts";

export interface TimeStampTokenInput {
  policy: string;
  messageImprint: { hashAlgorithm: string; hashedMessage: Uint8Array };
  /** Unique positive serial, big-endian bytes. */
  serialNumber: Uint8Array;
  genTime: Date;
  accuracySeconds?: number;
  /** INTEGER content octets from the request, echoed (RFC 3161 §2.4.2). */
  nonce?: Uint8Array;
  signerKey: KeyObject;
  signerCertificate: Uint8Array;
  /** Certificates to embed (RFC 3161 §2.4.1 certReq: at least the TSA's). */
  certificates?: Uint8Array[];
  /** Name the TSA in TSTInfo.tsa (directoryName of the signer's subject). */
  includeTsaName?: boolean;
}

const attribute = (attrType: string, value: Uint8Array | ArrayBuffer) =>
  new Attribute({ attrType, attrValues: [value instanceof Uint8Array ? toArrayBuffer(value) : value] });

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash OCTET STRING,
 *                            issuerSerial IssuerSerial OPTIONAL }
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 */
function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const fields = certificateFields(certificate);
  const certHash = new Uint8Array(createHash("sha256").update(certificate).digest());
  const generalNames = encodeTlv(0x30, encodeTlv(0xa4, fields.issuerName));
  const serial = encodeTlv(0x02, fields.serial);
  const issuerSerial = encodeTlv(0x30, concat(generalNames, serial));
  const essCertId = encodeTlv(0x30, concat(encodeTlv(0x04, certHash), issuerSerial));
  return encodeTlv(0x30, encodeTlv(0x30, essCertId));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function buildTimeStampToken(input: TimeStampTokenInput): Uint8Array {
  const signerCert = AsnConvert.parse(input.signerCertificate, Certificate);
  const genTime = new Date(Math.floor(input.genTime.getTime() / 1000) * 1000);
  const tstInfo = new TSTInfo({
    policy: input.policy,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: input.messageImprint.hashAlgorithm }),
      hashedMessage: new OctetString(input.messageImprint.hashedMessage),
    }),
    serialNumber: toArrayBuffer(input.serialNumber),
    genTime,
    accuracy: input.accuracySeconds ? new Accuracy({ seconds: input.accuracySeconds }) : undefined,
    nonce: input.nonce ? toArrayBuffer(input.nonce) : undefined,
    tsa: input.includeTsaName
      ? new GeneralName({ directoryName: signerCert.tbsCertificate.subject })
      : undefined,
  });
  const tstDer = new Uint8Array(AsnConvert.serialize(tstInfo));
  const signing = signingChoiceFor(input.signerKey);
  const digestHash = signing.hash ?? "sha512";
  const digestAlgorithm = new AlgorithmIdentifier({ algorithm: hashOids[digestHash] });

  // DER SET OF: elements sorted by their encodings (X.690 §11.6) — verifiers re-encode and compare.
  const attributes = [
    attribute(OID_AA_CONTENT_TYPE, encodeOid(OID_CT_TST_INFO)),
    attribute(OID_AA_SIGNING_TIME, utcTime(genTime)),
    attribute(
      OID_AA_MESSAGE_DIGEST,
      encodeTlv(0x04, new Uint8Array(createHash(digestHash).update(tstDer).digest())),
    ),
    attribute(OID_AA_SIGNING_CERTIFICATE_V2, signingCertificateV2(input.signerCertificate)),
  ]
    .map((a) => ({ a, der: new Uint8Array(AsnConvert.serialize(a)) }))
    .sort((x, y) => compareBytes(x.der, y.der));
  const signedAttrsDer = encodeTlv(0x31, concat(...attributes.map((x) => x.der)));
  const signature = signData(input.signerKey, signedAttrsDer, signing);

  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: AsnConvert.parse(certificateFields(input.signerCertificate).issuerName, Name),
        serialNumber: toArrayBuffer(certificateFields(input.signerCertificate).serial),
      }),
    }),
    digestAlgorithm,
    signedAttrs: attributes.map((x) => x.a),
    signatureAlgorithm: signing.algorithm,
    signature: new OctetString(signature),
  });
  const certificates = input.certificates?.length
    ? new CertificateSet(
        input.certificates.map(
          (c) => new CertificateChoices({ certificate: AsnConvert.parse(c, Certificate) }),
        ),
      )
    : undefined;
  const signedData = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID_CT_TST_INFO,
      eContent: new EncapsulatedContent({ single: new OctetString(tstDer) }),
    }),
    certificates,
    signerInfos: new SignerInfos([signerInfo]),
  });
  const token = new ContentInfo({ contentType: OID_SIGNED_DATA, content: AsnConvert.serialize(signedData) });
  const der = new Uint8Array(AsnConvert.serialize(token));
  assertSignedAttrsEncodedAsSigned(der, signedAttrsDer);
  return der;
}

/** Guards against the schema library re-ordering the attributes we signed. */
function assertSignedAttrsEncodedAsSigned(token: Uint8Array, signed: Uint8Array): void {
  const hex = Buffer.from(token).toString("hex");
  const body = Buffer.from(signed.subarray(readTlv(signed, 0).contentStart)).toString("hex");
  if (!hex.includes(body)) throw new Error("internal: signed attributes were re-encoded");
}

function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const bytes: number[] = [];
  const push = (value: number) => {
    const chunk = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return encodeTlv(0x06, new Uint8Array(bytes));
}

/** RFC 5652 §11.3: signingTime is UTCTime for dates 1950–2049, GeneralizedTime otherwise. */
function utcTime(date: Date): Uint8Array {
  const iso = date.toISOString();
  if (date.getUTCFullYear() >= 2050) {
    const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    return encodeTlv(0x18, new Uint8Array(Buffer.from(text, "latin1")));
  }
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return encodeTlv(0x17, new Uint8Array(Buffer.from(text, "latin1")));
}
