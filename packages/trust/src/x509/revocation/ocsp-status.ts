/**
 * OCSP in the revocation step (RFC 6960 via the ocsp module): responses supplied by the caller
 * first, then the responder named in the certificate's AIA when a fetcher is injected, with a
 * fresh nonce per request when configured (RFC 8954). Only a definitive answer (good or revoked)
 * is returned; anything else lets the caller fall back to CRLs. An answer signed by a delegated
 * responder whose certificate lacks id-pkix-ocsp-nocheck counts only once that certificate's
 * own revocation is checked (RFC 6960 §4.2.2.2.1): revoked — never; unknown — not when
 * revocation is required.
 */
import { buildOcspRequest, checkOcspResponseDetailed } from "../../ocsp/index.ts";
import type { RevocationStatus } from "../../revocation/types.ts";
import { type ParsedCertificate, parseCertificate } from "../cert/certificate.ts";
import type { ValidationContext } from "../path/context.ts";

/** The revocation status of a delegated OCSP responder's certificate (by the CA's CRLs). */
export type ResponderStatus = (responder: ParsedCertificate) => Promise<RevocationStatus>;

async function check(
  ctx: ValidationContext,
  response: Uint8Array,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  responderStatus: ResponderStatus,
  expectedNonce?: Uint8Array,
): Promise<RevocationStatus | undefined> {
  let result: ReturnType<typeof checkOcspResponseDetailed>;
  try {
    result = checkOcspResponseDetailed({
      response,
      certificate: cert.der,
      issuer: issuer.der,
      at: ctx.at,
      allowSha1: ctx.allowSha1,
      clockSkewMs: ctx.clockSkewMs,
      signatureCache: ctx.signatureCache,
      ...(expectedNonce ? { expectedNonce } : {}),
    });
  } catch {
    // Garbage (MalformedInputError) or anything else the OCSP module trips on: no answer from
    // this response; a bad response must never take the whole validation down.
    return undefined;
  }
  if (result.status.status === "unknown") return undefined;
  const responder = result.delegatedResponder;
  if (
    responder &&
    !responder.noCheck &&
    !(await responderTrusted(ctx, responder.certificate, responderStatus))
  )
    return undefined;
  return result.status;
}

async function responderTrusted(
  ctx: ValidationContext,
  der: Uint8Array,
  responderStatus: ResponderStatus,
): Promise<boolean> {
  let responder: ParsedCertificate;
  try {
    responder = parseCertificate(der);
  } catch {
    return false;
  }
  const status = await responderStatus(responder);
  if (status.status === "revoked") return false;
  return status.status === "good" || ctx.revocation !== "require";
}

export async function ocspStatus(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  responderStatus: ResponderStatus,
): Promise<RevocationStatus | undefined> {
  for (const response of ctx.ocspResponses) {
    const status = await check(ctx, response, cert, issuer, responderStatus);
    if (status) return status;
  }
  if (!ctx.fetchOcsp) return undefined;
  for (const url of cert.ocspUrls.slice(0, 4)) {
    let response: Uint8Array | undefined;
    const nonce = ctx.ocspNonceLength ? ctx.randomBytes(ctx.ocspNonceLength) : undefined;
    try {
      const request = buildOcspRequest({
        certificate: cert.der,
        issuer: issuer.der,
        ...(nonce ? { nonce } : {}),
      });
      response = await ctx.fetchOcsp(url, request);
    } catch {
      continue; // network trouble is "no answer", CRLs may still settle it
    }
    if (!response) continue;
    const status = await check(ctx, response, cert, issuer, responderStatus, nonce);
    if (status) return status;
  }
  return undefined;
}
