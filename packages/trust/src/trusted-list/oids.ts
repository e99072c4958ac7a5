/**
 * OIDs read from a signer certificate when deciding its qualification: QCStatements
 * (EN 319 412-5 §4, RFC 3739 §3.2.6) and the EN 319 411-2 qualified-certificate policies.
 */
export const OID_QC_STATEMENTS = "1.3.6.1.5.5.7.1.3";
/** EN 319 412-5 §4.2.1: QcCompliance — an EU qualified certificate. */
export const OID_QCS_QC_COMPLIANCE = "0.4.0.1862.1.1";
/** EN 319 412-5 §4.2.2: QcSSCD — the private key sits in a QSCD (SSCD before eIDAS). */
export const OID_QCS_QC_SSCD = "0.4.0.1862.1.4";
/** EN 319 412-5 §4.2.3: QcType with esign / eseal / web. */
export const OID_QCS_QC_TYPE = "0.4.0.1862.1.6";
export const OID_QCT_ESIGN = "0.4.0.1862.1.6.1";
export const OID_QCT_ESEAL = "0.4.0.1862.1.6.2";
export const OID_QCT_WEB = "0.4.0.1862.1.6.3";

// EN 319 411-2 §5.3: qualified certificate policies
/** QCP-n: natural person. */
export const OID_QCP_N = "0.4.0.194112.1.0";
/** QCP-l: legal person. */
export const OID_QCP_L = "0.4.0.194112.1.1";
/** QCP-n-qscd: natural person, key in a QSCD. */
export const OID_QCP_N_QSCD = "0.4.0.194112.1.2";
/** QCP-l-qscd: legal person, key in a QSCD. */
export const OID_QCP_L_QSCD = "0.4.0.194112.1.3";
/** QCP-w: website authentication. */
export const OID_QCP_W = "0.4.0.194112.1.4";
// ETSI TS 101 456 (pre-eIDAS) policies
export const OID_QCP_PUBLIC_WITH_SSCD = "0.4.0.1456.1.1";
export const OID_QCP_PUBLIC = "0.4.0.1456.1.2";

/** RFC 5280 §4.2.1.3 KeyUsage bit numbers, by the names TS 119 612 §5.5.9.2.2 uses. */
export const KEY_USAGE_BITS: Readonly<Record<string, number>> = Object.freeze({
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  crlSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
});

/** TS 119 612 §5.7.1 / Annex: extended key usage of a TL signer certificate (id-tsl-kp-tslSigning). */
export const OID_KP_TSL_SIGNING = "0.4.0.2231.3.0";
