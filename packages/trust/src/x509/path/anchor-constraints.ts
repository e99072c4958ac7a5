/**
 * Trust-anchor constraints (RFC 5937 §2–§3): when an anchor is a certificate, the constraints
 * it carries are inputs to path validation — its validity period, its basicConstraints
 * pathLenConstraint (the most intermediates allowed below it) and its name constraints — as
 * OpenSSL, Go and webpki apply them. With `anchorConstraints: "ignore"` the anchor is a name and
 * a key only (RFC 5280 §6.1.1 (d)), the behaviour PKITS assumes (its anchor carries none).
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import type { PathFailure } from "../types.ts";
import type { ValidationContext } from "./context.ts";

/** The anchor's own validity at ctx.at; `index` is the anchor's place in the reported path. */
export function anchorValidityFailure(
  ctx: ValidationContext,
  anchor: ParsedCertificate,
  index: number,
): PathFailure | undefined {
  if (ctx.anchorConstraints === "ignore") return undefined;
  if (ctx.at < anchor.notBefore) {
    return {
      code: "not-yet-valid",
      certificateIndex: index,
      message: `the trust anchor is not valid before ${anchor.notBefore.toISOString()} (RFC 5937)`,
    };
  }
  if (ctx.at > anchor.notAfter) {
    return {
      code: "expired",
      certificateIndex: index,
      message: `the trust anchor expired ${anchor.notAfter.toISOString()} (RFC 5937)`,
    };
  }
  return undefined;
}

/** §6.1.2 (k) max_path_length, started from the anchor's pathLenConstraint when enforced. */
export function initialMaxPathLength(ctx: ValidationContext, anchor: ParsedCertificate, n: number): number {
  const pathLen = anchor.basicConstraints?.pathLen;
  if (ctx.anchorConstraints === "ignore" || pathLen === undefined) return n;
  return Math.min(n, pathLen);
}

/** The anchor's name constraints, when enforced, seed §6.1.2 (b), (c). */
export function anchorNameConstraints(ctx: ValidationContext, anchor: ParsedCertificate) {
  return ctx.anchorConstraints === "ignore" ? undefined : anchor;
}
