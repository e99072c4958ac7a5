/**
 * RFC 5280 §6.1 basic path validation of one candidate path, everything but revocation:
 * a pipeline of the steps of §6.1.3 (per certificate), §6.1.4 (preparation for the next) and
 * §6.1.5 (wrap-up), each reporting a coded failure at the certificate's index in the path.
 */
import type { KeyObject } from "node:crypto";
import type { ParsedCertificate } from "../cert/certificate.ts";
import { KEY_USAGE, RECOGNISED_EXTENSIONS } from "../cert/extensions.ts";
import { isWeakAlgorithm, publicKeyOf } from "../crypto-verify.ts";
import type { DerNode } from "../der/reader.ts";
import { NameConstraintsState } from "../name-constraints/name-constraints-state.ts";
import * as O from "../oids.ts";
import { PolicyTreeTooLarge } from "../policy/policy-tree.ts";
import { PolicyState } from "../policy/process-policies.ts";
import { certificateProfileViolation } from "../profile/certificate-profile.ts";
import type { PathFailure, Purpose } from "../types.ts";
import { anchorNameConstraints, anchorValidityFailure, initialMaxPathLength } from "./anchor-constraints.ts";
import { checkSignature, type ValidationContext } from "./context.ts";

const PURPOSE_OIDS: Record<Exclude<Purpose, "any">, string> = {
  serverAuth: O.OID_KP_SERVER_AUTH,
  clientAuth: O.OID_KP_CLIENT_AUTH,
  codeSigning: O.OID_KP_CODE_SIGNING,
  emailProtection: O.OID_KP_EMAIL_PROTECTION,
  timeStamping: O.OID_KP_TIME_STAMPING,
  ocspSigning: O.OID_KP_OCSP_SIGNING,
};

/** A certificate's key as node:crypto sees it, with DSA parameter inheritance. */
export interface WorkingKey {
  key: KeyObject;
  /** Identity for the signature cache. */
  id: string;
  algorithm: string;
  parameters?: DerNode;
}

export function anchorKey(anchor: ParsedCertificate): WorkingKey | undefined {
  try {
    const key = publicKeyOf(anchor);
    if (!key) return undefined;
    return {
      key,
      id: anchor.fingerprint,
      algorithm: anchor.spkiAlgorithm.oid,
      parameters: anchor.spkiAlgorithm.parameters,
    };
  } catch {
    return undefined;
  }
}

/** §6.1.4 (d)–(f): the next working key, inheriting DSA parameters from the issuer's key. */
export function nextWorkingKey(cert: ParsedCertificate, previous: WorkingKey): WorkingKey | undefined {
  const own = cert.spkiAlgorithm.parameters;
  const inherits = !own && cert.spkiAlgorithm.oid === O.OID_DSA && previous.algorithm === O.OID_DSA;
  const parameters = inherits ? previous.parameters : own;
  try {
    const key = publicKeyOf(cert, inherits ? previous.parameters : undefined);
    if (!key) return undefined;
    // An inherited-parameters key is a different key for each set of parameters (signature cache).
    const id =
      inherits && parameters
        ? `${cert.fingerprint}+${Buffer.from(parameters.data.subarray(parameters.start, parameters.end)).toString("hex")}`
        : cert.fingerprint;
    return { key, id, algorithm: cert.spkiAlgorithm.oid, parameters };
  } catch {
    return undefined;
  }
}

export function unknownCriticalExtension(cert: ParsedCertificate): string | undefined {
  for (const ext of cert.extensions.values()) {
    if (ext.critical && !RECOGNISED_EXTENSIONS.has(ext.oid)) return ext.oid;
  }
  return undefined;
}

/** Checks one certificate's signature under the working key (§6.1.3 (a)(1)). */
export function signatureFailure(
  ctx: ValidationContext,
  cert: ParsedCertificate,
  key: WorkingKey | undefined,
  index: number,
): PathFailure | undefined {
  if (isWeakAlgorithm(cert.signatureAlgorithm, ctx.allowSha1)) {
    return {
      code: "weak-algorithm",
      certificateIndex: index,
      message: `signature algorithm ${cert.signatureAlgorithm.oid} is refused as weak`,
    };
  }
  if (!key)
    return {
      code: "signature-invalid",
      certificateIndex: index,
      message: "the issuer's public key is unusable",
    };
  const r = checkSignature(
    ctx,
    cert.fingerprint,
    key.id,
    cert.signatureAlgorithm,
    cert.tbs,
    cert.signature,
    key.key,
  );
  if (r === "ok") return undefined;
  if (r === "weak")
    return { code: "weak-algorithm", certificateIndex: index, message: "weak signature algorithm" };
  if (r === "unsupported") {
    return {
      code: "signature-invalid",
      certificateIndex: index,
      message: `unsupported signature algorithm ${cert.signatureAlgorithm.oid}`,
    };
  }
  return {
    code: "signature-invalid",
    certificateIndex: index,
    message: "the signature does not verify with the issuer's key",
  };
}

