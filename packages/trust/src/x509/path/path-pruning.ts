/**
 * What one failed candidate path teaches about the others (RFC 4158 §3.5: "path building
 * with backtracking" and §2.4's loop and depth guards). A failure that depends on a single
 * certificate — its validity, cA flag, keyUsage, EKU, an unknown critical extension, a weak
 * algorithm, a strict-profile violation, its revocation — fails it in every path, so the
 * builder skips it from then on; a bad signature fails one certificate–issuer pair, so that
 * pair is skipped. Failures that depend on the rest of the path (pathLen, name constraints,
 * policies) prune nothing. Without this, n decoy issuers at each of k levels cost n^k checks.
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import type { PathFailure, PathFailureCode } from "../types.ts";

/** Failures of a certificate on its own, whatever path it sits in. */
const CERTIFICATE_LOCAL: ReadonlySet<PathFailureCode> = new Set<PathFailureCode>([
  "expired",
  "not-yet-valid",
  "basic-constraints",
  "key-usage",
  "extended-key-usage",
  "unknown-critical-extension",
  "weak-algorithm",
  "revoked",
]);

export class PathPruning {
  readonly #deadCertificates = new Set<string>();
  readonly #deadEdges = new Set<string>();

  /** Certificates that fail on their own (never tried again). */
  isDead(cert: ParsedCertificate): boolean {
    return this.#deadCertificates.has(cert.fingerprint);
  }

  /** `issuer` cannot be `child`'s issuer (its key does not verify `child`'s signature). */
  isDeadEdge(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    return this.#deadEdges.has(`${child.fingerprint}>${issuer.fingerprint}`);
  }

  /** Records what `failure` of the path `[...path, anchor]` rules out. */
  learn(path: ParsedCertificate[], anchor: ParsedCertificate, failure: PathFailure): void {
    const full = [...path, anchor];
    const cert = full[failure.certificateIndex];
    if (!cert) return;
    if (CERTIFICATE_LOCAL.has(failure.code) || failure.code.startsWith("profile-")) {
      this.#deadCertificates.add(cert.fingerprint);
    } else if (failure.code === "signature-invalid") {
      const issuer = full[failure.certificateIndex + 1];
      if (issuer) this.#deadEdges.add(`${cert.fingerprint}>${issuer.fingerprint}`);
    }
  }

  /** Whether a partial path (leaf first) is still worth extending. */
  alive(path: readonly ParsedCertificate[]): boolean {
    for (let i = 0; i < path.length; i++) {
      if (this.isDead(path[i]!)) return false;
      if (i > 0 && this.isDeadEdge(path[i - 1]!, path[i]!)) return false;
    }
    return true;
  }
}
