/**
 * Catalogue of the report's own message codes (DESIGN "Errors carry codes"; never reuse a
 * retired one). A signature report's `errors` also carry the sub-indication that decided the
 * verdict (types.ts SubIndication) and XML-DSig core codes (`xmldsig-*`, XMLDSIG_ERROR_CODES);
 * its `warnings` also carry ASiC container warnings (ASIC_WARNING_CODES) and trusted-list
 * qualification warnings (TRUSTED_LIST_PROBLEM_CODES).
 */
export const REPORT_MESSAGE_CODES = {
  // document level (DocumentReport.errors)
  "no-signature": "the document or container holds no signature",
  "signature-file-malformed": "a META-INF signature file is not well-formed, safe XML",
  "signature-file-empty": "a META-INF signature file holds no ds:Signature",
  "unsupported-document": "neither an ASiC-E container, an XML document nor a PDF (CLI: exit 2)",
  // signature level: warnings
  "signature-file-root": "the signature file's root is not asic:XAdESSignatures",
  "signing-certificate-v1": "the legacy v1 SigningCertificate property was used",
  "issuer-serial-mismatch": "IssuerSerial(V2) does not name the certificate whose digest matched",
  "rsa-digestinfo-without-null": "RSA signature with a DigestInfo lacking the NULL parameters (accepted)",
  "ocsp-before-timestamp": "an OCSP response was produced before the signature time-stamp",
  "revoked-after-signing": "a certificate was revoked after the best-signature-time",
  "signing-time-after-timestamp": "the claimed signing time is later than the signature time-stamp",
  "sha1-accepted": "SHA-1 accepted: the signature is proven to exist before the configured expiry",
  "sha1-accepted-claimed-time": "SHA-1 accepted on the claimed signing time (no time-stamp)",
  "qualification-failed": "the qualification could not be determined",
  "timestamp-attribute-certificate":
    "a time-stamp token's certificate set holds an attribute certificate (ignored)",
  "timestamp-malformed": "a time-stamp token cannot be parsed",
  "timestamp-invalid": "a time-stamp token is not intact (signature, digest or signer binding)",
  "timestamp-imprint-mismatch": "a time-stamp does not cover the data it should",
  "timestamp-unsupported-hash": "a time-stamp's imprint uses an unknown hash",
  "timestamp-untrusted": "the time-stamping unit's certificate does not validate",
  "archive-time-stamp-expired":
    "the newest archive time-stamp's TSA certificate has expired and nothing renewed it",
  "timestamp-input": "the data a time-stamp covers could not be computed",
} as const;

export type ReportMessageCode = keyof typeof REPORT_MESSAGE_CODES;
