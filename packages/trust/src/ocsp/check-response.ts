/**
 * Checks an OCSP response about one certificate (RFC 6960 §3.2), as a pipeline of named steps:
 *   parse → find the SingleResponse for our CertID → authorise the responder → verify the
 *   signature over the original tbsResponseData → nonce → thisUpdate/nextUpdate → status.
 * Garbage throws MalformedInputError; every other failure is an "unknown" RevocationStatus with a
 * code the path validator maps to `revocation-unavailable` or `revocation-stale`.
 */

import { MalformedInputError } from "../errors.ts";
import { revocationReasonOf } from "../revocation/reason-codes.ts";
import type { RevocationStatus } from "../revocation/types.ts";
import type { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { bytesEqual, certIdMatches } from "./cert-id.ts";
import { type CertificateFields, certificateFields } from "./certificate-fields.ts";
import { readTlv } from "./der.ts";
import { OID_PKIX_OCSP_NONCE } from "./oids.ts";
import { parseOcspResponseCached } from "./parse-cache.ts";
import type { ExtensionValue, SingleResponseValue } from "./parse-response.ts";
import { authoriseResponder, type ResponderDecision } from "./responder-authorisation.ts";
import { verifySignature } from "./signature-verify.ts";

export const DEFAULT_OCSP_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A response without nextUpdate is considered stale this long after its thisUpdate. */
export const DEFAULT_OCSP_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface CheckOcspResponseInput {
  response: Uint8Array;
  certificate: Uint8Array;
  issuer: Uint8Array;
  /** Validation time: the response must be fresh at this time and the responder certificate valid. */
  at: Date;
  expectedNonce?: Uint8Array;
  clockSkewMs?: number;
  allowSha1?: boolean;
  /** Staleness limit for responses without nextUpdate; default 24 h. */
  maxAgeMs?: number;
  /** The current time, to refuse responses "from the future" (default: the system clock). */
  now?: Date;
  /**
   * A memo of certificate signature checks shared with the path validator (signature-cache.ts):
   * a delegated responder's certificate is the same in every response it signs, so its
   * signature is verified once, not once per response. Only the signature is memoised; validity
   * dates, extended key usage and the response itself are checked on every call.
   */
  signatureCache?: SignatureCheckCache;
}

type Unknown = Extract<RevocationStatus, { status: "unknown" }>;

const unavailable = (message: string): Unknown => ({
  status: "unknown",
  code: "revocation-unavailable",
  message,
});
const stale = (message: string): Unknown => ({ status: "unknown", code: "revocation-stale", message });

/** A status and, for a delegated responder, what the caller needs to check its revocation. */
export interface OcspCheckResult {
  status: RevocationStatus;
  /**
   * The delegated responder that signed a good or revoked answer. Without id-pkix-ocsp-nocheck
   * (`noCheck: false`) the relying party checks the responder certificate's own revocation
   * (RFC 6960 §4.2.2.2.1) before trusting the answer.
   */
  delegatedResponder?: { certificate: Uint8Array; noCheck: boolean };
}

/**
 * A "revoked" result is returned whatever its revocationTime; the caller compares it with its
 * validation time (RFC 5280 §6.3.3 semantics belong to the path validator).
 */
export function checkOcspResponse(input: CheckOcspResponseInput): RevocationStatus {
  return checkOcspResponseDetailed(input).status;
}

/** checkOcspResponse, also naming a delegated responder whose own revocation the caller checks. */
export function checkOcspResponseDetailed(input: CheckOcspResponseInput): OcspCheckResult {
  const status = checkStatus(input);
  const responder = status.responder;
  if (status.result.status === "unknown" || !responder?.delegated || !responder.certificate)
    return { status: status.result };
  return {
    status: status.result,
    delegatedResponder: { certificate: responder.certificate, noCheck: responder.noCheck },
  };
}

function checkStatus(input: CheckOcspResponseInput): {
  result: RevocationStatus;
  responder?: Extract<ResponderDecision, { authorised: true }>;
} {
  const result = (r: RevocationStatus) => ({ result: r });
  const certificate = certificateFields(input.certificate);
  const issuer = certificateFields(input.issuer);
  const parsed = parseOcspResponseCached(input.response);
  if (parsed.kind === "unsuccessful") return result(unavailable(`OCSP responder answered ${parsed.status}`));
  if (parsed.kind === "unsupported-type")
    return result(unavailable(`unsupported OCSP response type ${parsed.responseType}`));
  const skew = input.clockSkewMs ?? DEFAULT_OCSP_CLOCK_SKEW_MS;

  const single = findSingleResponse(parsed.responses, certificate, issuer);
  if (!single) return result(unavailable("the OCSP response is not about this certificate"));

  const responder = authoriseResponder({
    responderId: parsed.responderId,
    issuer,
    certs: parsed.certs,
    validAt: [parsed.producedAt, input.at],
    allowSha1: input.allowSha1,
    ...(input.signatureCache ? { signatureCache: input.signatureCache } : {}),
  });
  if (!responder.authorised) return result(unavailable(`unauthorised OCSP responder: ${responder.reason}`));

  const signature = verifySignature({
    algorithm: parsed.signatureAlgorithm,
    spki: responder.signer.spki,
    data: parsed.tbsResponseData,
    signature: parsed.signature,
    allowSha1: input.allowSha1,
  });
  if (signature !== "valid") return result(unavailable(`OCSP response signature: ${signature}`));

  const critical = unknownCriticalExtension([...parsed.responseExtensions, ...single.extensions]);
  if (critical)
    return result(unavailable(`the OCSP response has an unrecognised critical extension ${critical}`));

  const nonceProblem = checkNonce(parsed.responseExtensions, input.expectedNonce);
  if (nonceProblem) return result(unavailable(nonceProblem));

  const timeProblem = checkTimes(single, input, skew);
  if (timeProblem) return result(timeProblem);

  return { result: statusOf(single), responder };
}

function findSingleResponse(
  responses: SingleResponseValue[],
  certificate: CertificateFields,
  issuer: CertificateFields,
): SingleResponseValue | undefined {
  return responses.find((r) => certIdMatches(r.certId, certificate, issuer));
}

/** Extensions we understand; RFC 6960 §4.4 — an unrecognised critical one makes the response unusable. */
const KNOWN_EXTENSIONS = new Set([OID_PKIX_OCSP_NONCE]);

function unknownCriticalExtension(extensions: ExtensionValue[]): string | undefined {
  return extensions.find((e) => e.critical && !KNOWN_EXTENSIONS.has(e.oid))?.oid;
}

/** RFC 8954 §2.1: the response must echo the request's nonce. */
function checkNonce(extensions: ExtensionValue[], expected: Uint8Array | undefined): string | undefined {
  if (!expected) return undefined;
  const ext = extensions.find((e) => e.oid === OID_PKIX_OCSP_NONCE);
  if (!ext) return "the OCSP response carries no nonce";
  const value = ext.value;
  // Correct form: extnValue holds a DER OCTET STRING; some responders put the raw nonce.
  let inner: Uint8Array | undefined;
  try {
    const tlv = readTlv(value, 0);
    if (tlv.tag === 0x04 && tlv.end === value.length) inner = value.subarray(tlv.contentStart);
  } catch {
    inner = undefined;
  }
  if ((inner && bytesEqual(inner, expected)) || bytesEqual(value, expected)) return undefined;
  return "the OCSP response nonce does not match the request";
}

/** RFC 6960 §3.2 items 4–5 and §4.2.2.1: thisUpdate not in the future; nextUpdate not passed. */
function checkTimes(
  single: SingleResponseValue,
  input: CheckOcspResponseInput,
  skew: number,
): Unknown | undefined {
  const at = input.at.getTime();
  const now = Math.max((input.now ?? new Date()).getTime(), at);
  const thisUpdate = single.thisUpdate.getTime();
  if (thisUpdate > now + skew) return unavailable("OCSP thisUpdate is in the future");
  if (single.nextUpdate) {
    if (single.nextUpdate.getTime() < single.thisUpdate.getTime()) {
      throw new MalformedInputError("OCSP nextUpdate precedes thisUpdate");
    }
    if (single.nextUpdate.getTime() + skew < at) {
      return stale(`OCSP response expired at ${single.nextUpdate.toISOString()}`);
    }
  } else if (at - thisUpdate > (input.maxAgeMs ?? DEFAULT_OCSP_MAX_AGE_MS) + skew) {
    return stale(`OCSP response from ${single.thisUpdate.toISOString()} without nextUpdate is too old`);
  }
  return undefined;
}

function statusOf(single: SingleResponseValue): RevocationStatus {
  const { status } = single;
  if (status.kind === "revoked") {
    const reason = status.reasonCode === undefined ? undefined : revocationReasonOf(status.reasonCode);
    return {
      status: "revoked",
      source: "ocsp",
      revocationTime: status.revocationTime,
      ...(reason ? { reason } : {}),
      thisUpdate: single.thisUpdate,
    };
  }
  if (status.kind === "good") {
    return {
      status: "good",
      source: "ocsp",
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    };
  }
  return unavailable("the OCSP responder does not know this certificate");
}
