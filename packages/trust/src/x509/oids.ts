/** Object identifiers used by path validation and CRL processing (RFC 5280, RFC 3279, RFC 4055, RFC 8410). */

// RFC 5280 §4.2.1 certificate extensions
export const OID_SUBJECT_DIRECTORY_ATTRIBUTES = "2.5.29.9";
export const OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
export const OID_KEY_USAGE = "2.5.29.15";
export const OID_SUBJECT_ALT_NAME = "2.5.29.17";
export const OID_ISSUER_ALT_NAME = "2.5.29.18";
export const OID_BASIC_CONSTRAINTS = "2.5.29.19";
export const OID_NAME_CONSTRAINTS = "2.5.29.30";
export const OID_CRL_DISTRIBUTION_POINTS = "2.5.29.31";
export const OID_CERTIFICATE_POLICIES = "2.5.29.32";
export const OID_ANY_POLICY = "2.5.29.32.0";
export const OID_POLICY_MAPPINGS = "2.5.29.33";
export const OID_AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
export const OID_POLICY_CONSTRAINTS = "2.5.29.36";
export const OID_EXT_KEY_USAGE = "2.5.29.37";
export const OID_FRESHEST_CRL = "2.5.29.46";
export const OID_INHIBIT_ANY_POLICY = "2.5.29.54";
export const OID_AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
export const OID_SUBJECT_INFO_ACCESS = "1.3.6.1.5.5.7.1.11";
export const OID_QC_STATEMENTS = "1.3.6.1.5.5.7.1.3";
export const OID_OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";
export const OID_AD_OCSP = "1.3.6.1.5.5.7.48.1";

// RFC 5280 §5.2 CRL extensions and §5.3 entry extensions
export const OID_CRL_NUMBER = "2.5.29.20";
export const OID_DELTA_CRL_INDICATOR = "2.5.29.27";
export const OID_ISSUING_DISTRIBUTION_POINT = "2.5.29.28";
export const OID_CRL_REASON = "2.5.29.21";
export const OID_INVALIDITY_DATE = "2.5.29.24";
export const OID_CERTIFICATE_ISSUER = "2.5.29.29";

// RFC 5280 §4.2.1.12 extended key usage purposes
export const OID_ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
export const OID_KP_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const OID_KP_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
export const OID_KP_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
export const OID_KP_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
export const OID_KP_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
export const OID_KP_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

// Name attributes (X.520, PKCS #9)
export const OID_AT_COMMON_NAME = "2.5.4.3";
export const OID_AT_SURNAME = "2.5.4.4";
export const OID_AT_SERIAL_NUMBER = "2.5.4.5";
export const OID_AT_COUNTRY = "2.5.4.6";
export const OID_AT_LOCALITY = "2.5.4.7";
export const OID_AT_STATE = "2.5.4.8";
export const OID_AT_STREET = "2.5.4.9";
export const OID_AT_ORGANIZATION = "2.5.4.10";
export const OID_AT_ORGANIZATIONAL_UNIT = "2.5.4.11";
export const OID_AT_TITLE = "2.5.4.12";
export const OID_AT_GIVEN_NAME = "2.5.4.42";
export const OID_AT_ORGANIZATION_IDENTIFIER = "2.5.4.97";
export const OID_AT_DOMAIN_COMPONENT = "0.9.2342.19200300.100.1.25";
export const OID_AT_USER_ID = "0.9.2342.19200300.100.1.1";
export const OID_PKCS9_EMAIL_ADDRESS = "1.2.840.113549.1.9.1";

// Public-key algorithms
export const OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
export const OID_RSASSA_PSS = "1.2.840.113549.1.1.10";
export const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
export const OID_DSA = "1.2.840.10040.4.1";
export const OID_ED25519 = "1.3.101.112";
export const OID_ED448 = "1.3.101.113";
export const OID_MGF1 = "1.2.840.113549.1.1.8";

// Signature algorithms
export const OID_MD2_WITH_RSA = "1.2.840.113549.1.1.2";
export const OID_MD5_WITH_RSA = "1.2.840.113549.1.1.4";
export const OID_SHA1_WITH_RSA = "1.2.840.113549.1.1.5";
export const OID_SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
export const OID_SHA384_WITH_RSA = "1.2.840.113549.1.1.12";
export const OID_SHA512_WITH_RSA = "1.2.840.113549.1.1.13";
export const OID_SHA224_WITH_RSA = "1.2.840.113549.1.1.14";
export const OID_ECDSA_WITH_SHA1 = "1.2.840.10045.4.1";
export const OID_ECDSA_WITH_SHA224 = "1.2.840.10045.4.3.1";
export const OID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
export const OID_ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";
export const OID_ECDSA_WITH_SHA512 = "1.2.840.10045.4.3.4";
export const OID_DSA_WITH_SHA1 = "1.2.840.10040.4.3";
export const OID_DSA_WITH_SHA224 = "2.16.840.1.101.3.4.3.1";
export const OID_DSA_WITH_SHA256 = "2.16.840.1.101.3.4.3.2";

// Hash algorithms (for RSASSA-PSS parameters, RFC 4055 §3.1)
export const OID_SHA1 = "1.3.14.3.2.26";
export const OID_SHA224 = "2.16.840.1.101.3.4.2.4";
export const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
export const OID_SHA384 = "2.16.840.1.101.3.4.2.2";
export const OID_SHA512 = "2.16.840.1.101.3.4.2.3";
export const OID_HOLD_INSTRUCTION_CODE = "2.5.29.23";
export const OID_EXPIRED_CERTS_ON_CRL = "2.5.29.60";
