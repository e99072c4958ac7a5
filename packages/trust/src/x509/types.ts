/** The public types of path validation (the API other modules code against). */
import type { SignatureCheckCache } from "./path/signature-cache.ts";
import type { CertificateProfile, ProfileFailureCode } from "./profile/codes.ts";

export type PathFailureCode =
  | "signature-invalid"
  | "expired"
  | "not-yet-valid"
  | "name-chaining"
  | "basic-constraints"
  | "path-length"
  | "key-usage"
  | "extended-key-usage"
  | "name-constraints"
  | "policy"
  | "unknown-critical-extension"
  | "weak-algorithm"
  | "revoked"
  | "revocation-unavailable"
  | "revocation-stale"
  | "no-path"
  | "malformed"
  | ProfileFailureCode;

export type Purpose =
  | "any"
  | "clientAuth"
  | "serverAuth"
  | "emailProtection"
  | "codeSigning"
  | "timeStamping"
  | "ocspSigning";

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Lower-case hex of the serial number's content octets. */
  serial: string;
  der: Uint8Array;
}

export type RevocationMode = "require" | "if-available" | "off";

/**
 * Inputs of validateCertificatePath. Parsed certificates and CRLs are cached by buffer identity
 * and reused while the bytes are unchanged (a million-entry CRL is not re-read per validation).
 */
export interface PathValidationInput {
  leaf: Uint8Array;
  untrusted?: Uint8Array[];
  anchors: Uint8Array[];
  crls?: Uint8Array[];
  ocspResponses?: Uint8Array[];
  at?: Date;
  purpose?: Purpose;
  revocation?: RevocationMode;
  initialPolicySet?: string[];
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
  allowSha1?: boolean;
  /**
   * How far a CRL's or OCSP answer's thisUpdate may lie after `at` and still be used: issuers'
   * and relying parties' clocks drift. Default 5 minutes.
   */
  clockSkewMs?: number;
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
  /**
   * Octets of the nonce each fetched OCSP request carries (RFC 8954 §2.1: 1..32, 32
   * recommended); the response must echo it. Unset: no nonce (responders that pre-sign answers,
   * RFC 5019, cannot echo one). Responses passed in `ocspResponses` are not nonce-checked.
   */
  ocspNonceLength?: number;
  /** Randomness for OCSP nonces (injected for tests); default node:crypto randomBytes. */
  randomBytes?: (length: number) => Uint8Array;
  /**
   * RFC 5937 trust-anchor constraints. "enforce" (default, as OpenSSL, Go and webpki do): the
   * name constraints, basicConstraints pathLenConstraint and validity period carried by an
   * anchor certificate constrain every path under it. "ignore": an anchor is its name and key
   * only (RFC 5280 §6.1.1 (d)).
   */
  anchorConstraints?: "enforce" | "ignore";
  /**
   * "strict" also enforces RFC 5280 §4's MUSTs on every certificate of the path and §5's on the
   * CRLs used (profile/codes.ts lists the rules and their failure codes); default "default".
   * Connection certificates and sign-in set "strict"; signatures may.
   */
  profile?: CertificateProfile;
  /**
   * Signature checks to share with other validations (e.g. a signer's and its TSA's paths
   * under one CA); by default each validation has its own.
   */
  signatureCache?: SignatureCheckCache;
}

export interface PathFailure {
  code: PathFailureCode;
  /** Index in `path` (0 = the leaf). */
  certificateIndex: number;
  message: string;
}

export interface PathValidationResult {
  valid: boolean;
  path: CertificateInfo[];
  trustAnchor?: CertificateInfo;
  failure?: PathFailure;
}
