/**
 * Who may sign an OCSP response about a certificate (RFC 6960 §4.2.2.2):
 *   1. the CA that issued the certificate, or
 *   2. a delegated responder: a certificate issued DIRECTLY by that CA, carrying
 *      id-kp-OCSPSigning in extendedKeyUsage.
 * (A locally configured trusted responder is a third option; this API has no input for it.)
 * The signer is located by the ResponderID (byName: its subject DN; byKey: SHA-1 of its public key
 * bits, RFC 6960 §4.2.1) among the CA itself and the response's `certs`.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { ExtendedKeyUsage, KeyUsage, KeyUsageFlags } from "@peculiar/asn1-x509";
import { bytesEqual, digest } from "./cert-id.ts";
import { type CertificateFields, certificateFields } from "./certificate-fields.ts";
import { parseCertificate } from "./ocsp-urls.ts";
import {
  OID_CE_EXT_KEY_USAGE,
  OID_CE_KEY_USAGE,
  OID_KP_OCSP_SIGNING,
  OID_PKIX_OCSP_NOCHECK,
} from "./oids.ts";
import { verifySignature } from "./signature-verify.ts";

export type ResponderId = { byName: Uint8Array } | { byKey: Uint8Array };

export type ResponderDecision =
  | { authorised: true; signer: CertificateFields; delegated: boolean; noCheck: boolean }
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
    const verdict = checkDelegatedResponder(der, fields, issuer, input.validAt, input.allowSha1);
    if (verdict.ok) return { authorised: true, signer: fields, delegated: true, noCheck: verdict.noCheck };
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
): { ok: true; noCheck: boolean } | { ok: false; reason: string } {
  // Issued directly by the CA: names chain and the CA's key verifies its signature.
  if (!bytesEqual(fields.issuerName, issuer.subjectName)) {
    return { ok: false, reason: "responder certificate is not issued by the certificate's CA" };
  }
  const cert = parseCertificate(der);
  const check = verifySignature({
    algorithm: cert.signatureAlgorithm,
    spki: issuer.spki,
    data: fields.tbs,
    signature: new Uint8Array(cert.signatureValue),
    allowSha1,
  });
  if (check !== "valid") return { ok: false, reason: `responder certificate signature: ${check}` };
  const { notBefore, notAfter } = cert.tbsCertificate.validity;
  const from = notBefore.getTime().getTime();
  const to = notAfter.getTime().getTime();
  for (const t of validAt) {
    if (t.getTime() < from || t.getTime() > to) {
      return { ok: false, reason: `responder certificate is not valid at ${t.toISOString()}` };
    }
  }
  const extensions = cert.tbsCertificate.extensions ?? [];
  const eku = extensions.find((e) => e.extnID === OID_CE_EXT_KEY_USAGE);
  if (!eku) return { ok: false, reason: "responder certificate has no extendedKeyUsage id-kp-OCSPSigning" };
  const purposes = AsnConvert.parse(eku.extnValue, ExtendedKeyUsage);
  if (!purposes.includes(OID_KP_OCSP_SIGNING)) {
    return { ok: false, reason: "responder certificate lacks id-kp-OCSPSigning" };
  }
  const ku = extensions.find((e) => e.extnID === OID_CE_KEY_USAGE);
  if (ku) {
    const flags = AsnConvert.parse(ku.extnValue, KeyUsage);
    // RFC 5280 §4.2.1.3: signing anything but certificates/CRLs needs digitalSignature.
    if ((flags.toNumber() & KeyUsageFlags.digitalSignature) === 0) {
      return { ok: false, reason: "responder certificate keyUsage lacks digitalSignature" };
    }
  }
  // RFC 6960 §4.2.2.2.1: with id-pkix-ocsp-nocheck the responder certificate itself is not checked
  // for revocation; without it the relying party's policy decides (reported through `noCheck`).
  return { ok: true, noCheck: extensions.some((e) => e.extnID === OID_PKIX_OCSP_NOCHECK) };
}
