/**
 * Matching a certificate against an ecc:CriteriaList (TS 119 612 §5.5.9.2.2): each criterion
 * (a KeyUsage set, a PolicySet, a nested CriteriaList, an ExtendedKeyUsage set, a
 * CertSubjectDNAttribute set) is true or false for the certificate; `assert` combines them
 * (all / atLeastOne / none). A list holding a criterion we cannot evaluate never matches, so an
 * override we do not understand is never applied.
 */
import type { CertificateQcInfo } from "./certificate-qc-info.ts";
import { KEY_USAGE_BITS } from "./oids.ts";
import type { CriteriaList } from "./types.ts";

function keyUsageMatches(bits: { name: string; value: boolean }[], cert: CertificateQcInfo): boolean {
  return bits.every((b) => {
    const bit = KEY_USAGE_BITS[b.name];
    if (bit === undefined) return false;
    return cert.keyUsage.has(bit) === b.value;
  });
}

export function criteriaMatch(list: CriteriaList, cert: CertificateQcInfo): boolean {
  if (list.unsupported.length > 0) return false;
  const results: boolean[] = [
    ...list.keyUsage.map((k) => keyUsageMatches(k, cert)),
    ...list.policySets.map((set) => set.length > 0 && set.every((p) => cert.policies.includes(p))),
    ...list.criteriaLists.map((nested) => criteriaMatch(nested, cert)),
    ...list.extendedKeyUsage.map((set) => set.length > 0 && set.every((e) => cert.extKeyUsage.includes(e))),
    ...list.subjectDnAttributes.map(
      (set) => set.length > 0 && set.every((a) => cert.subjectAttributeTypes.has(a)),
    ),
  ];
  switch (list.assert) {
    case "all":
      return results.length > 0 && results.every(Boolean);
    case "atLeastOne":
      return results.some(Boolean);
    case "none":
      return !results.some(Boolean);
  }
}
