/**
 * What the composition may set for the signing module: tests fix the clock and answer OCSP and
 * CRL requests in process; a running server reaches the responders named in the certificates.
 */
import type { RevocationFetchers, TrustedList } from "@tilts/trust";
import type { ReportSeal } from "./report/report-seal.ts";

export interface SigningHooks {
  now?: () => Date;
  /** Default: HTTP to the OCSP responders, CRLs and CA certificates the certificates name. */
  fetchers?: RevocationFetchers;
  /** Trust anchors instead of SIGNING_SIGNATURE_ANCHORS / the testbed root. */
  anchors?: () => Uint8Array[];
  /** Trusted lists that decide a signature's qualification (QES, AdES with a qualified certificate). */
  trustedLists?: () => TrustedList[];
  /** The seal on the validation reports instead of SIGNING_REPORT_SEAL and SIGNING_TSA_URL. */
  reportSeal?: ReportSeal;
}
