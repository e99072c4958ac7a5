/**
 * Parsing of an OCSPResponse (RFC 6960 §4.2.1) with the trust library's zero-copy DER reader —
 * a schema library costs tens of milliseconds per response, this costs microseconds:
 *   OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 *   ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
 *   BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
 *                                    signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 *   ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
 *                               producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
 *                               responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
 *   SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 *                                 nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL,
 *                                 singleExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
 *   RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 * Structural garbage throws MalformedInputError; a well-formed "unsuccessful" answer does not.
 */
import { MalformedInputError } from "../errors.ts";
import { decodeBitString, decodeBoolean, decodeOid, decodeSmallInt, decodeTime } from "../x509/der/decode.ts";
import {
  children,
  content,
  type DerNode,
  encoded,
  expectTag,
  inner,
  malformed,
  readRoot,
  TAG,
} from "../x509/der/reader.ts";
import { OID_PKIX_OCSP_BASIC } from "./oids.ts";

/** OCSP responses are small; this bounds memory and parse time for hostile input. */
export const MAX_OCSP_RESPONSE_BYTES = 1024 * 1024;
/** More SingleResponses or certificates than this is not an OCSP response we accept. */
const MAX_ITEMS = 1000;

const STATUS_NAMES = [
  "successful",
  "malformedRequest",
  "internalError",
  "tryLater",
  "4",
  "sigRequired",
  "unauthorized",
];

export interface SignatureAlgorithm {
  algorithm: string;
  /** DER of the parameters, when present. */
  parameters?: ArrayBuffer;
}

export interface CertIdValue {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  /** INTEGER content octets. */
  serialNumber: Uint8Array;
}

export interface ExtensionValue {
  oid: string;
  critical: boolean;
  /** extnValue's content (the DER of the extension's value). */
  value: Uint8Array;
}

export type CertStatusValue =
  | { kind: "good" }
  | { kind: "revoked"; revocationTime: Date; reasonCode?: number }
  | { kind: "unknown" };

export interface SingleResponseValue {
  certId: CertIdValue;
  status: CertStatusValue;
  thisUpdate: Date;
  nextUpdate?: Date;
  extensions: ExtensionValue[];
}

export interface BasicOcspResponse {
  /** Original DER of tbsResponseData — the signed bytes (never a re-encoding). */
  tbsResponseData: Uint8Array;
  /** The responderID's inner value as encoded: a Name (byName) or the key hash (byKey). */
  responderId: { byName: Uint8Array } | { byKey: Uint8Array };
  producedAt: Date;
  responses: SingleResponseValue[];
  responseExtensions: ExtensionValue[];
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
  /** Original DER of each certificate in `certs`. */
  certs: Uint8Array[];
}

export type ParsedOcspResponse =
  | { kind: "unsuccessful"; status: string }
  | { kind: "unsupported-type"; responseType: string }
  | ({ kind: "basic" } & BasicOcspResponse);

export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  if (der.length > MAX_OCSP_RESPONSE_BYTES) throw new MalformedInputError("OCSP response too large");
  const top = children(expectTag(readRoot(der), TAG.SEQUENCE, "OCSPResponse"), 2);
  const status = decodeSmallInt(expectTag(top[0], TAG.ENUMERATED, "responseStatus"));
  if (status !== 0) return { kind: "unsuccessful", status: STATUS_NAMES[status] ?? String(status) };
  const bytesNode = top[1];
  if (bytesNode?.tag !== 0xa0) malformed("OCSP response: successful but no responseBytes");
  const [typeNode, responseNode] = children(expectTag(inner(bytesNode), TAG.SEQUENCE, "ResponseBytes"), 2);
  const responseType = decodeOid(expectTag(typeNode, TAG.OID, "responseType"));
  if (responseType !== OID_PKIX_OCSP_BASIC) return { kind: "unsupported-type", responseType };
  const octets = expectTag(responseNode, TAG.OCTET_STRING, "response");
  return { kind: "basic", ...parseBasic(inner(octets)) };
}

