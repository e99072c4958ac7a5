/**
 * The revocation step of RFC 5280 §6.1.3 (a)(3) for a path that passed every other check:
 * each certificate from the one below the anchor down to the leaf, by OCSP (when responses or
 * a fetcher are available) and CRLs (§6.3). The mode decides what missing information means.
 */
import type { RevocationStatus } from "../../revocation/types.ts";
import type { ParsedCertificate } from "../cert/certificate.ts";
import { type CrlSignerVerdict, crlStatus } from "../crl/crl-status.ts";
import { type ParsedCrl, parseCrl } from "../crl/parse-crl.ts";
import { publicKeyOf } from "../crypto-verify.ts";
import { anchorKey, nextWorkingKey, type WorkingKey } from "../path/check-path.ts";
import { checkSignature, type ValidationContext } from "../path/context.ts";
import { mayIssueCrls } from "../profile/crl-profile.ts";
import type { PathFailure } from "../types.ts";
import { ocspStatus } from "./ocsp-status.ts";

/** Validates a separate CRL signer's own path to `anchor` (revocation included). */
export type SignerValidator = (
  ctx: ValidationContext,
  signer: ParsedCertificate,
  anchor: ParsedCertificate,
) => Promise<boolean>;

const MAX_SIGNER_DEPTH = 3;

/** §6.3.3 (f), (g): the CRL's signer — the certificate's issuer, or another valid certificate of the CRL issuer. */
function signerCheck(
  ctx: ValidationContext,
  issuer: ParsedCertificate,
  issuerKey: WorkingKey | undefined,
  anchor: ParsedCertificate,
  validateSigner: SignerValidator,
) {
  const memo = new Map<string, Promise<CrlSignerVerdict>>();
  const verifyWith = (crl: ParsedCrl, id: string, key: WorkingKey["key"]) =>
    checkSignature(ctx, crl.id, id, crl.signatureAlgorithm, crl.tbs, crl.signature, key) === "ok";
  const run = async (crl: ParsedCrl): Promise<CrlSignerVerdict> => {
    // A signer that verifies but lacks the keyUsage the strict profile demands: its own code.
    let keyUsageBlocked = false;
    if (
      crl.issuer.key === issuer.subject.key &&
      issuerKey &&
      mayIssueCrls("default", issuer) &&
      verifyWith(crl, issuerKey.id, issuerKey.key)
    ) {
      if (mayIssueCrls(ctx.profile, issuer)) return true;
      keyUsageBlocked = true;
    }
    const anchorPrints = new Set(ctx.anchors.map((a) => a.fingerprint));
    for (const candidate of [...ctx.anchors, ...ctx.pool]) {
      if (candidate.fingerprint === issuer.fingerprint || candidate.subject.key !== crl.issuer.key) continue;
      if (!mayIssueCrls("default", candidate)) continue;
      let key: WorkingKey["key"] | undefined;
      try {
        key = publicKeyOf(candidate);
      } catch {
        continue;
      }
      if (!key || !verifyWith(crl, candidate.fingerprint, key)) continue;
      if (!mayIssueCrls(ctx.profile, candidate)) {
        keyUsageBlocked = true;
        continue;
      }
      if (anchorPrints.has(candidate.fingerprint)) {
        if (candidate.fingerprint === anchor.fingerprint) return true;
        continue;
      }
      // A CRL issuer whose own certificate is covered by the CRL being checked (PKITS 4.14.30):
      // inside that signer's validation, the CRL it signed vouches for it.
      const inProgress = `${crl.id}|${candidate.fingerprint}`;
      if (ctx.signersInProgress.has(inProgress)) return true;
      if (ctx.depth >= MAX_SIGNER_DEPTH) continue;
      ctx.signersInProgress.add(inProgress);
      try {
        if (await validateSigner(ctx, candidate, anchor)) return true;
      } finally {
        ctx.signersInProgress.delete(inProgress);
      }
    }
    return keyUsageBlocked ? "profile-crl-signer-key-usage" : false;
  };
  return (crl: ParsedCrl): Promise<CrlSignerVerdict> => {
    const known = memo.get(crl.id);
    if (known) return known;
    const p = run(crl);
    memo.set(crl.id, p);
    return p;
  };
}

/** CRLs named by the certificate's distribution points, fetched through the injected function. */
async function fetchCrls(ctx: ValidationContext, cert: ParsedCertificate): Promise<void> {
  if (!ctx.fetchCrl) return;
  const urls = new Set<string>();
  for (const dp of [...(cert.crlDistributionPoints ?? []), ...(cert.freshestCrl ?? [])]) {
    if (dp.name?.kind !== "full") continue;
    for (const n of dp.name.names) if (n.kind === "uri" && /^https?:/i.test(n.value)) urls.add(n.value);
  }
  for (const url of [...urls].slice(0, 8)) {
    if (ctx.fetchedCrlUrls.has(url)) continue;
    ctx.fetchedCrlUrls.add(url);
    try {
      const der = await ctx.fetchCrl(url);
      if (der) ctx.crls.push(parseCrl(der));
    } catch {
      // unreachable or garbage: this source simply gives no information
    }
  }
}

async function statusOf(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  issuerKey: WorkingKey | undefined,
  anchor: ParsedCertificate,
  validateSigner: SignerValidator,
): Promise<RevocationStatus> {
  const signerOk = signerCheck(ctx, issuer, issuerKey, anchor, validateSigner);
  // A delegated OCSP responder is issued by the same CA: the CA's CRLs cover it (RFC 6960 §4.2.2.2.1).
  const responderStatus = async (responder: ParsedCertificate) => {
    await fetchCrls(ctx, responder);
    return crlStatus(ctx, responder, signerOk);
  };
  const ocsp = await ocspStatus(ctx, cert, issuer, responderStatus);
  if (ocsp) return ocsp;
  await fetchCrls(ctx, cert);
  return crlStatus(ctx, cert, signerOk);
}

export async function checkRevocation(
  ctx: ValidationContext,
  path: ParsedCertificate[],
  anchor: ParsedCertificate,
  validateSigner: SignerValidator,
): Promise<PathFailure | undefined> {
  if (ctx.revocation === "off") return undefined;
  const n = path.length;
  let issuer = anchor;
  let issuerKey = anchorKey(anchor);
  for (let index = n - 1; index >= 0; index--) {
    const cert = path[index]!;
    const status = await statusOf(ctx, cert, issuer, issuerKey, anchor, validateSigner);
    if (status.status === "revoked") {
      const reason = status.reason ? ` (${status.reason})` : "";
      return {
        code: "revoked",
        certificateIndex: index,
        message: `revoked at ${status.revocationTime.toISOString()}${reason}, per ${status.source.toUpperCase()}`,
      };
    }
    if (status.status === "unknown" && ctx.revocation === "require") {
      return { code: status.code, certificateIndex: index, message: status.message };
    }
    issuerKey = issuerKey ? nextWorkingKey(cert, issuerKey) : undefined;
    issuer = cert;
  }
  return undefined;
}
