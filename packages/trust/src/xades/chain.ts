/**
 * Orders certificates into a chain leaf → root by issuer/subject name bytes (no trust
 * decision: the path validator makes that). Used to know which revocation data to collect.
 */
import { bytesEqual } from "../ocsp/cert-id.ts";
import { certificateFields } from "../ocsp/certificate-fields.ts";

const MAX_CHAIN = 12;

export function orderChain(leaf: Uint8Array, pool: Uint8Array[]): Uint8Array[] {
  const chain = [leaf];
  let current = leaf;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const f = certificateFields(current);
    if (bytesEqual(f.issuerName, f.subjectName)) break;
    const issuer = pool.find((c) => {
      try {
        return !chain.includes(c) && bytesEqual(certificateFields(c).subjectName, f.issuerName);
      } catch {
        return false;
      }
    });
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

export function isSelfIssued(der: Uint8Array): boolean {
  const f = certificateFields(der);
  return bytesEqual(f.issuerName, f.subjectName);
}

/** Unique by content, keeping the first occurrence. */
export function uniqueDer(list: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const d of list) if (!out.some((o) => bytesEqual(o, d))) out.push(d);
  return out;
}
