/**
 * The strict profile for certificates: RFC 5280 §4's MUSTs on the CA that issued them, checked
 * for every certificate of a path (leaf and intermediates; anchors are the relying party's
 * choice) when `profile: "strict"`. A list of named rules, each with its own failure code
 * (codes.ts), run in order; the first violation is reported. RFC 5280 §6 validation does not
 * need them, so the default profile reads such certificates as PKITS and the field require.
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as O from "../oids.ts";
import type { ProfileFailureCode } from "./codes.ts";
import { isWellFormedConstraint, isWellFormedSanName } from "./name-syntax.ts";

export interface ProfileSubject {
  cert: ParsedCertificate;
  /** Signed by its own key (self-issued and the issuer's key is its key): AKI may be absent. */
  selfSigned: boolean;
}

export interface ProfileViolation {
  code: ProfileFailureCode;
  message: string;
}

type Rule = (subject: ProfileSubject) => ProfileViolation | undefined;

const violation = (code: ProfileFailureCode, message: string): ProfileViolation => ({ code, message });
const isCa = (cert: ParsedCertificate) => cert.basicConstraints?.ca === true;

/** §4.1.2.2 */
const serialNumber: Rule = ({ cert }) => {
  const octets = cert.serialOctets;
  if (octets.length > 20)
    return violation("profile-serial-number", `serial number of ${octets.length} octets`);
  if ((octets[0]! & 0x80) !== 0) return violation("profile-serial-number", "negative serial number");
  if (octets.every((b) => b === 0)) return violation("profile-serial-number", "serial number zero");
  return undefined;
};

/** §4.1.2.5.2 */
const wholeSecondTimes: Rule = ({ cert }) =>
  cert.fractionalTime
    ? violation("profile-fractional-time", "notBefore or notAfter has fractional seconds")
    : undefined;

/** §4.2.1.1 */
const authorityKeyId: Rule = ({ cert, selfSigned }) => {
  const ext = cert.extensions.get(O.OID_AUTHORITY_KEY_IDENTIFIER);
  if (!ext && !selfSigned) return violation("profile-authority-key-id", "authorityKeyIdentifier missing");
  if (ext?.critical) return violation("profile-authority-key-id", "authorityKeyIdentifier marked critical");
  return undefined;
};

/** §4.2.1.2 */
const subjectKeyId: Rule = ({ cert }) => {
  const ext = cert.extensions.get(O.OID_SUBJECT_KEY_IDENTIFIER);
  if (!ext && isCa(cert))
    return violation("profile-subject-key-id", "CA certificate without subjectKeyIdentifier");
  if (ext?.critical) return violation("profile-subject-key-id", "subjectKeyIdentifier marked critical");
  return undefined;
};

/** §4.1.2.6: an empty subject puts the identity in a critical subjectAltName. */
const emptySubject: Rule = ({ cert }) => {
  if (cert.subject.rdns.length > 0) return undefined;
  const san = cert.extensions.get(O.OID_SUBJECT_ALT_NAME);
  if (!san) return violation("profile-empty-subject", "empty subject and no subjectAltName");
  if (!san.critical)
    return violation("profile-empty-subject", "empty subject and a non-critical subjectAltName");
  return undefined;
};

/** §4.2.1.9 */
const basicConstraintsCritical: Rule = ({ cert }) =>
  isCa(cert) && !cert.extensions.get(O.OID_BASIC_CONSTRAINTS)?.critical
    ? violation("profile-basic-constraints-not-critical", "basicConstraints of a CA certificate not critical")
    : undefined;

/** §4.2.1.3 */
const keyCertSignOnlyWithCa: Rule = ({ cert }) =>
  cert.keyUsage?.has(KEY_USAGE.keyCertSign) && !isCa(cert)
    ? violation("profile-key-cert-sign-without-ca", "keyCertSign asserted but basicConstraints cA is not")
    : undefined;

/** §4.2.1.12 */
const extendedKeyUsageNotEmpty: Rule = ({ cert }) =>
  cert.extKeyUsage && cert.extKeyUsage.length === 0
    ? violation("profile-empty-extended-key-usage", "extendedKeyUsage lists no purpose")
    : undefined;

/** §4.2.1.6 */
const subjectAltNames: Rule = ({ cert }) => {
  const names = cert.subjectAltNames;
  if (!names) return undefined;
  if (names.length === 0) return violation("profile-malformed-subject-alt-name", "subjectAltName is empty");
  const bad = names.find((n) => !isWellFormedSanName(n));
  if (!bad) return undefined;
  const shown = "value" in bad ? `"${bad.value}"` : bad.kind === "ip" ? `of ${bad.bytes.length} octets` : "";
  return violation("profile-malformed-subject-alt-name", `malformed ${bad.kind} name ${shown}`.trim());
};

/** §4.2.1.10 */
const nameConstraints: Rule = ({ cert }) => {
  const nc = cert.nameConstraints;
  if (!nc) return undefined;
  if (!isCa(cert))
    return violation(
      "profile-name-constraints-in-end-entity",
      "nameConstraints in an end-entity certificate",
    );
  if (!cert.extensions.get(O.OID_NAME_CONSTRAINTS)?.critical)
    return violation("profile-name-constraints-not-critical", "nameConstraints not marked critical");
  const bases = [...(nc.permitted ?? []), ...(nc.excluded ?? [])];
  if (bases.length === 0) return violation("profile-malformed-name-constraints", "nameConstraints is empty");
  const bad = bases.find((b) => !isWellFormedConstraint(b));
  if (!bad) return undefined;
  const shown = "value" in bad ? `"${bad.value}"` : bad.kind === "ip" ? `of ${bad.bytes.length} octets` : "";
  return violation("profile-malformed-name-constraints", `malformed ${bad.kind} constraint ${shown}`.trim());
};

/** §4.2.1.11 */
const policyConstraintsCritical: Rule = ({ cert }) => {
  const ext = cert.extensions.get(O.OID_POLICY_CONSTRAINTS);
  return ext && !ext.critical
    ? violation("profile-policy-constraints-not-critical", "policyConstraints not marked critical")
    : undefined;
};

/** The rules in the order they are checked (the first violation is the one reported). */
export const CERTIFICATE_PROFILE_RULES: readonly Rule[] = [
  serialNumber,
  wholeSecondTimes,
  authorityKeyId,
  subjectKeyId,
  emptySubject,
  basicConstraintsCritical,
  keyCertSignOnlyWithCa,
  extendedKeyUsageNotEmpty,
  subjectAltNames,
  nameConstraints,
  policyConstraintsCritical,
];

export function certificateProfileViolation(subject: ProfileSubject): ProfileViolation | undefined {
  for (const rule of CERTIFICATE_PROFILE_RULES) {
    const found = rule(subject);
    if (found) return found;
  }
  return undefined;
}
