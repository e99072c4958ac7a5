/**
 * EN 319 102-1 §5.2.3 (identification of the signing certificate) for XAdES: the certificate
 * whose key verified the SignatureValue must be the one the signed SigningCertificateV2 (or
 * the legacy v1 SigningCertificate, still found in Latvian files) names by digest. A mismatch
 * in IssuerSerial with a matching digest is only a warning (the digest binds the certificate).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { certificateFields, serialToHex } from "../ocsp/certificate-fields.ts";
import { hashOfDigestUri } from "../xades/algorithms.ts";
import type { SigningCertificateRef } from "../xades/read-properties.ts";
import { issuerSerialDer } from "../xades/signed-properties.ts";
import type { ReportMessage } from "./types.ts";

export type SigningCertificateCheck =
  | { ok: true; warnings: ReportMessage[]; sha1: boolean }
  | { ok: false; message: string };

export function checkSigningCertificate(
  certificate: Uint8Array,
  refs: SigningCertificateRef[],
): SigningCertificateCheck {
  if (refs.length === 0) return { ok: false, message: "no SigningCertificate(V2) property" };
  for (const ref of refs) {
    const hash = hashOfDigestUri(ref.digestUri);
    if (!hash) continue;
    const digest = createHash(hash).update(certificate).digest();
    if (digest.length !== ref.digest.length || !timingSafeEqual(digest, ref.digest)) continue;
    const warnings: ReportMessage[] = [];
    if (ref.version === 1)
      warnings.push({ code: "signing-certificate-v1", message: "legacy SigningCertificate (v1) property" });
    if (ref.issuerSerialDer && !bytesEqual(ref.issuerSerialDer, issuerSerialDer(certificate)))
      warnings.push({
        code: "issuer-serial-mismatch",
        message: "IssuerSerialV2 does not match the certificate",
      });
    if (ref.serialDecimal !== undefined) {
      const hex = serialToHex(certificateFields(certificate).serial);
      let ok = false;
      try {
        ok = BigInt(ref.serialDecimal) === BigInt(`0x${hex}`);
      } catch {
        ok = false;
      }
      if (!ok) warnings.push({ code: "issuer-serial-mismatch", message: "X509SerialNumber does not match" });
    }
    return { ok: true, warnings, sha1: hash === "sha1" };
  }
  return {
    ok: false,
    message: "no SigningCertificate digest matches the certificate that verified the signature",
  };
}
