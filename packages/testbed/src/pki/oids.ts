/**
 * Object identifiers of the test PKI's certificate profiles. Sources: RFC 5280, ETSI EN 319 412-1
 * (semantics identifiers, organizationIdentifier), EN 319 412-5 (QCStatements), EN 319 411-1/-2
 * (policy identifiers), RFC 3739 (qcStatements extension), RFC 6960 (OCSP), RFC 3161 (TSA).
 */

// Name attributes (X.520, EN 319 412-1 §5.1.4)
export const OID_AT_COMMON_NAME = "2.5.4.3";
export const OID_AT_SURNAME = "2.5.4.4";
export const OID_AT_SERIAL_NUMBER = "2.5.4.5";
export const OID_AT_COUNTRY = "2.5.4.6";
export const OID_AT_ORGANIZATION = "2.5.4.10";
export const OID_AT_ORGANIZATIONAL_UNIT = "2.5.4.11";
export const OID_AT_GIVEN_NAME = "2.5.4.42";
export const OID_AT_ORGANIZATION_IDENTIFIER = "2.5.4.97";

// Certificate extensions (RFC 5280 §4.2)
export const OID_CE_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
export const OID_CE_KEY_USAGE = "2.5.29.15";
export const OID_CE_BASIC_CONSTRAINTS = "2.5.29.19";
export const OID_CE_CRL_NUMBER = "2.5.29.20";
export const OID_CE_CRL_REASON = "2.5.29.21";
export const OID_CE_CRL_DISTRIBUTION_POINTS = "2.5.29.31";
export const OID_CE_CERTIFICATE_POLICIES = "2.5.29.32";
export const OID_CE_AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
export const OID_CE_EXT_KEY_USAGE = "2.5.29.37";
export const OID_PE_AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
export const OID_PE_QC_STATEMENTS = "1.3.6.1.5.5.7.1.3";
export const OID_AD_OCSP = "1.3.6.1.5.5.7.48.1";
export const OID_AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";
export const OID_PKIX_OCSP_NOCHECK = "1.3.6.1.5.5.7.48.1.5";

// Extended key usages (RFC 5280 §4.2.1.12)
export const OID_KP_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
export const OID_KP_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
export const OID_KP_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
export const OID_KP_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

// Policies
export const OID_ANY_POLICY = "2.5.29.32.0";
/** EN 319 411-2 §5.3: QCP-n-qscd — qualified certificate of a natural person, key in a QSCD. */
export const OID_QCP_N_QSCD = "0.4.0.194112.1.2";
/** EN 319 411-1 §5.3: NCP+ (normalised policy, secure device). */
export const OID_NCP_PLUS = "0.4.0.2042.1.2";
/** EN 319 411-1 §5.3: NCP (normalised certificate policy). */
export const OID_NCP = "0.4.0.2042.1.1";
/**
 * The testbed's own policy arc, under joint-iso-itu-t example(999) (ITU-T X.660 §A.2), so it can
 * never collide with LVRTC's real policy OIDs. (A UUID OID, 2.25.x, was tried first: asn1js cannot
 * decode arcs above 2^53, so parsers built on it mangle them.) Each issuing CA's policy is a child.
 */
export const OID_TESTBED_POLICY_ARC = "2.999.1597.1";
export const OID_TESTBED_POLICY_EID = `${OID_TESTBED_POLICY_ARC}.1`;
export const OID_TESTBED_POLICY_EPARAKSTS = `${OID_TESTBED_POLICY_ARC}.2`;
export const OID_TESTBED_POLICY_ORGANISATION = `${OID_TESTBED_POLICY_ARC}.3`;
export const OID_TESTBED_POLICY_TSA = `${OID_TESTBED_POLICY_ARC}.4`;

// QCStatements (EN 319 412-5 §4; RFC 3739 §3.2.6)
export const OID_ETSI_QCS_QC_COMPLIANCE = "0.4.0.1862.1.1";
export const OID_ETSI_QCS_QC_SSCD = "0.4.0.1862.1.4";
export const OID_ETSI_QCS_QC_TYPE = "0.4.0.1862.1.6";
export const OID_ETSI_QCT_ESIGN = "0.4.0.1862.1.6.1";
export const OID_PKIX_QCS_SYNTAX_V2 = "1.3.6.1.5.5.7.11.2";
/** EN 319 412-1 §5.1.3: semantics identifier for natural persons (PNOLV-…). */
export const OID_ETSI_QCS_SEMANTICS_ID_NATURAL = "0.4.0.194121.1.1";
/** EN 319 412-1 §5.1.4: semantics identifier for legal persons (NTRLV-…). */
export const OID_ETSI_QCS_SEMANTICS_ID_LEGAL = "0.4.0.194121.1.2";
