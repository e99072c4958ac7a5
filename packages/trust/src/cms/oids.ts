/** Object identifiers of CMS (RFC 5652) and CAdES (ETSI EN 319 122-1) used for PAdES. */
export {
  OID_AA_CONTENT_TYPE,
  OID_AA_MESSAGE_DIGEST,
  OID_AA_SIGNING_CERTIFICATE,
  OID_AA_SIGNING_CERTIFICATE_V2,
  OID_AA_SIGNING_TIME,
  OID_SIGNED_DATA,
} from "../tsp/oids.ts";
/** RFC 5652 §4: id-data. */
export const OID_DATA = "1.2.840.113549.1.7.1";
/** RFC 3161 Appendix A / EN 319 122-1 §5.3: id-aa-signatureTimeStampToken. */
export const OID_AA_SIGNATURE_TIME_STAMP = "1.2.840.113549.1.9.16.2.14";
