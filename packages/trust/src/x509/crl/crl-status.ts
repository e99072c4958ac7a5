/**
 * Certificate status from CRLs: RFC 5280 §6.3.3 — for each distribution point, the complete
 * CRLs that cover the certificate, their signer's validation, delta CRLs, until the reasons
 * mask holds every reason or the certificate is found revoked.
 */
import { MalformedInputError } from "../../errors.ts";
import type { RevocationStatus } from "../../revocation/types.ts";

import type { ParsedCertificate } from "../cert/certificate.ts";
import { ALL_REASON_BITS, type DistributionPoint } from "../cert/distribution-point.ts";
import type { ValidationContext } from "../path/context.ts";
import { crlProfileViolation } from "../profile/crl-profile.ts";
import { type CrlScope, crlScope, deltaMatches } from "./crl-scope.ts";
import type { CrlEntry, ParsedCrl } from "./parse-crl.ts";

/**
 * Whether `crl` was signed by a valid CRL issuer (§6.3.3 (f), (g)): true, false, or the strict
 * profile's code when the only signer found lacks keyUsage cRLSign.
 */
export type CrlSignerVerdict = boolean | "profile-crl-signer-key-usage";
/** Confirms the CRL's signer; memoised by the caller. */
export type CrlSignerCheck = (crl: ParsedCrl) => Promise<CrlSignerVerdict>;

type Problem = "stale" | "other" | "profile-crl-number" | "profile-crl-signer-key-usage";

function revoked(entry: CrlEntry, crl: ParsedCrl): RevocationStatus {
  return {
    status: "revoked",
    source: "crl",
    revocationTime: entry.revocationTime,
    reason: entry.reason,
    thisUpdate: crl.thisUpdate,
  };
}

export async function crlStatus(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  signerOk: CrlSignerCheck,
): Promise<RevocationStatus> {
  const reasonsMask = new Set<number>();
  const problems: { kind: Problem; message: string }[] = [];
  const dps: (DistributionPoint | undefined)[] = cert.crlDistributionPoints?.length
    ? cert.crlDistributionPoints
    : [undefined];
  let latest: ParsedCrl | undefined;
  let considered = 0;

  for (const dp of dps) {
    for (const crl of ctx.crls) {
      if (reasonsMask.size === ALL_REASON_BITS.length) break;
      if (crl.isDelta) continue;
      const scope = crlScope(crl, cert, dp);
      if (typeof scope === "string") continue;
      // (d): the CRL must add a reason not yet covered.
      if ([...scope.reasons].every((r) => reasonsMask.has(r))) continue;
      considered++;
      if (crl.unknownCriticalExtension) {
        problems.push({
          kind: "other",
          message: `CRL has an unrecognised critical extension ${crl.unknownCriticalExtension}`,
        });
        continue;
      }
      if (crl.thisUpdate.getTime() > ctx.at.getTime() + ctx.clockSkewMs) {
        problems.push({ kind: "other", message: "CRL is not yet valid (thisUpdate in the future)" });
        continue;
      }
      const profileViolation = crlProfileViolation(ctx.profile, crl);
      if (profileViolation) {
        problems.push({ kind: profileViolation.code, message: profileViolation.message });
        continue;
      }
      const signer = await signerOk(crl);
      if (signer !== true) {
        problems.push(
          signer === false
            ? { kind: "other", message: `CRL of ${crl.issuerString} has no valid signer` }
            : {
                kind: signer,
                message: `the signer of the CRL of ${crl.issuerString} lacks keyUsage cRLSign`,
              },
        );
        continue;
      }
      const stale = crl.nextUpdate !== undefined && crl.nextUpdate < ctx.at;
      let outcome: Awaited<ReturnType<typeof applyCrl>>;
      try {
        outcome = await applyCrl(ctx, cert, crl, scope, signerOk, problems);
      } catch (error) {
        // An entry that only fails to decode on lookup makes this CRL unusable, nothing more.
        if (!(error instanceof MalformedInputError)) throw error;
        problems.push({ kind: "other", message: `CRL of ${crl.issuerString} has a malformed entry` });
        continue;
      }
      if (typeof outcome === "object") return outcome;
      if (stale) {
        problems.push({
          kind: "stale",
          message: `CRL of ${crl.issuerString} is out of date (nextUpdate ${crl.nextUpdate!.toISOString()})`,
        });
        continue;
      }
      if (outcome === "unusable") continue;
      for (const r of scope.reasons) reasonsMask.add(r);
      latest = crl;
    }
  }
  if (reasonsMask.size === ALL_REASON_BITS.length && latest) {
    return { status: "good", source: "crl", thisUpdate: latest.thisUpdate, nextUpdate: latest.nextUpdate };
  }
  if (considered === 0 && problems.length === 0) {
    return { status: "unknown", code: "revocation-unavailable", message: "no CRL covers this certificate" };
  }
  const onlyStale = problems.length > 0 && problems.every((p) => p.kind === "stale");
  const message =
    problems.map((p) => p.message).join("; ") || "the CRLs found do not cover every revocation reason";
  // A strict-profile violation is the most specific reason a CRL went unused: report its code.
  const profile = problems.find(
    (p): p is { kind: "profile-crl-number" | "profile-crl-signer-key-usage"; message: string } =>
      p.kind !== "stale" && p.kind !== "other",
  )?.kind;
  const code = profile ?? (onlyStale ? "revocation-stale" : "revocation-unavailable");
  return { status: "unknown", code, message };
}