function parseBasic(node: DerNode): BasicOcspResponse {
  const [tbs, algorithm, signature, certsNode] = children(
    expectTag(node, TAG.SEQUENCE, "BasicOCSPResponse"),
    4,
  );
  const tbsNode = expectTag(tbs, TAG.SEQUENCE, "tbsResponseData");
  const fields = children(tbsNode, 5);
  let i = 0;
  if (fields[0]?.tag === 0xa0) {
    if (decodeSmallInt(expectTag(inner(fields[0]), TAG.INTEGER, "version")) !== 0)
      malformed("OCSP: unknown ResponseData version");
    i = 1;
  }
  const idNode = fields[i++];
  let responderId: BasicOcspResponse["responderId"];
  if (idNode?.tag === 0xa1)
    responderId = { byName: encoded(expectTag(inner(idNode), TAG.SEQUENCE, "byName")) };
  else if (idNode?.tag === 0xa2)
    responderId = { byKey: content(expectTag(inner(idNode), TAG.OCTET_STRING, "byKey")) };
  else malformed("OCSP: bad responderID");
  const producedAt = decodeTime(expectTag(fields[i++], TAG.GENERALIZED_TIME, "producedAt"));
  const responses = children(expectTag(fields[i++], TAG.SEQUENCE, "responses"), MAX_ITEMS).map(parseSingle);
  const extNode = fields[i];
  const responseExtensions = extNode?.tag === 0xa1 ? parseExtensions(inner(extNode)) : [];
  const certs =
    certsNode?.tag === 0xa0
      ? children(expectTag(inner(certsNode), TAG.SEQUENCE, "certs"), MAX_ITEMS).map((c) =>
          encoded(expectTag(c, TAG.SEQUENCE, "certificate")),
        )
      : [];
  return {
    tbsResponseData: encoded(tbsNode),
    responderId,
    producedAt,
    responses,
    responseExtensions,
    signatureAlgorithm: parseAlgorithm(expectTag(algorithm, TAG.SEQUENCE, "signatureAlgorithm")),
    signature: decodeBitString(expectTag(signature, TAG.BIT_STRING, "signature")).bytes,
    certs,
  };
}

function parseAlgorithm(node: DerNode): SignatureAlgorithm {
  const [oid, params] = children(node, 2);
  const algorithm = decodeOid(expectTag(oid, TAG.OID, "algorithm"));
  return params ? { algorithm, parameters: new Uint8Array(encoded(params)).buffer } : { algorithm };
}

function parseSingle(node: DerNode): SingleResponseValue {
  const [idNode, statusNode, thisUpdateNode, ...rest] = children(
    expectTag(node, TAG.SEQUENCE, "SingleResponse"),
    5,
  );
  const [hashAlg, nameHash, keyHash, serial] = children(expectTag(idNode, TAG.SEQUENCE, "CertID"), 4);
  const certId: CertIdValue = {
    hashAlgorithm: parseAlgorithm(expectTag(hashAlg, TAG.SEQUENCE, "hashAlgorithm")).algorithm,
    issuerNameHash: content(expectTag(nameHash, TAG.OCTET_STRING, "issuerNameHash")),
    issuerKeyHash: content(expectTag(keyHash, TAG.OCTET_STRING, "issuerKeyHash")),
    serialNumber: content(expectTag(serial, TAG.INTEGER, "serialNumber")),
  };
  let status: CertStatusValue;
  if (statusNode?.tag === 0x80) status = { kind: "good" };
  else if (statusNode?.tag === 0x82) status = { kind: "unknown" };
  else if (statusNode?.tag === 0xa1) {
    const [timeNode, reasonNode] = children(statusNode, 2);
    const revocationTime = decodeTime(expectTag(timeNode, TAG.GENERALIZED_TIME, "revocationTime"));
    status =
      reasonNode?.tag === 0xa0
        ? {
            kind: "revoked",
            revocationTime,
            reasonCode: decodeSmallInt(expectTag(inner(reasonNode), TAG.ENUMERATED, "revocationReason")),
          }
        : { kind: "revoked", revocationTime };
  } else malformed("OCSP: bad certStatus");
  const thisUpdate = decodeTime(expectTag(thisUpdateNode, TAG.GENERALIZED_TIME, "thisUpdate"));
  let nextUpdate: Date | undefined;
  let extensions: ExtensionValue[] = [];
  for (const node of rest) {
    if (node.tag === 0xa0)
      nextUpdate = decodeTime(expectTag(inner(node), TAG.GENERALIZED_TIME, "nextUpdate"));
    else if (node.tag === 0xa1) extensions = parseExtensions(inner(node));
    else malformed("OCSP: unexpected SingleResponse field");
  }
  return { certId, status, thisUpdate, ...(nextUpdate ? { nextUpdate } : {}), extensions };
}

/** Extensions ::= SEQUENCE OF SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function parseExtensions(node: DerNode): ExtensionValue[] {
  return children(expectTag(node, TAG.SEQUENCE, "Extensions"), 100).map((ext) => {
    const parts = children(expectTag(ext, TAG.SEQUENCE, "Extension"), 3);
    const oid = decodeOid(expectTag(parts[0], TAG.OID, "extnID"));
    const critical = parts.length === 3 ? decodeBoolean(expectTag(parts[1], TAG.BOOLEAN, "critical")) : false;
    const value = content(expectTag(parts[parts.length - 1], TAG.OCTET_STRING, "extnValue"));
    return { oid, critical, value };
  });
}
