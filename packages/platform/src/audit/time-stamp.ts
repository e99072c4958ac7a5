/**
 * Time-stamps for checkpoints (RFC 3161): ask a TSA to stamp a digest and keep the token, and
 * check a kept token later — its CMS signature and imprint (@tilts/trust), and the TSA's
 * certificate path to the configured anchors at the stamped time (RFC 5280, purpose
 * timeStamping). The TSA is a function, so tests and the testbed can answer in process.
 */
import { randomBytes } from "node:crypto";
import {
  buildTimeStampRequest,
  parseTimeStampResponse,
  validateCertificatePath,
  verifyTimeStampToken,
} from "@tilts/trust";

/** Sends a DER TimeStampReq, resolves with the DER TimeStampResp. */
export type TimeStampAuthority = (request: Uint8Array) => Promise<Uint8Array>;

export class TimeStampError extends Error {
  override name = "TimeStampError";
}

/** A TSA answer larger than this is refused (a token with its chain is a few kilobytes). */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** RFC 3161 §3.4: HTTP POST application/timestamp-query, answered with application/timestamp-reply. */
export function httpTimeStampAuthority(url: string, timeoutMs = 15_000): TimeStampAuthority {
  return async (request) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
        body: Buffer.from(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new TimeStampError(`the TSA cannot be reached: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new TimeStampError(`the TSA answered HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_RESPONSE_BYTES) throw new TimeStampError("the TSA's answer is too large");
    return body;
  };
}

/**
 * Stamps a SHA-256 digest: a fresh nonce, the TSA's certificates asked for (certReq, so the
 * token carries what its verification needs), and the answer checked before it is kept.
 */
export async function requestTimeStamp(tsa: TimeStampAuthority, digest: Uint8Array): Promise<Uint8Array> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f;
  const response = parseTimeStampResponse(await tsa(buildTimeStampRequest({ digest, nonce, certReq: true })));
  // PKIStatus granted (0) or grantedWithMods (1), RFC 3161 §2.4.2.
  if (response.status > 1 || !response.token)
    throw new TimeStampError(
      `the TSA refused: status ${response.status} ${response.statusText ?? ""}`.trim(),
    );
  const check = verifyTimeStampToken(response.token);
  if (!check.valid) throw new TimeStampError(`the TSA's token does not verify: ${check.message}`);
  if (!Buffer.from(check.info.messageImprint.hashedMessage).equals(Buffer.from(digest)))
    throw new TimeStampError("the TSA stamped another digest");
  // The nonce is an INTEGER: compared by value, whatever leading zero octets either side wrote.
  const asNumber = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
  if (!check.info.nonce || asNumber(check.info.nonce) !== asNumber(nonce))
    throw new TimeStampError("the TSA's answer does not echo our nonce");
  return response.token;
}

export type TokenCheck = { valid: true; genTime: Date } | { valid: false; message: string };

/** SHA-256's OID: the only imprint algorithm checkpoints use. */
const OID_SHA256 = "2.16.840.1.101.3.4.2.1";

/**
 * A kept token: signed by a TSA whose certificate chains to `anchors` at the token's time, over
 * exactly `digest` (SHA-256).
 */
export async function checkTimeStampToken(
  token: Uint8Array,
  digest: Uint8Array,
  anchors: Uint8Array[],
): Promise<TokenCheck> {
  let check: ReturnType<typeof verifyTimeStampToken>;
  try {
    check = verifyTimeStampToken(token);
  } catch (error) {
    return { valid: false, message: `the time-stamp token cannot be read: ${(error as Error).message}` };
  }
  if (!check.valid) return { valid: false, message: `the time-stamp token's signature: ${check.message}` };
  const imprint = check.info.messageImprint;
  if (imprint.hashAlgorithm !== OID_SHA256 || !Buffer.from(imprint.hashedMessage).equals(Buffer.from(digest)))
    return { valid: false, message: "the time-stamp token stamps another signature (message imprint)" };
  if (anchors.length === 0)
    return { valid: false, message: "no TSA trust anchors are configured (AUDIT_TSA_TRUST_ANCHORS)" };
  const path = await validateCertificatePath({
    leaf: check.signerCertificate,
    untrusted: check.certificates,
    anchors,
    at: check.info.genTime,
    purpose: "timeStamping",
    // The token's own time is what is proven; revocation after it does not undo the stamp, and an
    // offline audit must not depend on the TSA's CRL being reachable.
    revocation: "off",
  });
  if (!path.valid)
    return {
      valid: false,
      message:
        `the TSA's certificate is not trusted: ${path.failure?.code ?? "no-path"} ${path.failure?.message ?? ""}`.trim(),
    };
  return { valid: true, genTime: check.info.genTime };
}
