/**
 * OCSPRequest (RFC 6960 §4.1.1) for one certificate, unsigned, with an optional nonce
 * (RFC 8954: Nonce ::= OCTET STRING (SIZE(1..32)), carried DER-encoded in extnValue).
 */
import { OCSPRequest, Request, TBSRequest } from "@peculiar/asn1-ocsp";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { Extension } from "@peculiar/asn1-x509";
import { MalformedInputError } from "../errors.ts";
import { buildCertId } from "./cert-id.ts";
import { certificateFields } from "./certificate-fields.ts";
import { encodeTlv } from "./der.ts";
import type { HashName } from "./hash-algorithms.ts";
import { OID_PKIX_OCSP_NONCE } from "./oids.ts";

export interface OcspRequestInput {
  certificate: Uint8Array;
  issuer: Uint8Array;
  nonce?: Uint8Array;
  /** CertID hash; SHA-1 by default because responders in the field expect it (RFC 5019 §2.1.1). */
  hash?: HashName;
}

export function buildOcspRequest(input: OcspRequestInput): Uint8Array {
  const certificate = certificateFields(input.certificate);
  const issuer = certificateFields(input.issuer);
  const requestExtensions: Extension[] = [];
  if (input.nonce) {
    if (input.nonce.length < 1 || input.nonce.length > 32) {
      throw new MalformedInputError("OCSP nonce must be 1..32 octets (RFC 8954 §2.1)");
    }
    requestExtensions.push(
      new Extension({
        extnID: OID_PKIX_OCSP_NONCE,
        critical: false,
        extnValue: new OctetString(encodeTlv(0x04, input.nonce)),
      }),
    );
  }
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: buildCertId(certificate, issuer, input.hash ?? "sha1") })],
      requestExtensions: requestExtensions.length ? requestExtensions : undefined,
    }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}
