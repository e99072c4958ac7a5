/**
 * Namespaces and URIs of ETSI TS 119 612 (trusted lists), each a named constant. Sources:
 * TS 119 612 §5.3–5.6 and Annexes (D: URIs; J: pre-eIDAS statuses), TS 119 615 (use by
 * relying parties). Service-status, service-type and qualifier URIs are compared exactly.
 */

// Namespaces (TS 119 612 Annex C, XML schemas)
export const TSL_NAMESPACE = "http://uri.etsi.org/02231/v2#";
export const TSLX_NAMESPACE = "http://uri.etsi.org/02231/v2/additionaltypes#";
/** The Qualifications extension (ecc:) — name kept from the eSignature Directive era. */
export const ECC_NAMESPACE = "http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#";
export const XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";

/** TS 119 612 §5.1.4: TSLTag attribute value. */
export const TSL_TAG = "http://uri.etsi.org/19612/TSLTag";
/** MIME type of an XML trusted list (TS 119 612 §5.3.13 / Annex). */
export const TSL_MIME_TYPE = "application/vnd.etsi.tsl+xml";

// TSLType (TS 119 612 §5.3.3)
export const TSL_TYPE_EU_GENERIC = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric";
export const TSL_TYPE_EU_LOTL = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists";

// Scheme-level URIs (TS 119 612 §5.3.8, §5.3.9)
export const STATUS_DETERMINATION_EU_APPROPRIATE =
  "http://uri.etsi.org/TrstSvc/TrustedList/StatusDetn/EUappropriate";
export const SCHEME_RULES_EU_COMMON = "http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUcommon";

// Service types (TS 119 612 §5.5.1.1)
const SVCTYPE = "http://uri.etsi.org/TrstSvc/Svctype/";
export const SVC_TYPE_CA_QC = `${SVCTYPE}CA/QC`;
export const SVC_TYPE_CA_PKC = `${SVCTYPE}CA/PKC`;
export const SVC_TYPE_NATIONAL_ROOT_CA_QC = `${SVCTYPE}NationalRootCA-QC`;
export const SVC_TYPE_OCSP_QC = `${SVCTYPE}Certstatus/OCSP/QC`;
export const SVC_TYPE_CRL_QC = `${SVCTYPE}Certstatus/CRL/QC`;
export const SVC_TYPE_TSA_QTST = `${SVCTYPE}TSA/QTST`;
export const SVC_TYPE_TSA_TSS_QC = `${SVCTYPE}TSA/TSS-QC`;
export const SVC_TYPE_TSA_TSS_ADES_QC_AND_QES = `${SVCTYPE}TSA/TSS-AdESQCandQES`;
export const SVC_TYPE_TSA = `${SVCTYPE}TSA`;
export const SVC_TYPE_EDS_Q = `${SVCTYPE}EDS/Q`;
export const SVC_TYPE_EDS_REM_Q = `${SVCTYPE}EDS/REM/Q`;
export const SVC_TYPE_QES_VALIDATION_Q = `${SVCTYPE}QESValidation/Q`;
export const SVC_TYPE_PSES_Q = `${SVCTYPE}PSES/Q`;
export const SVC_TYPE_REMOTE_QSIGCD_Q = `${SVCTYPE}RemoteQSigCDManagement/Q`;
export const SVC_TYPE_REMOTE_QSEALCD_Q = `${SVCTYPE}RemoteQSealCDManagement/Q`;
export const SVC_TYPE_UNSPECIFIED = `${SVCTYPE}unspecified`;

// Service statuses (TS 119 612 §5.5.4; pre-2016-07-01 values: Annex J)
const SVCSTATUS = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/";
export const STATUS_GRANTED = `${SVCSTATUS}granted`;
export const STATUS_WITHDRAWN = `${SVCSTATUS}withdrawn`;
export const STATUS_RECOGNISED_AT_NATIONAL_LEVEL = `${SVCSTATUS}recognisedatnationallevel`;
export const STATUS_DEPRECATED_AT_NATIONAL_LEVEL = `${SVCSTATUS}deprecatedatnationallevel`;
export const STATUS_UNDER_SUPERVISION = `${SVCSTATUS}undersupervision`;
export const STATUS_SUPERVISION_IN_CESSATION = `${SVCSTATUS}supervisionincessation`;
export const STATUS_SUPERVISION_CEASED = `${SVCSTATUS}supervisionceased`;
export const STATUS_SUPERVISION_REVOKED = `${SVCSTATUS}supervisionrevoked`;
export const STATUS_ACCREDITED = `${SVCSTATUS}accredited`;
export const STATUS_ACCREDITATION_CEASED = `${SVCSTATUS}accreditationceased`;
export const STATUS_ACCREDITATION_REVOKED = `${SVCSTATUS}accreditationrevoked`;
export const STATUS_SET_BY_NATIONAL_LAW = `${SVCSTATUS}setbynationallaw`;
export const STATUS_DEPRECATED_BY_NATIONAL_LAW = `${SVCSTATUS}deprecatedbynationallaw`;

// Qualifiers of the Qualifications extension (TS 119 612 §5.5.9.2.3)
const SVCINFOEXT = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/";
export const QUALIFIER_QC_WITH_SSCD = `${SVCINFOEXT}QCWithSSCD`;
export const QUALIFIER_QC_NO_SSCD = `${SVCINFOEXT}QCNoSSCD`;
export const QUALIFIER_QC_SSCD_STATUS_AS_IN_CERT = `${SVCINFOEXT}QCSSCDStatusAsInCert`;
export const QUALIFIER_QC_WITH_QSCD = `${SVCINFOEXT}QCWithQSCD`;
export const QUALIFIER_QC_NO_QSCD = `${SVCINFOEXT}QCNoQSCD`;
export const QUALIFIER_QC_QSCD_STATUS_AS_IN_CERT = `${SVCINFOEXT}QCQSCDStatusAsInCert`;
export const QUALIFIER_QC_QSCD_MANAGED_ON_BEHALF = `${SVCINFOEXT}QCQSCDManagedOnBehalf`;
export const QUALIFIER_QC_FOR_LEGAL_PERSON = `${SVCINFOEXT}QCForLegalPerson`;
export const QUALIFIER_QC_FOR_ESIG = `${SVCINFOEXT}QCForESig`;
export const QUALIFIER_QC_FOR_ESEAL = `${SVCINFOEXT}QCForESeal`;
export const QUALIFIER_QC_FOR_WSA = `${SVCINFOEXT}QCForWSA`;
export const QUALIFIER_NOT_QUALIFIED = `${SVCINFOEXT}NotQualified`;
export const QUALIFIER_QC_STATEMENT = `${SVCINFOEXT}QCStatement`;

// AdditionalServiceInformation (TS 119 612 §5.5.9.4)
export const ASI_FOR_ESIGNATURES = `${SVCINFOEXT}ForeSignatures`;
export const ASI_FOR_ESEALS = `${SVCINFOEXT}ForeSeals`;
export const ASI_FOR_WEB_SITE_AUTHENTICATION = `${SVCINFOEXT}ForWebSiteAuthentication`;
export const ASI_ROOT_CA_QC = `${SVCINFOEXT}RootCA-QC`;

/** XAdES SignedProperties reference type (EN 319 132-1 §6.3). */
export const XADES_SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";
