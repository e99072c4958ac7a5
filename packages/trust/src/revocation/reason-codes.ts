/**
 * CRLReason ENUMERATED values ↔ names (RFC 5280 §5.3.1). Shared by the OCSP checker, the
 * testbed's CRL/OCSP builders and the CLI's `--reason` option.
 */
import type { RevocationReason } from "./types.ts";

export const revocationReasonCodes: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  // 7 is not used (RFC 5280 §5.3.1)
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

const byCode = new Map<number, RevocationReason>(
  Object.entries(revocationReasonCodes).map(([name, code]) => [code, name as RevocationReason]),
);

/** The reason name for a CRLReason code; undefined for 7 and out-of-range values. */
export function revocationReasonOf(code: number): RevocationReason | undefined {
  return byCode.get(code);
}

export function isRevocationReason(name: string): name is RevocationReason {
  return Object.hasOwn(revocationReasonCodes, name);
}
