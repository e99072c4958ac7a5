/**
 * Identifiers of XAdES (ETSI EN 319 132-1 v1.1.1 / TS 101 903 v1.3.2 and v1.4.1) and the
 * ASiC signature-file root (ETSI EN 319 162-1 §A.5). Every namespace and type URI is a
 * named constant.
 */
export const XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";
export const XADES141_NAMESPACE = "http://uri.etsi.org/01903/v1.4.1#";
/** EN 319 162-1 §A.5: the root element of META-INF/signatures*.xml. */
export const ASIC_NAMESPACE = "http://uri.etsi.org/02918/v1.2.1#";
/** EN 319 132-1 §4.3.2 (XMLDSig Reference Type for the SignedProperties). */
export const SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";
/** ETSI TS 119 312 / EN 319 132-1: the ASN.1 time-stamp tokens are "EncapsulatedTimeStamp". */
export const XADES_PREFIX = "xades";
export const XADES141_PREFIX = "xades141";
export const ASIC_PREFIX = "asic";

export type XadesLevel = "B" | "T" | "LT" | "LTA";
export const XADES_LEVELS: readonly XadesLevel[] = ["B", "T", "LT", "LTA"];

export type XadesFormat =
  | "XAdES-BASELINE-B"
  | "XAdES-BASELINE-T"
  | "XAdES-BASELINE-LT"
  | "XAdES-BASELINE-LTA"
  | "XML-NOT-ETSI";
