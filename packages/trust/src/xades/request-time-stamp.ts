/**
 * Obtains an RFC 3161 time-stamp token over some octets through the injected TSA port and
 * checks that the answer is a granted, intact token over exactly these octets.
 */
import { createHash, randomBytes } from "node:crypto";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { buildTimeStampRequest } from "../tsp/time-stamp-request.ts";
import { parseTimeStampResponse } from "../tsp/time-stamp-response.ts";
import { verifyTimeStampToken } from "../tsp/verify-token.ts";
import { XadesError } from "./errors.ts";
import type { TimeStampAuthority } from "./ports.ts";

export async function requestTimeStamp(
  tsa: TimeStampAuthority,
  data: Uint8Array,
  hash: "sha256" | "sha384" | "sha512" = "sha256",
): Promise<{ token: Uint8Array; genTime: Date; certificates: Uint8Array[] }> {
  const digest = new Uint8Array(createHash(hash).update(data).digest());
  const nonce = new Uint8Array(randomBytes(8));
  const request = buildTimeStampRequest({ digest, hash, nonce, certReq: true });
  let response: Uint8Array;
  try {
    response = await tsa(request);
  } catch (cause) {
    throw new XadesError("xades-tsa-failed", `the TSA could not be reached: ${String(cause)}`, { cause });
  }
  const parsed = parseTimeStampResponse(response);
  // RFC 3161 §2.4.2: 0 granted, 1 grantedWithMods.
  if ((parsed.status !== 0 && parsed.status !== 1) || !parsed.token) {
    throw new XadesError(
      "xades-tsa-failed",
      `the TSA refused: status ${parsed.status}${parsed.statusText ? ` (${parsed.statusText})` : ""}`,
    );
  }
  const check = verifyTimeStampToken(parsed.token);
  if (!check.valid) throw new XadesError("xades-tsa-failed", `the TSA token is not valid: ${check.message}`);
  if (!bytesEqual(check.info.messageImprint.hashedMessage, digest))
    throw new XadesError("xades-tsa-failed", "the TSA token covers other data");
  if (check.info.nonce && !bytesEqual(stripZero(check.info.nonce), stripZero(nonce)))
    throw new XadesError("xades-tsa-failed", "the TSA answered another request (nonce)");
  return { token: parsed.token, genTime: check.info.genTime, certificates: check.certificates };
}

function stripZero(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}
