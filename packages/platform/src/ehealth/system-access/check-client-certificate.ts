/**
 * Judges the certificate a system presented in the TLS handshake, as a pipeline of named steps:
 * present → parse → key policy (ANX2-7/14) → revocation source known (ANX2-9) → RFC 5280 path to a
 * configured anchor under the strict profile, with the cached CRLs required → SHA-2 over the path
 * → bound to a system (DEV-4) of an institution whose access is active (CON-6) → in production,
 * a system version the operator approved. The first step that fails names the refusal.
 */
import {
  type ParsedCertificate,
  type PathFailureCode,
  type PathValidationResult,
  parseCertificate,
  type RevocationCache,
  validateCertificatePath,
} from "@tilts/trust";
import type { Kysely } from "kysely";
import type { EhealthDatabase as Database } from "../database.ts";
import { certificateFingerprint, findActiveBinding, type SystemBinding } from "./binding-store.ts";
import { type KeyPolicy, keyPolicyFailure, signaturePolicyFailure } from "./core/key-policy.ts";

export type RefusalCode =
  | "no-certificate"
  | "malformed"
  | "weak-key"
  | "weak-signature"
  | "not-bound"
  | "institution-inactive"
  | "version-not-approved"
  | PathFailureCode;

export type ClientVerdict =
  | { accepted: true; binding: SystemBinding; leaf: ParsedCertificate }
  | { accepted: false; code: RefusalCode; message: string; serial?: string };

export interface CertificateCheckContext {
  db: Kysely<Database>;
  /** The configured client CAs (SYSTEM_ACCESS_CLIENT_CAS), read when needed so a renewed file counts. */
  anchors: () => Uint8Array[];
  revocation: RevocationCache;
  keyPolicy: KeyPolicy;
  now: () => Date;
  /**
   * Production: a binding is admitted only while its system version is one the operator approved
   * (onboarding's rule, applications/README.md); development admits any bound version.
   */
  requireApprovedVersion?: boolean;
}

/** DER of the presented leaf and of the certificates sent with it (untrusted helpers for path building). */
export interface PresentedChain {
  leaf?: Uint8Array;
  intermediates: Uint8Array[];
}

const refuse = (code: RefusalCode, message: string, serial?: string): ClientVerdict => ({
  accepted: false,
  code,
  message,
  ...(serial ? { serial } : {}),
});

export async function checkClientCertificate(
  ctx: CertificateCheckContext,
  presented: PresentedChain,
): Promise<ClientVerdict> {
  if (!presented.leaf) return refuse("no-certificate", "the client sent no certificate");
  let leaf: ParsedCertificate;
  try {
    leaf = parseCertificate(presented.leaf);
  } catch (error) {
    return refuse("malformed", error instanceof Error ? error.message : "unreadable certificate");
  }
  const weakKey = keyPolicyFailure(leaf, ctx.keyPolicy);
  if (weakKey) return refuse(weakKey.code, weakKey.message, leaf.serial);
  const input = {
    leaf: presented.leaf,
    untrusted: presented.intermediates,
    anchors: ctx.anchors(),
    at: ctx.now(),
    purpose: "clientAuth" as const,
    profile: "strict" as const,
    allowSha1: false,
  };
  const source = await ensureRevocationSource(ctx, leaf, input);
  if (source) return pathRefusal(source, leaf);
  // ANX2-9: a certificate whose status is not known from a current CRL is refused (fail closed).
  const result = await validateCertificatePath({
    ...input,
    revocation: "require",
    crls: ctx.revocation.crls(),
  });
  if (!result.valid) return pathRefusal(result, leaf);
  const weakSignature = signaturePolicyFailure(result.path.slice(0, -1).map((c) => parseCertificate(c.der)));
  if (weakSignature) return refuse(weakSignature.code, weakSignature.message, leaf.serial);
  const found = await findActiveBinding(ctx.db, certificateFingerprint(presented.leaf));
  if (!found) return refuse("not-bound", "the certificate is not bound to a system", leaf.serial);
  const { institutionStatus, versionApproved, ...binding } = found;
  // CON-6: a suspended or annulled institution's systems lose access with it.
  if (institutionStatus !== "active")
    return refuse("institution-inactive", `the institution's access is ${institutionStatus}`, leaf.serial);
  if (ctx.requireApprovedVersion && !versionApproved)
    return refuse("version-not-approved", "the bound system version is not approved", leaf.serial);
  return { accepted: true, binding, leaf };
}

function pathRefusal(result: PathValidationResult, leaf: ParsedCertificate): ClientVerdict {
  const failure = result.failure ?? { code: "no-path" as const, message: "no valid path" };
  return refuse(failure.code, failure.message, leaf.serial);
}

/** First loads of distribution points in progress, per cache. */
const firstLoads = new WeakMap<RevocationCache, Map<string, Promise<unknown>>>();

/** The leaf's CRL distribution points (http only: the cache fetches them). */
function crlUrlsOf(leaf: ParsedCertificate): string[] {
  return (leaf.crlDistributionPoints ?? []).flatMap((dp) =>
    dp.name?.kind === "full"
      ? dp.name.names.flatMap((n) => (n.kind === "uri" && /^https?:\/\//.test(n.value) ? [n.value] : []))
      : [],
  );
}

/**
 * The first time a CA's distribution point is seen, the cache starts following it — with the
 * issuer found by a path check without revocation, so a CRL the cache keeps (and whose entries
 * close live connections) is signed by the certificate's real issuer. Returns a failed path
 * result, or undefined when every distribution point is followed.
 */
async function ensureRevocationSource(
  ctx: CertificateCheckContext,
  leaf: ParsedCertificate,
  input: Parameters<typeof validateCertificatePath>[0],
): Promise<PathValidationResult | undefined> {
  const loading = firstLoads.get(ctx.revocation) ?? new Map<string, Promise<unknown>>();
  firstLoads.set(ctx.revocation, loading);
  const known = new Set(ctx.revocation.status().map((s) => s.url));
  const urls = crlUrlsOf(leaf);
  // Handshakes arriving while a point's first CRL loads wait for that load, not race past it.
  await Promise.all(urls.flatMap((url) => (loading.has(url) ? [loading.get(url)] : [])));
  const missing = urls.filter((url) => !known.has(url) && !loading.has(url));
  if (missing.length === 0) return undefined;
  const unchecked = await validateCertificatePath({ ...input, revocation: "off" });
  if (!unchecked.valid) return unchecked;
  const issuer = unchecked.path[1]?.der;
  for (const url of missing) {
    const load = ctx.revocation.addDistributionPoint(url, issuer ? { issuers: [issuer] } : {});
    loading.set(url, load);
    await load.finally(() => loading.delete(url));
  }
  return undefined;
}
