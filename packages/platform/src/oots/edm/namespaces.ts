/** The namespaces of the EDM (DIGEST §1.1); bound by URI, never by prefix. */
export const NS = {
  query: "urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0",
  rim: "urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0",
  rs: "urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0",
  lcm: "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:4.0",
  sdg: "http://data.europa.eu/p4s",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  xlink: "http://www.w3.org/1999/xlink",
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: "http://www.w3.org/2000/xmlns/",
} as const;

export const STATUS = {
  success: "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success",
  failure: "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure",
  unavailable: "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Unavailable",
} as const;

/** RegRep's own severity; the OOTS ones depend on the line (EdmSpecification.severity…). */
export const SEVERITY_ERROR = "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error";

export const COLLECTION_SET = "urn:oasis:names:tc:ebxml-regrep:CollectionType:Set";
