/**
 * validateCertificatePath: RFC 5280 §6 path building and validation with revocation.
 * Steps, in order: parse inputs → build candidate paths → for each, §6.1 checks
 * (check-path.ts) then revocation (check-revocation.ts) → the first valid path wins; when none
 * does, the failure of the path that got furthest is reported.
 */
import { randomBytes } from "node:crypto";
import { MalformedInputError } from "../errors.ts";
import { type ParsedCertificate, parseCertificate } from "./cert/certificate.ts";
import { type ParsedCrl, parseCrl } from "./crl/parse-crl.ts";
import { OID_ANY_POLICY } from "./oids.ts";
import { anchorValidityFailure } from "./path/anchor-constraints.ts";
import { buildPaths } from "./path/build-paths.ts";
import { checkPath } from "./path/check-path.ts";
import type { ValidationContext } from "./path/context.ts";
import { PathPruning } from "./path/path-pruning.ts";
import { SignatureCheckCache } from "./path/signature-cache.ts";
import { checkRevocation } from "./revocation/check-revocation.ts";
import type { CertificateInfo, PathFailure, PathValidationInput, PathValidationResult } from "./types.ts";

/** Candidate paths tried per validation, nested CRL-signer validations included. */
const MAX_PATHS = 64;

const crlCache = new WeakMap<Uint8Array, ParsedCrl>();

/** Parses a CRL, reusing the parse when the same, unchanged buffer is passed again (large CRLs). */
function parseCrlCached(der: Uint8Array): ParsedCrl {
  let crl = crlCache.get(der);
  // A byte comparison proves the buffer unchanged since it was parsed (~5 ms for 28 MB).
  if (!crl || Buffer.compare(crl.der, der) !== 0) {
    crl = parseCrl(der);
    crlCache.set(der, crl);
  }
  return crl;
}

export function certificateInfo(cert: ParsedCertificate): CertificateInfo {
  return { subject: cert.subjectString, issuer: cert.issuerString, serial: cert.serial, der: cert.der };
}

function parseAll<T>(items: Uint8Array[] | undefined, parse: (der: Uint8Array) => T): T[] {
  const out: T[] = [];
  for (const der of items ?? []) {
    try {
      out.push(parse(der));
    } catch (error) {
      // Garbage among optional extras (pool certificates, CRLs) gives no information; skip it.
      if (!(error instanceof MalformedInputError)) throw error;
    }
  }
  return out;
}

function malformedResult(message: string): PathValidationResult {
  return { valid: false, path: [], failure: { code: "malformed", certificateIndex: 0, message } };
}

/** RFC 8954 §2.1: Nonce ::= OCTET STRING (SIZE(1..32)). A wrong setting is a programming error. */
function nonceLength(length: number | undefined): number | undefined {
  if (length === undefined) return undefined;
  if (!Number.isInteger(length) || length < 1 || length > 32)
    throw new RangeError("ocspNonceLength must be an integer from 1 to 32 (RFC 8954 §2.1)");
  return length;
}

/** Tolerance for issuers' clocks running ahead of ours (see PathValidationInput.clockSkewMs). */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

export async function validateCertificatePath(input: PathValidationInput): Promise<PathValidationResult> {
  let leaf: ParsedCertificate;
  let anchors: ParsedCertificate[];
  try {
    leaf = parseCertificate(input.leaf);
    anchors = input.anchors.map((a) => parseCertificate(a));
  } catch (error) {
    if (error instanceof MalformedInputError) return malformedResult(error.message);
    throw error;
  }
  const ctx: ValidationContext = {
    at: input.at ?? new Date(),
    allowSha1: input.allowSha1 ?? true,
    clockSkewMs: input.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
    purpose: input.purpose ?? "any",
    revocation: input.revocation ?? "if-available",
    anchorConstraints: input.anchorConstraints ?? "enforce",
    profile: input.profile ?? "default",
    policy: {
      initialPolicySet: input.initialPolicySet?.length ? input.initialPolicySet : [OID_ANY_POLICY],
      initialExplicitPolicy: input.initialExplicitPolicy ?? false,
      initialPolicyMappingInhibit: input.initialPolicyMappingInhibit ?? false,
      initialAnyPolicyInhibit: input.initialAnyPolicyInhibit ?? false,
    },
    pool: parseAll(input.untrusted, parseCertificate),
    anchors,
    crls: parseAll(input.crls, parseCrlCached),
    ocspResponses: input.ocspResponses ?? [],
    fetchCrl: input.fetchCrl,
    fetchOcsp: input.fetchOcsp,
    ocspNonceLength: nonceLength(input.ocspNonceLength),
    randomBytes: input.randomBytes ?? ((n) => new Uint8Array(randomBytes(n))),
    depth: 0,
    signatureCache: input.signatureCache ?? new SignatureCheckCache(),
    budget: { paths: MAX_PATHS },
    fetchedCrlUrls: new Set(),
    signersInProgress: new Set(),
  };
  return validateParsed(ctx, leaf);
}

