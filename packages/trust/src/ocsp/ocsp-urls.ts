/** OCSP responder URLs from a certificate's AuthorityInfoAccess, id-ad-ocsp entries (RFC 5280 §4.2.2.1). */
import { AsnConvert } from "@peculiar/asn1-schema";
import { AuthorityInfoAccessSyntax, Certificate } from "@peculiar/asn1-x509";
import { MalformedInputError } from "../errors.ts";
import { MAX_CERTIFICATE_BYTES } from "./certificate-fields.ts";
import { OID_AD_CA_ISSUERS, OID_AD_OCSP, OID_PE_AUTHORITY_INFO_ACCESS } from "./oids.ts";

export function parseCertificate(der: Uint8Array): Certificate {
  if (der.length > MAX_CERTIFICATE_BYTES) throw new MalformedInputError("certificate too large");
  try {
    return AsnConvert.parse(der, Certificate);
  } catch (error) {
    throw new MalformedInputError("certificate: cannot parse DER", { cause: error });
  }
}

function aiaUrls(certificate: Uint8Array, method: string): string[] {
  const cert = parseCertificate(certificate);
  const extension = cert.tbsCertificate.extensions?.find((e) => e.extnID === OID_PE_AUTHORITY_INFO_ACCESS);
  if (!extension) return [];
  let aia: AuthorityInfoAccessSyntax;
  try {
    aia = AsnConvert.parse(extension.extnValue, AuthorityInfoAccessSyntax);
  } catch (error) {
    throw new MalformedInputError("authorityInfoAccess: cannot parse", { cause: error });
  }
  return aia
    .filter((d) => d.accessMethod === method && d.accessLocation.uniformResourceIdentifier !== undefined)
    .map((d) => d.accessLocation.uniformResourceIdentifier as string);
}

export function ocspUrlsOf(certificate: Uint8Array): string[] {
  return aiaUrls(certificate, OID_AD_OCSP);
}

/** caIssuers URLs (where the issuer's certificate can be fetched), same extension. */
export function caIssuersUrlsOf(certificate: Uint8Array): string[] {
  return aiaUrls(certificate, OID_AD_CA_ISSUERS);
}
