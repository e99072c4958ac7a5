/** Object identifiers for RFC 3161 time-stamping and the CMS structures around it (RFC 5652, RFC 5035). */
export const OID_CT_TST_INFO = "1.2.840.113549.1.9.16.1.4";
export const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";
export const OID_AA_CONTENT_TYPE = "1.2.840.113549.1.9.3";
export const OID_AA_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
export const OID_AA_SIGNING_TIME = "1.2.840.113549.1.9.5";
/** RFC 5035 §3: id-aa-signingCertificateV2. */
export const OID_AA_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";
/** RFC 2634 §5.4: id-aa-signingCertificate (v1, SHA-1). */
export const OID_AA_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12";
