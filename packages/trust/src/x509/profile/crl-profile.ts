/**
 * The strict profile for CRLs and their signers (RFC 5280 §5.2.3, §4.2.1.3): a CRL carries a
 * non-critical cRLNumber, and the certificate whose key signed it asserts cRLSign in keyUsage
 * (the default profile, like §6.3.3 (f), accepts a signer without a keyUsage extension).
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import { KEY_USAGE } from "../cert/extensions.ts";
import type { ParsedCrl } from "../crl/parse-crl.ts";
import type { ProfileViolation } from "./certificate-profile.ts";
import type { CertificateProfile } from "./codes.ts";

export function crlProfileViolation(
  profile: CertificateProfile,
  crl: ParsedCrl,
): (ProfileViolation & { code: "profile-crl-number" }) | undefined {
  if (profile !== "strict") return undefined;
  if (crl.crlNumber === undefined)
    return { code: "profile-crl-number", message: `the CRL of ${crl.issuerString} has no cRLNumber` };
  if (crl.crlNumberCritical)
    return { code: "profile-crl-number", message: `the CRL of ${crl.issuerString} marks cRLNumber critical` };
  return undefined;
}

/** May this certificate's key sign CRLs under the profile? */
export function mayIssueCrls(profile: CertificateProfile, cert: ParsedCertificate): boolean {
  if (!cert.keyUsage) return profile !== "strict";
  return cert.keyUsage.has(KEY_USAGE.cRLSign);
}
