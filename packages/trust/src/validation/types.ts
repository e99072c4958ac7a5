/**
 * The validation report model: ETSI EN 319 102-1 §5.1.3 indications and the standard
 * sub-indications (Table 5; names as in TS 119 102-2 / EU DSS), and a per-signature report
 * shaped like the `tilts verify --json` contract (issue "Trust II").
 */
import type { PadesFormat } from "../pades/types.ts";
import type { XadesFormat } from "../xades/constants.ts";

export type Indication = "TOTAL-PASSED" | "TOTAL-FAILED" | "INDETERMINATE";

export type SubIndication =
  | "FORMAT_FAILURE"
  | "HASH_FAILURE"
  | "SIG_CRYPTO_FAILURE"
  | "REVOKED"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "SIG_CONSTRAINTS_FAILURE"
  | "CHAIN_CONSTRAINTS_FAILURE"
  | "CERTIFICATE_CHAIN_GENERAL_FAILURE"
  | "CRYPTO_CONSTRAINTS_FAILURE"
  | "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
  | "TIMESTAMP_ORDER_FAILURE"
  | "NO_SIGNING_CERTIFICATE_FOUND"
  | "NO_CERTIFICATE_CHAIN_FOUND"
  | "REVOKED_NO_POE"
  | "REVOKED_CA_NO_POE"
  | "OUT_OF_BOUNDS_NO_POE"
  | "OUT_OF_BOUNDS_NOT_REVOKED"
  | "NO_POE"
  | "TRY_LATER"
  | "SIGNED_DATA_NOT_FOUND";

export interface ReportMessage {
  code: string;
  message: string;
}

export interface TimestampReport {
  type: "SIGNATURE" | "ARCHIVE";
  time: string;
  valid: boolean;
  /** CN of the time-stamping unit, when known. */
  tsa?: string;
}

export interface SignatureReport {
  id: string;
  /** XAdES for eDocs and XML, PAdES for PDF (one report shape for every signed document). */
  format: XadesFormat | PadesFormat;
  signedBy: string | null;
  signerId: string | null;
  claimedSigningTime: string | null;
  bestSignatureTime: string | null;
  indication: Indication;
  subIndication: SubIndication | null;
  qualification: string | null;
  signatureValueValid: boolean;
  referencesIntact: boolean;
  scope: "FULL" | "PARTIAL";
  coveredFiles: string[];
  timestamps: TimestampReport[];
  warnings: ReportMessage[];
  errors: ReportMessage[];
}

export interface DocumentReport {
  container: "ASiC-E" | "XML" | "PDF" | null;
  files: { name: string; size: number; mediaType: string }[];
  valid: boolean;
  signatures: SignatureReport[];
  errors: ReportMessage[];
}

/** Algorithm constraints (EN 319 102-1 §5.2.8, TS 119 312). */
export interface CryptoPolicy {
  /** SHA-1 in signatures and digests is accepted for signatures proven (or claimed, with a
   *  warning) to exist before this time. Default 2019-01-01: LVRTC produced rsa-sha1 eDocs as
   *  late as 2017 (edoc-and-validation.md §1.4.3). */
  sha1ValidUntil: Date;
}

export const DEFAULT_CRYPTO_POLICY: CryptoPolicy = { sha1ValidUntil: new Date("2019-01-01T00:00:00Z") };

/**
 * Revocation freshness against the signature time-stamp. Latvian eDocs carry OCSP responses
 * produced seconds before the time-stamp (edoc-and-validation.md §1.4.4); libdigidocpp dropped
 * the Estonian "OCSP after TST" rule for them. Default "warning"; "failure" applies the strict
 * rule (INDETERMINATE / TIMESTAMP_ORDER_FAILURE), as DigiDoc4j does.
 */
export type OcspBeforeTimestampRule = "warning" | "failure";

/** Qualification port (TS 119 615), wired to the trusted-list module by the caller. */
export type QualifySignature = (input: {
  signerCertificate: Uint8Array;
  chain: Uint8Array[];
  at: Date;
  /** The AdES outcome: a failed signature is "Not-ADES", an indeterminate one
   *  "INDETERMINATE-…" (TS 119 615). */
  signatureStatus: "valid" | "indeterminate" | "invalid";
}) => {
  qualification: string;
  warnings: ReportMessage[];
};