function ekuFailure(cert: ParsedCertificate, purpose: Purpose, index: number): PathFailure | undefined {
  if (purpose === "any" || !cert.extKeyUsage) return undefined;
  const wanted = PURPOSE_OIDS[purpose];
  if (cert.extKeyUsage.includes(wanted) || cert.extKeyUsage.includes(O.OID_ANY_EXTENDED_KEY_USAGE))
    return undefined;
  return {
    code: "extended-key-usage",
    certificateIndex: index,
    message: `extendedKeyUsage does not allow ${purpose}`,
  };
}

/**
 * Validates `path` (leaf first, intermediates after; the anchor separately) at ctx.at.
 * Returns undefined when the path passes every §6.1 check except revocation.
 */
export function checkPath(
  ctx: ValidationContext,
  path: ParsedCertificate[],
  anchor: ParsedCertificate,
): PathFailure | undefined {
  const n = path.length;
  const policies = new PolicyState(n, ctx.policy);
  const constraints = new NameConstraintsState();
  const constrainingAnchor = anchorNameConstraints(ctx, anchor);
  if (constrainingAnchor) constraints.add(constrainingAnchor);
  let maxPathLength = initialMaxPathLength(ctx, anchor, n);
  let workingKey = anchorKey(anchor);
  let workingIssuer = anchor.subject;
  const fail = (code: PathFailure["code"], index: number, message: string): PathFailure => ({
    code,
    certificateIndex: index,
    message,
  });
  const anchorFailure = anchorValidityFailure(ctx, anchor, n);
  if (anchorFailure) return anchorFailure;
  try {
    for (let i = 1; i <= n; i++) {
      const index = n - i;
      const cert = path[index]!;
      const last = i === n;
      // §6.1.3 (a)(1) signature
      const sig = signatureFailure(ctx, cert, workingKey, index);
      if (sig) return sig;
      // RFC 5280 §4 MUSTs, when the caller asked for the strict profile.
      if (ctx.profile === "strict") {
        const issuer = index + 1 < n ? path[index + 1]! : anchor;
        const selfSigned = cert.selfIssued && Buffer.compare(issuer.spki, cert.spki) === 0;
        const v = certificateProfileViolation({ cert, selfSigned });
        if (v) return fail(v.code, index, v.message);
      }
      // (a)(2) validity
      if (ctx.at < cert.notBefore)
        return fail("not-yet-valid", index, `not valid before ${cert.notBefore.toISOString()}`);
      if (ctx.at > cert.notAfter) return fail("expired", index, `expired ${cert.notAfter.toISOString()}`);
      // (a)(4) name chaining
      if (cert.issuer.key !== workingIssuer.key)
        return fail("name-chaining", index, "issuer name does not match the issuer's subject");
      // (b), (c) name constraints: self-issued intermediates are exempt
      if (last || !cert.selfIssued) {
        const nc = constraints.check(cert);
        if (nc) return fail("name-constraints", index, nc);
      }
      // (d)–(f) policies
      const pol = policies.processCertificate(cert, i);
      if (pol) return fail("policy", index, pol);
      // EKU of CAs too, as browsers and EN 319 102-1 validators do (RFC 5280 leaves it open).
      const eku = ekuFailure(cert, ctx.purpose, index);
      if (eku) return eku;
      if (last) break;
      // §6.1.4 preparation for certificate i + 1
      const prep = policies.prepareNext(cert, i);
      if (prep) return fail("policy", index, prep);
      workingIssuer = cert.subject;
      workingKey = workingKey ? nextWorkingKey(cert, workingKey) : undefined;
      constraints.add(cert);
      // (k) basicConstraints
      if (!cert.basicConstraints?.ca)
        return fail(
          "basic-constraints",
          index,
          "an intermediate certificate is not a CA (basicConstraints cA)",
        );
      // (l), (m) path length
      if (!cert.selfIssued) {
        if (maxPathLength <= 0)
          return fail("path-length", index, "the path is longer than a pathLenConstraint allows");
        maxPathLength--;
      }
      const pl = cert.basicConstraints.pathLen;
      if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
      // (n) keyUsage
      if (cert.keyUsage && !cert.keyUsage.has(KEY_USAGE.keyCertSign)) {
        return fail("key-usage", index, "a CA certificate's keyUsage lacks keyCertSign");
      }
      // (o) unrecognised critical extensions
      const unknown = unknownCriticalExtension(cert);
      if (unknown)
        return fail("unknown-critical-extension", index, `unrecognised critical extension ${unknown}`);
    }
    // §6.1.5 wrap-up
    const leaf = path[0]!;
    const unknown = unknownCriticalExtension(leaf);
    if (unknown) return fail("unknown-critical-extension", 0, `unrecognised critical extension ${unknown}`);
    const pol = policies.wrapUp(leaf);
    if (pol) return fail("policy", 0, pol);
  } catch (error) {
    if (error instanceof PolicyTreeTooLarge)
      return fail("policy", 0, "the policy tree grew beyond its limit");
    throw error;
  }
  return undefined;
}
