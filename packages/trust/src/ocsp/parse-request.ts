/**
 * Parsing an OCSPRequest (RFC 6960 §4.1.1) on the responder side: the CertIDs asked about and the
 * nonce (RFC 8954). Signed requests are accepted but their signature is not required or checked.
 */
import { type CertID, OCSPRequest } from "@peculiar/asn1-ocsp";
import { AsnConvert } from "@peculiar/asn1-schema";
import { MalformedInputError } from "../errors.ts";
import { readTlv } from "./der.ts";
import { OID_PKIX_OCSP_NONCE } from "./oids.ts";

export const MAX_OCSP_REQUEST_BYTES = 64 * 1024;
/** RFC 8954 §2.1 bounds the nonce at 32 octets; we tolerate up to 128 from older clients. */
const MAX_NONCE_BYTES = 128;
const MAX_REQUESTS = 100;

export interface ParsedOcspRequest {
  certIds: CertID[];
  nonce?: Uint8Array;
}

export function parseOcspRequest(der: Uint8Array): ParsedOcspRequest {
  if (der.length > MAX_OCSP_REQUEST_BYTES) throw new MalformedInputError("OCSP request too large");
  let request: OCSPRequest;
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new Error("not one DER SEQUENCE");
    request = AsnConvert.parse(der, OCSPRequest);
  } catch (error) {
    throw new MalformedInputError("OCSP request: cannot parse DER", { cause: error });
  }
  const certIds = request.tbsRequest.requestList.map((r) => r.reqCert);
  if (certIds.length === 0 || certIds.length > MAX_REQUESTS) {
    throw new MalformedInputError("OCSP request: 1..100 requests expected");
  }
  const ext = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID_PKIX_OCSP_NONCE);
  if (!ext) return { certIds };
  const value = new Uint8Array(ext.extnValue.buffer);
  let nonce = value;
  try {
    const tlv = readTlv(value, 0);
    if (tlv.tag === 0x04 && tlv.end === value.length) nonce = value.subarray(tlv.contentStart);
  } catch {
    nonce = value;
  }
  if (nonce.length === 0 || nonce.length > MAX_NONCE_BYTES)
    throw new MalformedInputError("OCSP request: bad nonce");
  return { certIds, nonce: new Uint8Array(nonce) };
}
