/**
 * TimeStampResp (RFC 3161 §2.4.2):
 *   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
 *   PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL,
 *                                failInfo PKIFailureInfo OPTIONAL }
 * The token bytes are placed as built (never re-encoded), so its signature stays valid.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { PKIStatus, PKIStatusInfo } from "@peculiar/asn1-tsp";
import { MalformedInputError } from "../errors.ts";
import { childrenOf, encodeTlv, readTlv, slice } from "../ocsp/der.ts";

export type TimeStampFailure =
  | "badAlg"
  | "badRequest"
  | "badDataFormat"
  | "timeNotAvailable"
  | "unacceptedPolicy"
  | "unacceptedExtension"
  | "addInfoNotAvailable"
  | "systemFailure";

const failureBits: Record<TimeStampFailure, number> = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
};

export function buildTimeStampGranted(token: Uint8Array): Uint8Array {
  const status = new Uint8Array(AsnConvert.serialize(new PKIStatusInfo({ status: PKIStatus.granted })));
  const body = new Uint8Array(status.length + token.length);
  body.set(status, 0);
  body.set(token, status.length);
  return encodeTlv(0x30, body);
}

/** failInfo is a named-bit BIT STRING: bit n is mask 0x80 >> (n % 8) of octet n / 8 (X.690 §8.6, §11.2.2). */
function failInfoBits(bit: number): Uint8Array {
  const octets = new Uint8Array(Math.floor(bit / 8) + 1);
  octets[octets.length - 1] = 0x80 >> (bit % 8);
  const unused = 7 - (bit % 8);
  return encodeTlv(0x03, new Uint8Array([unused, ...octets]));
}

export function buildTimeStampRejection(failure: TimeStampFailure, text: string): Uint8Array {
  const status = encodeTlv(0x02, new Uint8Array([PKIStatus.rejection]));
  const freeText = encodeTlv(0x30, encodeTlv(0x0c, new Uint8Array(Buffer.from(text, "utf8"))));
  const info = encodeTlv(0x30, concat(status, freeText, failInfoBits(failureBits[failure])));
  return encodeTlv(0x30, info);
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

export const MAX_TIME_STAMP_RESPONSE_BYTES = 1024 * 1024;

/** Splits a TimeStampResp into its status and the original token bytes. */
export function parseTimeStampResponse(der: Uint8Array): {
  status: number;
  statusText?: string;
  token?: Uint8Array;
} {
  if (der.length > MAX_TIME_STAMP_RESPONSE_BYTES)
    throw new MalformedInputError("time-stamp response too large");
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new Error("not one DER SEQUENCE");
    const [statusTlv, tokenTlv] = childrenOf(der, top);
    if (!statusTlv) throw new Error("no status");
    const info = AsnConvert.parse(slice(der, statusTlv), PKIStatusInfo);
    return {
      status: info.status,
      ...(info.statusString?.length ? { statusText: info.statusString.join(" ") } : {}),
      ...(tokenTlv ? { token: slice(der, tokenTlv) } : {}),
    };
  } catch (error) {
    throw new MalformedInputError("time-stamp response: cannot parse DER", { cause: error });
  }
}
