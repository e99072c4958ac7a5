/**
 * Parsing of an OCSPResponse down to its BasicOCSPResponse (RFC 6960 §4.2.1):
 *   OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus,
 *                               responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 *   ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
 *   BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm,
 *                                    signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 * Structural garbage throws MalformedInputError; a well-formed "unsuccessful" answer does not.
 */
import { BasicOCSPResponse, OCSPResponse, OCSPResponseStatus } from "@peculiar/asn1-ocsp";
import { AsnConvert } from "@peculiar/asn1-schema";
import { MalformedInputError } from "../errors.ts";
import { childrenOf, contentOf, readTlv, slice } from "./der.ts";
import { OID_PKIX_OCSP_BASIC } from "./oids.ts";

/** OCSP responses are small; this bounds memory and parse time for hostile input. */
export const MAX_OCSP_RESPONSE_BYTES = 1024 * 1024;

export type ParsedOcspResponse =
  | { kind: "unsuccessful"; status: string }
  | { kind: "unsupported-type"; responseType: string }
  | {
      kind: "basic";
      basic: BasicOCSPResponse;
      /** Original DER of tbsResponseData — the signed bytes (never a re-encoding). */
      tbsResponseData: Uint8Array;
      /** Original DER of the responderID's inner value: a Name (byName) or an OCTET STRING (byKey). */
      responderId: { byName: Uint8Array } | { byKey: Uint8Array };
      /** Original DER of each certificate in `certs`. */
      certs: Uint8Array[];
    };

export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  if (der.length > MAX_OCSP_RESPONSE_BYTES) throw new MalformedInputError("OCSP response too large");
  let outer: OCSPResponse;
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new Error("trailing or missing data");
    outer = AsnConvert.parse(der, OCSPResponse);
  } catch (error) {
    throw new MalformedInputError("OCSP response: cannot parse DER", { cause: error });
  }
  if (outer.responseStatus !== OCSPResponseStatus.successful) {
    return {
      kind: "unsuccessful",
      status: OCSPResponseStatus[outer.responseStatus] ?? String(outer.responseStatus),
    };
  }
  if (!outer.responseBytes) throw new MalformedInputError("OCSP response: successful but no responseBytes");
  if (outer.responseBytes.responseType !== OID_PKIX_OCSP_BASIC) {
    return { kind: "unsupported-type", responseType: outer.responseBytes.responseType };
  }
  const basicDer = new Uint8Array(outer.responseBytes.response.buffer);
  try {
    const basic = AsnConvert.parse(basicDer, BasicOCSPResponse);
    // Slice the signed bytes and the responderID and certs from the original encoding.
    const basicTlv = readTlv(basicDer, 0);
    const parts = childrenOf(basicDer, basicTlv);
    const tbsTlv = parts[0];
    if (!tbsTlv || tbsTlv.tag !== 0x30) throw new Error("no tbsResponseData");
    const tbsParts = childrenOf(basicDer, tbsTlv);
    const idTlv = tbsParts[0]?.tag === 0xa0 ? tbsParts[1] : tbsParts[0];
    if (!idTlv || (idTlv.tag !== 0xa1 && idTlv.tag !== 0xa2)) throw new Error("no responderID");
    const inner = readTlv(basicDer, idTlv.contentStart, idTlv.end);
    const responderId =
      idTlv.tag === 0xa1 ? { byName: slice(basicDer, inner) } : { byKey: contentOf(basicDer, inner) };
    const certs: Uint8Array[] = [];
    const certsTlv = parts[3];
    if (certsTlv && certsTlv.tag === 0xa0) {
      const seq = readTlv(basicDer, certsTlv.contentStart, certsTlv.end);
      for (const c of childrenOf(basicDer, seq)) certs.push(slice(basicDer, c));
    }
    return { kind: "basic", basic, tbsResponseData: slice(basicDer, tbsTlv), responderId, certs };
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    throw new MalformedInputError("OCSP response: cannot parse BasicOCSPResponse", { cause: error });
  }
}
