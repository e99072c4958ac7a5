/**
 * Revocation status as every source (CRL, OCSP, the server-side cache) reports it, so the path
 * validator can treat them alike. RFC 5280 §5.3.1 reason names.
 */
export type RevocationReason =
  | "unspecified"
  | "keyCompromise"
  | "cACompromise"
  | "affiliationChanged"
  | "superseded"
  | "cessationOfOperation"
  | "certificateHold"
  | "removeFromCRL"
  | "privilegeWithdrawn"
  | "aACompromise";

export type RevocationSource = "crl" | "ocsp";

export type RevocationStatus =
  | { status: "good"; source: RevocationSource; thisUpdate: Date; nextUpdate?: Date }
  | {
      status: "revoked";
      source: RevocationSource;
      revocationTime: Date;
      reason?: RevocationReason;
      thisUpdate: Date;
    }
  | {
      status: "unknown";
      /** Strict-profile codes when the only CRLs found break RFC 5280 §5 (x509/profile/codes.ts). */
      code:
        | "revocation-unavailable"
        | "revocation-stale"
        | "profile-crl-number"
        | "profile-crl-signer-key-usage";
      message: string;
    };
