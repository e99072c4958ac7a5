/**
 * Failure codes of the strict profile (RFC 5280 §4 and §5 MUSTs), one per rule, stable: callers
 * and the error catalogue key on them. Never reuse or rename one; retire it instead.
 */
export const PROFILE_FAILURE_CODES = {
  /** §4.1.2.2: serialNumber a positive INTEGER of at most 20 octets. */
  "profile-serial-number": "serial number not positive or longer than 20 octets",
  /** §4.2.1.1: authorityKeyIdentifier present (unless self-signed) and non-critical. */
  "profile-authority-key-id": "authorityKeyIdentifier missing or critical",
  /** §4.2.1.2: subjectKeyIdentifier present in CA certificates and non-critical. */
  "profile-subject-key-id": "subjectKeyIdentifier missing in a CA certificate, or critical",
  /** §4.1.2.6, §4.2.1.6: an empty subject needs a critical subjectAltName. */
  "profile-empty-subject": "empty subject without a critical subjectAltName",
  /** §4.2.1.9: basicConstraints critical in CA certificates. */
  "profile-basic-constraints-not-critical": "basicConstraints of a CA certificate not critical",
  /** §4.2.1.10: nameConstraints only in CA certificates… */
  "profile-name-constraints-in-end-entity": "nameConstraints in an end-entity certificate",
  /** …marked critical, never an empty sequence, names in the grammar of each form. */
  "profile-name-constraints-not-critical": "nameConstraints not critical",
  "profile-malformed-name-constraints": "a name constraint is not a well-formed name of its form",
  /** §4.2.1.3, §4.2.1.9: keyCertSign only with cA. */
  "profile-key-cert-sign-without-ca": "keyCertSign asserted without basicConstraints cA",
  /** §4.2.1.12: ExtKeyUsageSyntax is SIZE (1..MAX). */
  "profile-empty-extended-key-usage": "empty extendedKeyUsage",
  /** §4.2.1.6: SAN non-empty, each name well formed (dNSName, rfc822Name, URI, iPAddress). */
  "profile-malformed-subject-alt-name": "a subjectAltName entry is empty or not a well-formed name",
  /** §4.2.1.11: policyConstraints critical. */
  "profile-policy-constraints-not-critical": "policyConstraints not critical",
  /** §4.1.2.5.2: GeneralizedTime in certificates has no fractional seconds. */
  "profile-fractional-time": "validity time with fractional seconds",
  /** §5.2.3: cRLNumber present in every CRL and non-critical. */
  "profile-crl-number": "CRL without a cRLNumber, or with a critical one",
  /** §4.2.1.3, §6.3.3 (f): the CRL signer's certificate carries keyUsage cRLSign. */
  "profile-crl-signer-key-usage": "CRL signer certificate without keyUsage cRLSign",
} as const;

export type ProfileFailureCode = keyof typeof PROFILE_FAILURE_CODES;

/** "default": RFC 5280 §6 validation only; "strict": also the §4/§5 MUSTs above. */
export type CertificateProfile = "default" | "strict";
