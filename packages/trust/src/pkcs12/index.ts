/** PKCS#12 (RFC 7292) key stores: reading a signer's key, certificate and chain. */
export { MAX_PKCS12_BYTES, type Pkcs12Contents, Pkcs12Error, readPkcs12 } from "./read-pkcs12.ts";
