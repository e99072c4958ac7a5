/**
 * Delta CRLs in the revocation cache (RFC 5280 §5.2.4, §5.2.6): where a distribution point's
 * deltas are published, and whether a fetched delta may be combined with the cached complete
 * CRL. A delta is fetched far more often than the complete CRL it amends (which may be large).
 */
import { deltaMatches } from "../x509/crl/crl-scope.ts";
import type { ParsedCrl } from "../x509/crl/parse-crl.ts";

/** The configured delta URL, else the complete CRL's freshestCRL (first http(s) URI, §5.2.6). */
export function deltaUrlOf(base: ParsedCrl | undefined, configured: string | undefined): string | undefined {
  if (configured) return configured;
  for (const dp of base?.freshestCrl ?? []) {
    if (dp.name?.kind !== "full") continue;
    const uri = dp.name.names.find((n) => n.kind === "uri" && /^https?:/i.test(n.value));
    if (uri?.kind === "uri") return uri.value;
  }
  return undefined;
}

/**
 * Checks a fetched delta against the complete CRL and the delta it would replace; throws why
 * not. A delta the complete CRL has already overtaken (its number not above the base's) is
 * returned as "superseded": nothing to combine, and no error.
 */
export function acceptDelta(
  delta: ParsedCrl,
  base: ParsedCrl,
  current: ParsedCrl | undefined,
  now: number,
  clockSkewMs: number,
): "use" | "superseded" {
  if (!delta.isDelta) throw new Error("a complete CRL was served where a delta CRL was expected");
  if (delta.unknownCriticalExtension)
    throw new Error(`the delta CRL has an unknown critical extension ${delta.unknownCriticalExtension}`);
  if (delta.issuerString !== base.issuerString) throw new Error("the delta CRL has another issuer");
  if (delta.thisUpdate.getTime() > now + clockSkewMs)
    throw new Error("the delta CRL's thisUpdate is in the future");
  if (base.crlNumber === undefined || delta.deltaBase === undefined || delta.deltaBase > base.crlNumber)
    throw new Error("the delta CRL needs a newer complete CRL than the one cached");
  if (delta.crlNumber !== undefined && delta.crlNumber <= base.crlNumber) return "superseded";
  if (!deltaMatches(delta, base)) throw new Error("the delta CRL does not match the complete CRL's scope");
  if (
    current?.crlNumber !== undefined &&
    delta.crlNumber !== undefined &&
    delta.crlNumber < current.crlNumber
  )
    throw new Error(`delta CRL number went back from ${current.crlNumber} to ${delta.crlNumber}`);
  return "use";
}
