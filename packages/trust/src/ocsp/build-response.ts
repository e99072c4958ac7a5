/**
 * Builds signed OCSP responses (RFC 6960 §4.2.1) — for the testbed's responder and for tests.
 * The signature covers the DER of tbsResponseData exactly as it is placed in the response.
 */
import type { KeyObject } from "node:crypto";
import {
  BasicOCSPResponse,
  type CertID,
  CertStatus,
  KeyHash,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from "@peculiar/asn1-ocsp";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { Certificate, CRLReason, Extension, Name } from "@peculiar/asn1-x509";
import { revocationReasonCodes } from "../revocation/reason-codes.ts";
import type { RevocationReason } from "../revocation/types.ts";
import { digest, toArrayBuffer } from "./cert-id.ts";
import { certificateFields } from "./certificate-fields.ts";
import { encodeTlv } from "./der.ts";
import { OID_PKIX_OCSP_BASIC, OID_PKIX_OCSP_NONCE } from "./oids.ts";
import { type SigningChoice, signData, signingChoiceFor } from "./signer.ts";

export type OcspAnswer =
  | { status: "good" }
  | { status: "revoked"; revocationTime: Date; reason?: RevocationReason }
  | { status: "unknown" };

export interface OcspSingleAnswer {
  certId: CertID;
  answer: OcspAnswer;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface BuildOcspResponseInput {
  responses: OcspSingleAnswer[];
  signerKey: KeyObject;
  signerCertificate: Uint8Array;
  producedAt: Date;
  /** ResponderID form (RFC 6960 §4.2.1); byKey by default (RFC 5019 §2.2.3 recommends it). */
  responderIdBy?: "name" | "key";
  /** Echoed request nonce (RFC 8954), DER-wrapped in an OCTET STRING in extnValue. */
  nonce?: Uint8Array;
  /** Certificates to include in `certs` (the delegated responder certificate). */
  certs?: Uint8Array[];
  /** Override the signature algorithm (tests); default from the key type. */
  signing?: SigningChoice;
  /** Extra responseExtensions (tests of unknown critical extensions). */
  extraExtensions?: Extension[];
}

/** GeneralizedTime in OCSP carries whole seconds (RFC 5280 §4.1.2.5.2 style); drop milliseconds. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function certStatusOf(answer: OcspAnswer): CertStatus {
  if (answer.status === "good") return new CertStatus({ good: null });
  if (answer.status === "unknown") return new CertStatus({ unknown: null });
  return new CertStatus({
    revoked: new RevokedInfo({
      revocationTime: wholeSeconds(answer.revocationTime),
      revocationReason: answer.reason ? new CRLReason(revocationReasonCodes[answer.reason]) : undefined,
    }),
  });
}

export function buildOcspResponse(input: BuildOcspResponseInput): Uint8Array {
  const signer = certificateFields(input.signerCertificate);
  const responderID =
    input.responderIdBy === "name"
      ? new ResponderID({ byName: AsnConvert.parse(signer.subjectName, Name) })
      : new ResponderID({ byKey: new KeyHash(digest("sha1", signer.subjectPublicKey)) });
  const extensions = [...(input.extraExtensions ?? [])];
  if (input.nonce) {
    extensions.push(
      new Extension({
        extnID: OID_PKIX_OCSP_NONCE,
        critical: false,
        extnValue: new OctetString(encodeTlv(0x04, input.nonce)),
      }),
    );
  }
  const responseExtensions = extensions.length ? extensions : undefined;
  const tbsResponseData = new ResponseData({
    responderID,
    producedAt: wholeSeconds(input.producedAt),
    responses: input.responses.map(
      (r) =>
        new SingleResponse({
          certID: r.certId,
          certStatus: certStatusOf(r.answer),
          thisUpdate: wholeSeconds(r.thisUpdate),
          nextUpdate: r.nextUpdate ? wholeSeconds(r.nextUpdate) : undefined,
        }),
    ),
    responseExtensions,
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbsResponseData));
  const signing = input.signing ?? signingChoiceFor(input.signerKey);
  const signature = signData(input.signerKey, tbsDer, signing);
  const basic = new BasicOCSPResponse({
    tbsResponseData,
    signatureAlgorithm: signing.algorithm,
    signature: toArrayBuffer(signature),
    certs: input.certs?.length ? input.certs.map((c) => AsnConvert.parse(c, Certificate)) : undefined,
  });
  return new Uint8Array(
    AsnConvert.serialize(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({
          responseType: OID_PKIX_OCSP_BASIC,
          response: new OctetString(AsnConvert.serialize(basic)),
        }),
      }),
    ),
  );
}

/** An unsuccessful OCSPResponse (no responseBytes), e.g. malformedRequest or unauthorized. */
export function buildOcspErrorResponse(
  status: "malformedRequest" | "internalError" | "tryLater" | "sigRequired" | "unauthorized",
): Uint8Array {
  return new Uint8Array(
    AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus[status] })),
  );
}
