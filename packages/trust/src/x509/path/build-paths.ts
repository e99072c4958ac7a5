/**
 * Path building (RFC 4158 in spirit): from the leaf upwards, every certificate whose subject
 * matches the current issuer name is a candidate issuer — trust anchors first, then those
 * whose subjectKeyIdentifier matches the authorityKeyIdentifier (a hint only, never required),
 * then those valid at the validation time. Paths come depth first; the caller validates each,
 * stops at the first good one, and backtracks past what a failure rules out.
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import type { ValidationContext } from "./context.ts";
import type { PathPruning } from "./path-pruning.ts";

export interface CandidatePath {
  /** Leaf first; the anchor is not included. */
  path: ParsedCertificate[];
  anchor: ParsedCertificate;
}

/** Longest chain of intermediates explored (far beyond any real PKI). */
export const MAX_INTERMEDIATES = 12;

function score(ctx: ValidationContext, child: ParsedCertificate, candidate: ParsedCertificate): number {
  let s = 0;
  if (child.authorityKeyId && candidate.subjectKeyId)
    s += child.authorityKeyId === candidate.subjectKeyId ? 4 : -4;
  if (ctx.at >= candidate.notBefore && ctx.at <= candidate.notAfter) s += 2;
  if (candidate.basicConstraints?.ca) s += 1;
  return s;
}

function issuersOf(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  bySubject: Map<string, ParsedCertificate[]>,
): ParsedCertificate[] {
  return (bySubject.get(cert.issuer.key) ?? [])
    .map((c, i) => ({ c, s: score(ctx, cert, c), i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.c);
}

function indexBySubject(certs: ParsedCertificate[]): Map<string, ParsedCertificate[]> {
  const map = new Map<string, ParsedCertificate[]>();
  for (const c of certs) {
    const list = map.get(c.subject.key) ?? [];
    list.push(c);
    map.set(c.subject.key, list);
  }
  return map;
}

/** Nodes the builder may visit per validation (RFC 4158 §2.4: bound the search). */
export const MAX_EXPANSIONS = 2000;

/**
 * Candidate paths in the order to try them, lazily: the caller checks each and feeds what a
 * failure rules out into `pruning` (path-pruning.ts), which the search consults before every
 * step, so a failed issuer's other paths are never built. Loops are cut by fingerprint, depth by
 * MAX_INTERMEDIATES, work by MAX_EXPANSIONS; the caller bounds the paths it checks.
 */
export function* buildPaths(
  ctx: ValidationContext,
  leaf: ParsedCertificate,
  pruning: PathPruning,
): Generator<CandidatePath> {
  const anchorPrints = new Set(ctx.anchors.map((a) => a.fingerprint));
  const pool = indexBySubject(ctx.pool.filter((c) => !anchorPrints.has(c.fingerprint)));
  const anchors = indexBySubject(ctx.anchors);
  const path: ParsedCertificate[] = [leaf];
  const inPath = new Set<string>([leaf.fingerprint]);
  let expansions = 0;

  function* extend(cert: ParsedCertificate): Generator<CandidatePath> {
    if (++expansions > MAX_EXPANSIONS) return;
    for (const anchor of issuersOf(ctx, cert, anchors)) {
      if (!pruning.alive(path)) return;
      if (pruning.isDead(anchor) || pruning.isDeadEdge(cert, anchor)) continue;
      yield { path: [...path], anchor };
    }
    if (path.length > MAX_INTERMEDIATES) return;
    for (const issuer of issuersOf(ctx, cert, pool)) {
      if (!pruning.alive(path)) return;
      if (inPath.has(issuer.fingerprint) || pruning.isDead(issuer) || pruning.isDeadEdge(cert, issuer))
        continue;
      path.push(issuer);
      inPath.add(issuer.fingerprint);
      yield* extend(issuer);
      path.pop();
      inPath.delete(issuer.fingerprint);
    }
  }
  yield* extend(leaf);
}
