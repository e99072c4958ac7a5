/** Object identifiers used by the OCSP module (RFC 6960, RFC 5280, RFC 8954, RFC 3279/4055/5758/8410). */

// RFC 6960 §4.2.1, Appendix B
export const OID_PKIX_OCSP = "1.3.6.1.5.5.7.48.1";
export const OID_PKIX_OCSP_BASIC = "1.3.6.1.5.5.7.48.1.1";
export const OID_PKIX_OCSP_NONCE = "1.3.6.1.5.5.7.48.1.2";
export const OID_PKIX_OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";
export const OID_KP_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

// RFC 5280 §4.2.2.1, §4.2.1.12, §4.2.1.3
export const OID_PE_AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
export const OID_AD_OCSP = OID_PKIX_OCSP;
export const OID_AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";
export const OID_CE_EXT_KEY_USAGE = "2.5.29.37";
export const OID_CE_KEY_USAGE = "2.5.29.15";

// Hash algorithms (CertID hashAlgorithm)
export const OID_SHA1 = "1.3.14.3.2.26";
export const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
export const OID_SHA384 = "2.16.840.1.101.3.4.2.2";
export const OID_SHA512 = "2.16.840.1.101.3.4.2.3";
export const OID_SHA224 = "2.16.840.1.101.3.4.2.4";

// Signature algorithms
export const OID_MD2_WITH_RSA = "1.2.840.113549.1.1.2";
export const OID_MD5_WITH_RSA = "1.2.840.113549.1.1.4";
export const OID_SHA1_WITH_RSA = "1.2.840.113549.1.1.5";
export const OID_RSASSA_PSS = "1.2.840.113549.1.1.10";
export const OID_SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
export const OID_SHA384_WITH_RSA = "1.2.840.113549.1.1.12";
export const OID_SHA512_WITH_RSA = "1.2.840.113549.1.1.13";
export const OID_SHA224_WITH_RSA = "1.2.840.113549.1.1.14";
export const OID_MGF1 = "1.2.840.113549.1.1.8";
export const OID_ECDSA_WITH_SHA1 = "1.2.840.10045.4.1";
export const OID_ECDSA_WITH_SHA224 = "1.2.840.10045.4.3.1";
export const OID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
export const OID_ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";
export const OID_ECDSA_WITH_SHA512 = "1.2.840.10045.4.3.4";
export const OID_ED25519 = "1.3.101.112";
