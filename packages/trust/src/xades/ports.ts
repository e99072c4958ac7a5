/**
 * The network ports XAdES augmentation and validation need. Nothing here does I/O: the
 * caller injects these (the CLI with fetch, tests with the testbed), so the library stays pure.
 */
/** Sends a DER TimeStampReq (RFC 3161 §3.4) and returns the DER TimeStampResp. */
export type TimeStampAuthority = (request: Uint8Array) => Promise<Uint8Array>;

export interface RevocationFetchers {
  /** POSTs a DER OCSPRequest to `url`; undefined when unreachable. */
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
  /** GETs a DER CRL; undefined when unreachable. */
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  /** GETs a DER certificate (AIA caIssuers); undefined when unreachable. */
  fetchCertificate?: (url: string) => Promise<Uint8Array | undefined>;
}
