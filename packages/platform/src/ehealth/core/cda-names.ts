/** Namespaces of HL7 CDA Release 2 documents. */

/** The CDA (HL7 v3) namespace of every CDA element, narrative block included. */
export const CDA_NAMESPACE = "urn:hl7-org:v3";
/** The SDTC extension namespace (schema `infrastructure/cda/SDTC.xsd`). */
export const SDTC_NAMESPACE = "urn:hl7-org:sdtc";
