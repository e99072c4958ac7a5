/**
 * TimeStampReq (RFC 3161 §2.4.1) — building (clients, tests) and parsing (the testbed's TSA).
 *   TimeStampReq ::= SEQUENCE { version INTEGER { v1(1) }, messageImprint MessageImprint,
 *     reqPolicy TSAPolicyId OPTIONAL, nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE,
 *     extensions [0] IMPLICIT Extensions OPTIONAL }
 */
import { createHash } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { MessageImprint, TimeStampReq } from "@peculiar/asn1-tsp";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { MalformedInputError } from "../errors.ts";
import { toArrayBuffer } from "../ocsp/cert-id.ts";
import { readTlv } from "../ocsp/der.ts";
import { type HashName, hashNameOf, hashOids } from "../ocsp/hash-algorithms.ts";

export const MAX_TIME_STAMP_REQUEST_BYTES = 16 * 1024;

export interface TimeStampRequestInput {
  /** The data to stamp, or its digest in `digest`. */
  data?: Uint8Array;
  digest?: Uint8Array;
  hash?: HashName;
  nonce?: Uint8Array;
  certReq?: boolean;
  policy?: string;
}

export function buildTimeStampRequest(input: TimeStampRequestInput): Uint8Array {
  const hash = input.hash ?? "sha256";
  const digest =
    input.digest ?? (input.data ? new Uint8Array(createHash(hash).update(input.data).digest()) : undefined);
  if (!digest) throw new TypeError("buildTimeStampRequest needs data or digest");
  const request = new TimeStampReq({
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: hashOids[hash] }),
      hashedMessage: new OctetString(digest),
    }),
    reqPolicy: input.policy,
    nonce: input.nonce ? toArrayBuffer(positive(input.nonce)) : undefined,
    certReq: input.certReq ?? false,
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/** A positive INTEGER encoding of arbitrary bytes (prefix 0x00 when the top bit is set). */
function positive(bytes: Uint8Array): Uint8Array {
  return (bytes[0] ?? 0) & 0x80 ? new Uint8Array([0, ...bytes]) : bytes;
}

export interface ParsedTimeStampRequest {
  hashAlgorithm: string;
  hash: HashName | undefined;
  hashedMessage: Uint8Array;
  reqPolicy?: string;
  /** INTEGER content octets, echoed as is. */
  nonce?: Uint8Array;
  certReq: boolean;
  hasExtensions: boolean;
}

export function parseTimeStampRequest(der: Uint8Array): ParsedTimeStampRequest {
  if (der.length > MAX_TIME_STAMP_REQUEST_BYTES)
    throw new MalformedInputError("time-stamp request too large");
  let request: TimeStampReq;
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new Error("not one DER SEQUENCE");
    request = AsnConvert.parse(der, TimeStampReq);
  } catch (error) {
    throw new MalformedInputError("time-stamp request: cannot parse DER", { cause: error });
  }
  if (request.version !== 1) throw new MalformedInputError("time-stamp request: version must be 1");
  const algorithm = request.messageImprint.hashAlgorithm.algorithm;
  return {
    hashAlgorithm: algorithm,
    hash: hashNameOf(algorithm),
    hashedMessage: new Uint8Array(request.messageImprint.hashedMessage.buffer),
    ...(request.reqPolicy ? { reqPolicy: request.reqPolicy } : {}),
    ...(request.nonce ? { nonce: new Uint8Array(request.nonce) } : {}),
    certReq: request.certReq === true,
    hasExtensions: (request.extensions?.length ?? 0) > 0,
  };
}
