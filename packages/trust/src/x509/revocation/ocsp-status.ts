/**
 * OCSP in the revocation step (RFC 6960 via the ocsp module): responses supplied by the caller
 * first, then the responder named in the certificate's AIA when a fetcher is injected. Only a
 * definitive answer (good or revoked) is returned; anything else lets the caller fall back to CRLs.
 */
import { buildOcspRequest, checkOcspResponse } from "../../ocsp/index.ts";
import type { RevocationStatus } from "../../revocation/types.ts";
import type { ParsedCertificate } from "../cert/certificate.ts";
import type { ValidationContext } from "../path/context.ts";

function check(
  ctx: ValidationContext,
  response: Uint8Array,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): RevocationStatus | undefined {
  try {
    const status = checkOcspResponse({
      response,
      certificate: cert.der,
      issuer: issuer.der,
      at: ctx.at,
      allowSha1: ctx.allowSha1,
      clockSkewMs: ctx.clockSkewMs,
    });
    return status.status === "unknown" ? undefined : status;
  } catch {
    // Garbage (MalformedInputError) or anything else the OCSP module trips on: no answer from
    // this response; a bad response must never take the whole validation down.
    return undefined;
  }
}

export async function ocspStatus(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): Promise<RevocationStatus | undefined> {
  for (const response of ctx.ocspResponses) {
    const status = check(ctx, response, cert, issuer);
    if (status) return status;
  }
  if (!ctx.fetchOcsp) return undefined;
  for (const url of cert.ocspUrls.slice(0, 4)) {
    let response: Uint8Array | undefined;
    try {
      const request = buildOcspRequest({ certificate: cert.der, issuer: issuer.der });
      response = await ctx.fetchOcsp(url, request);
    } catch {
      continue; // network trouble is "no answer", CRLs may still settle it
    }
    if (!response) continue;
    const status = check(ctx, response, cert, issuer);
    if (status) return status;
  }
  return undefined;
}
