/**
 * @tilts/trust/testing — for tests and the testbed only: certificate-building helpers (a small
 * PKI in memory, certificates with any extension) and the NIST PKITS case list read in place from
 * the shared conformance folder; PDFs built with pdf-lib, the poppler/qpdf checkers and the
 * in-process eDoc PKI (signer, TSA, OCSP/CRL). Nothing in the product's run-time code imports
 * this door.
 */

export { type EdocTestPki, edocTestPki } from "./edoc/testing/edoc-test-pki.ts";
export { buildTestPdf, hasTool, pdfsig, qpdfCheck } from "./pades/testing/test-pdf.ts";
export * from "./x509/testing/build-pki.ts";
export * from "./x509/testing/pkits-cases.ts";
export * from "./x509/testing/simple-pki.ts";