/** A separate CRL signer must itself have a valid path to the same anchor (RFC 5280 §6.3.3 (f)). */
async function validateSigner(
  ctx: ValidationContext,
  signer: ParsedCertificate,
  anchor: ParsedCertificate,
): Promise<boolean> {
  const nested: ValidationContext = { ...ctx, anchors: [anchor], purpose: "any", depth: ctx.depth + 1 };
  nested.policy = { ...ctx.policy, initialPolicySet: [OID_ANY_POLICY], initialExplicitPolicy: false };
  return (await validateParsed(nested, signer)).valid;
}

async function validateParsed(
  ctx: ValidationContext,
  leaf: ParsedCertificate,
): Promise<PathValidationResult> {
  const selfAnchor = ctx.anchors.find((a) => a.fingerprint === leaf.fingerprint);
  if (selfAnchor) {
    const info = certificateInfo(selfAnchor);
    const failure = anchorValidityFailure(ctx, selfAnchor, 0);
    if (failure) return { valid: false, path: [info], trustAnchor: info, failure };
    return { valid: true, path: [info], trustAnchor: info };
  }
  let best:
    | { path: ParsedCertificate[]; anchor: ParsedCertificate; failure: PathFailure; rank: number }
    | undefined;
  const pruning = new PathPruning();
  for (const candidate of buildPaths(ctx, leaf, pruning)) {
    if (ctx.budget.paths-- <= 0) break;
    let failure = checkPath(ctx, candidate.path, candidate.anchor);
    let stage = 0;
    if (!failure) {
      failure = await checkRevocation(ctx, candidate.path, candidate.anchor, validateSigner);
      stage = 1;
      if (!failure) {
        const path = [...candidate.path, candidate.anchor].map(certificateInfo);
        return { valid: true, path, trustAnchor: path[path.length - 1] };
      }
    }
    pruning.learn(candidate.path, candidate.anchor, failure);
    // The most relevant failure: revocation problems over other checks, and those over a bad
    // signature (a wrong guess of issuer by the builder); then the path that got furthest.
    if (stage === 0 && failure.code !== "signature-invalid") stage = 0.5;
    const rank = stage * 1000 + (candidate.path.length - failure.certificateIndex);
    if (!best || rank > best.rank) best = { ...candidate, failure, rank };
  }
  if (best) {
    const path = [...best.path, best.anchor].map(certificateInfo);
    return { valid: false, path, trustAnchor: path[path.length - 1], failure: best.failure };
  }
  return { valid: false, path: [], failure: noPathFailure(ctx, leaf) };
}

/** Why no path exists: an issuer that matches by key identifier but not by name is a chaining error. */
function noPathFailure(ctx: ValidationContext, leaf: ParsedCertificate): PathFailure {
  const byKeyId = [...ctx.pool, ...ctx.anchors].find(
    (c) => leaf.authorityKeyId && c.subjectKeyId === leaf.authorityKeyId && c.subject.key !== leaf.issuer.key,
  );
  if (byKeyId) {
    return {
      code: "name-chaining",
      certificateIndex: 0,
      message: `the issuer name does not match the subject of "${byKeyId.subjectString}", whose key identifier it names`,
    };
  }
  return {
    code: "no-path",
    certificateIndex: 0,
    message: `no path to a trust anchor: issuer "${leaf.issuerString}" not found`,
  };
}