/**
 * §6.3.3 (i)–(k) for one verified complete CRL: a matching delta CRL first, then the complete
 * CRL. Returns a revoked status, "unrevoked", or "unusable" (a delta exists but cannot be used).
 */
async function applyCrl(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  crl: ParsedCrl,
  scope: CrlScope,
  signerOk: CrlSignerCheck,
  problems: { kind: Problem; message: string }[],
): Promise<RevocationStatus | "unrevoked" | "unusable"> {
  const issuerArg = scope.entryIssuer;
  const wantsDelta = Boolean(crl.freshestCrl || cert.freshestCrl);
  let deltaEntry: CrlEntry | undefined;
  let deltaUsed: ParsedCrl | undefined;
  let deltaProblem = false;
  for (const delta of ctx.crls) {
    if (!delta.isDelta || delta.issuer.key !== crl.issuer.key) continue;
    if (!deltaMatches(delta, crl)) {
      deltaProblem = true;
      problems.push({ kind: "other", message: "a delta CRL does not match the complete CRL" });
      continue;
    }
    if (
      delta.unknownCriticalExtension ||
      delta.thisUpdate.getTime() > ctx.at.getTime() + ctx.clockSkewMs ||
      crlProfileViolation(ctx.profile, delta) ||
      (await signerOk(delta)) !== true
    ) {
      deltaProblem = true;
      problems.push({ kind: "other", message: "a delta CRL is unusable" });
      continue;
    }
    if (delta.nextUpdate !== undefined && delta.nextUpdate < ctx.at) {
      deltaProblem = true;
      problems.push({ kind: "other", message: "the delta CRL is out of date" });
      continue;
    }
    deltaUsed = delta;
    deltaEntry = delta.find(cert.serial, issuerArg);
    break;
  }
  if (deltaEntry) {
    // (k): removeFromCRL in a delta un-revokes a held certificate.
    if (deltaEntry.reason === "removeFromCRL") return "unrevoked";
    return revoked(deltaEntry, deltaUsed!);
  }
  const entry = crl.find(cert.serial, issuerArg);
  if (entry && entry.reason !== "removeFromCRL") return revoked(entry, crl);
  if (wantsDelta && !deltaUsed && deltaProblem) return "unusable";
  return "unrevoked";
}
