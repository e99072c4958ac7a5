/**
 * Small readers over a PAdES signature's CMS: the signer's certificate (by the SignerInfo's
 * sid) and the signature-time-stamp tokens of its unsigned attributes.
 */
import { OID_AA_SIGNATURE_TIME_STAMP } from "../cms/oids.ts";
import type { ParsedSignedData, ParsedSignerInfo } from "../cms/parse-signed-data.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { certificateFields, normaliseSerial } from "../ocsp/certificate-fields.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";

export function signerInfoOf(cms: ParsedSignedData): ParsedSignerInfo | undefined {
  return cms.signers[0];
}

export function signerCertificateOf(cms: ParsedSignedData, pool: Uint8Array[] = []): Uint8Array | undefined {
  const si = signerInfoOf(cms);
  if (!si) return undefined;
  for (const c of [...cms.certificates, ...pool]) {
    try {
      const f = certificateFields(c);
      if ("issuer" in si.sid) {
        if (
          bytesEqual(f.issuerName, si.sid.issuer) &&
          bytesEqual(normaliseSerial(f.serial), normaliseSerial(si.sid.serial))
        )
          return c;
      } else if (
        parseCertificate(c).subjectKeyId === Buffer.from(si.sid.subjectKeyIdentifier).toString("hex")
      )
        return c;
    } catch {
      // not a certificate we can read: next
    }
  }
  return undefined;
}

export function timeStampTokensOf(cms: ParsedSignedData): Uint8Array[] {
  const si = signerInfoOf(cms);
  return (si?.unsignedAttrs ?? [])
    .filter((a) => a.type === OID_AA_SIGNATURE_TIME_STAMP)
    .flatMap((a) => a.values);
}
