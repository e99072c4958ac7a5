/** The Latvian-style test PKI: CAs, issuance, revocation, CRLs, OCSP, TSA (see README.md). */
export { buildCrl } from "./crl-builder.ts";
export {
  InvalidIssueRequestError,
  type IssuedCredential,
  type IssueInstitutionOptions,
  type IssuePersonOptions,
  type IssueTsaOptions,
  issueInstitution,
  issuePerson,
  issueTsa,
  personalCodeCheckDigit,
  randomPersonalCode,
} from "./issue-credentials.ts";
export {
  certificatesFromPemOrDer,
  certificateToPem,
  isKeyKind,
  type KeyKind,
  keyKinds,
  privateKeyToPem,
} from "./keys.ts";
export { respondToOcspRequest } from "./ocsp-responder.ts";
export * as testbedPkiOids from "./oids.ts";
export { buildPkcs12, type Pkcs12Input } from "./pkcs12.ts";
export { type CaId, caIds, type PersonUsage, urlsOf } from "./profiles.ts";
export type { IssuedRecord, RevocationRecord } from "./state-store.ts";
export {
  defaultCaKeys,
  NotOnHoldError,
  type PkiRuntimeOptions,
  TestPki,
  type TestPkiOptions,
  UnknownCertificateError,
} from "./test-pki.ts";
export { respondToTimeStampRequest } from "./time-stamp-authority.ts";
