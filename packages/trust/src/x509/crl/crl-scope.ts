/**
 * Does a complete CRL cover a certificate through a given distribution point?
 * RFC 5280 §6.3.3 (b) and (c): issuer, issuingDistributionPoint scope, and the reasons the CRL
 * can vouch for (interim_reasons_mask).
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import {
  ALL_REASON_BITS,
  type DistributionPoint,
  resolveDistributionPointNames,
} from "../cert/distribution-point.ts";
import { type GeneralName, generalNamesEqual } from "../cert/general-name.ts";
import type { Name } from "../cert/name.ts";
import type { ParsedCrl } from "./parse-crl.ts";

export interface CrlScope {
  /** interim_reasons_mask (ReasonFlags bits). */
  reasons: Set<number>;
  /** The name entries for this certificate appear under (the certificate's issuer). */
  entryIssuer: Name;
}

function directoryNames(names: GeneralName[] | undefined): Name[] {
  return (names ?? []).flatMap((g) => (g.kind === "directory" ? [g.name] : []));
}

function anyEqual(a: GeneralName[], b: GeneralName[]): boolean {
  return a.some((x) => b.some((y) => generalNamesEqual(x, y)));
}

/** Returns the scope, or a reason string when the CRL does not apply. */
export function crlScope(
  crl: ParsedCrl,
  cert: ParsedCertificate,
  dp: DistributionPoint | undefined,
): CrlScope | string {
  const idp = crl.issuingDistributionPoint;
  // (b)(1): the CRL issuer — the cRLIssuer of the DP (indirect CRL) or the certificate issuer.
  const crlIssuers = directoryNames(dp?.crlIssuer);
  if (crlIssuers.length > 0) {
    if (!crlIssuers.some((n) => n.key === crl.issuer.key))
      return "CRL issuer is not the distribution point's cRLIssuer";
    if (!idp?.indirectCrl) return "the distribution point names a cRLIssuer but the CRL is not indirect";
  } else if (crl.issuer.key !== cert.issuer.key) {
    return "CRL issuer differs from the certificate issuer";
  }
  if (idp) {
    // (b)(2)(i): distribution point names must meet.
    if (idp.distributionPoint) {
      const idpNames = resolveDistributionPointNames(idp.distributionPoint, crl.issuer);
      if (dp?.name) {
        const dpIssuer = crlIssuers[0] ?? cert.issuer;
        if (!anyEqual(idpNames, resolveDistributionPointNames(dp.name, dpIssuer))) {
          return "CRL distribution point does not match the certificate's";
        }
      } else if (dp?.crlIssuer) {
        if (!anyEqual(idpNames, dp.crlIssuer)) return "CRL distribution point does not match the cRLIssuer";
      } else {
        return "the CRL covers a distribution point the certificate does not name";
      }
    }
    // (b)(2)(ii)–(iv)
    const ca = cert.basicConstraints?.ca === true;
    if (idp.onlyContainsUserCerts && ca) return "the CRL covers only end-entity certificates";
    if (idp.onlyContainsCACerts && !ca) return "the CRL covers only CA certificates";
    if (idp.onlyContainsAttributeCerts) return "the CRL covers only attribute certificates";
  }
  // (c) interim_reasons_mask
  const reasons = new Set<number>();
  for (const bit of ALL_REASON_BITS) {
    const inIdp = idp?.onlySomeReasons ? idp.onlySomeReasons.has(bit) : true;
    const inDp = dp?.reasons ? dp.reasons.has(bit) : true;
    if (inIdp && inDp) reasons.add(bit);
  }
  return { reasons, entryIssuer: cert.issuer };
}

/** A delta CRL usable with `base` (RFC 5280 §5.2.4, §6.3.3 (i)): same issuer and scope, base number reached. */
export function deltaMatches(delta: ParsedCrl, base: ParsedCrl): boolean {
  if (!delta.isDelta || delta.deltaBase === undefined || base.crlNumber === undefined) return false;
  if (delta.issuer.key !== base.issuer.key) return false;
  if ((delta.issuingDistributionPoint?.key ?? "") !== (base.issuingDistributionPoint?.key ?? ""))
    return false;
  if (base.crlNumber < delta.deltaBase) return false;
  if (delta.crlNumber !== undefined && delta.crlNumber <= base.crlNumber) return false;
  return true;
}
