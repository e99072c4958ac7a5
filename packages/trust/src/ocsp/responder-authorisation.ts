/**
 * Who may sign an OCSP response about a certificate (RFC 6960 §4.2.2.2):
 *   1. the CA that issued the certificate, or
 *   2. a delegated responder: a certificate issued DIRECTLY by that CA, carrying
 *      id-kp-OCSPSigning in extendedKeyUsage.
 * (A locally configured trusted responder is a third option; this API has no input for it.)
 * The signer is located by the ResponderID (byName: its subject DN; byKey: SHA-1 of its public key
 * bits, RFC 6960 §4.2.1) among the CA itself and the response's `certs`.
 */
import { createHash } from "node:crypto";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { encoded } from "../x509/der/reader.ts";
import type { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { bytesEqual, digest } from "./cert-id.ts";
import { type CertificateFields, certificateFields } from "./certificate-fields.ts";
import { OID_KP_OCSP_SIGNING, OID_PKIX_OCSP_NOCHECK } from "./oids.ts";
import { verifySignature } from "./signature-verify.ts";

export type ResponderId = { byName: Uint8Array } | { byKey: Uint8Array };

export type ResponderDecision =
  | {
      authorised: true;
      signer: CertificateFields;
      delegated: boolean;
      noCheck: boolean;
      /** DER of a delegated responder's certificate (for its own revocation check, RFC 6960 §4.2.2.2.1). */
      certificate?: Uint8Array;
    }
  | { authorised: false; reason: string };

function matchesResponderId(candidate: CertificateFields, id: ResponderId): boolean {
  if ("byName" in id) return bytesEqual(candidate.subjectName, id.byName);
  return bytesEqual(digest("sha1", candidate.subjectPublicKey), id.byKey);
}

export function authoriseResponder(input: {
  responderId: ResponderId;
  issuer: CertificateFields;
  certs: Uint8Array[];
  /** Times at which a delegated responder certificate must be valid. */
  validAt: Date[];
  allowSha1?: boolean;
  signatureCache?: SignatureCheckCache;
}): ResponderDecision {
  const { issuer, responderId } = input;
  if (matchesResponderId(issuer, responderId)) {
    return { authorised: true, signer: issuer, delegated: false, noCheck: false };
  }
  let lastReason = "no certificate in the response matches the ResponderID";
  for (const der of input.certs) {
    let fields: CertificateFields;
    try {
      fields = certificateFields(der);
    } catch {
      continue;
    }
    if (!matchesResponderId(fields, responderId)) continue;
    let verdict: ReturnType<typeof checkDelegatedResponder>;
    try {
      verdict = checkDelegatedResponder(
        der,
        fields,
        issuer,
        input.validAt,
        input.allowSha1,
        input.signatureCache,
      );
    } catch {
      // A certificate in `certs` we cannot parse authorises nothing.
      continue;
    }
    if (verdict.ok)
      return {
        authorised: true,
        signer: fields,
        delegated: true,
        noCheck: verdict.noCheck,
        certificate: der,
      };
    lastReason = verdict.reason;
  }
  return { authorised: false, reason: lastReason };
}

function checkDelegatedResponder(
  der: Uint8Array,
  fields: CertificateFields,
  issuer: CertificateFields,
  validAt: Date[],
  allowSha1: boolean | undefined,
  cache: SignatureCheckCache | undefined,
): { ok: true; noCheck: boolean } | { ok: false; reason: string } {
  // Issued directly by the CA: names chain and the CA's key verifies its signature.
  if (!bytesEqual(fields.issuerName, issuer.subjectName)) {
    return { ok: false, reason: "responder certificate is not issued by the certificate's CA" };
  }
  const cert = parseCertificate(der);
  // Keyed by the exact certificate and issuer key bytes and the SHA-1 policy; only a valid
  // signature is remembered, so a refusal is always computed afresh.
  const cacheKey = `ocsp-responder/${allowSha1 === false ? "sha1-weak" : "sha1-ok"}/${sha256(der)}/${sha256(issuer.spki)}`;
  if (cache?.get(cacheKey) !== "ok") {
    const algorithm = cert.signatureAlgorithm;
    const check = verifySignature({
      algorithm: {
        algorithm: algorithm.oid,
        ...(algorithm.parameters ? { parameters: new Uint8Array(encoded(algorithm.parameters)).buffer } : {}),
      },
      spki: issuer.spki,
      data: fields.tbs,
      signature: cert.signature,
      allowSha1,
    });
    if (check !== "valid") return { ok: false, reason: `responder certificate signature: ${check}` };
    cache?.set(cacheKey, "ok");
  }
  for (const t of validAt) {
    if (t.getTime() < cert.notBefore.getTime() || t.getTime() > cert.notAfter.getTime()) {
      return { ok: false, reason: `responder certificate is not valid at ${t.toISOString()}` };
    }
  }
  if (!cert.extKeyUsage)
    return { ok: false, reason: "responder certificate has no extendedKeyUsage id-kp-OCSPSigning" };
  if (!cert.extKeyUsage.includes(OID_KP_OCSP_SIGNING)) {
    return { ok: false, reason: "responder certificate lacks id-kp-OCSPSigning" };
  }
  // RFC 5280 §4.2.1.3: signing anything but certificates/CRLs needs digitalSignature (bit 0).
  if (cert.keyUsage && !cert.keyUsage.has(0)) {
    return { ok: false, reason: "responder certificate keyUsage lacks digitalSignature" };
  }
  // RFC 6960 §4.2.2.2.1: with id-pkix-ocsp-nocheck the responder certificate itself is not checked
  // for revocation; without it the relying party's policy decides (reported through `noCheck`).
  return { ok: true, noCheck: cert.extensions.has(OID_PKIX_OCSP_NOCHECK) };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}
