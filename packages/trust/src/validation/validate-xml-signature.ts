/**
 * Validation of one XML signature (XAdES baseline or plain XML-DSig) per ETSI EN 319 102-1,
 * as a visible pipeline of building blocks (§5.2 basic, §5.5 with time, §5.6 long-term):
 *   format checking → identification of the signing certificate → cryptographic verification
 *   → time-stamps (POE, best-signature-time) → X.509 validation with time → algorithm
 *   constraints → signature level, scope and qualification.
 * Embedded certificates and revocation data are used first; the network only through the
 * injected fetchers, which are off unless the caller passes them.
 */

import { X509Certificate } from "node:crypto";
import { C14N_10 } from "../c14n/algorithms.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { uniqueDer } from "../xades/chain.ts";
import type { XadesFormat } from "../xades/constants.ts";
import type { RevocationFetchers } from "../xades/ports.ts";
import { readXadesProperties, type XadesProperties } from "../xades/read-properties.ts";
import { archiveTimeStampInput, signatureTimeStampInput } from "../xades/time-stamp-input.ts";
import { childElements, stripXmlWhitespace, textOf } from "../xml/dom.ts";
import type { ExternalResolver } from "../xmldsig/references.ts";
import { signatureMethodInfo } from "../xmldsig/signature-methods.ts";
import { DIGEST_SHA1, DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import { verifyXmlSignature, type XmlSignatureVerification } from "../xmldsig/verify.ts";
import { unrenewedArchiveTimeStamp } from "./archive-renewal.ts";
import { checkSignerCertificate } from "./check-signer-certificate.ts";
import { checkSigningCertificate } from "./check-signing-certificate.ts";
import {
  checkTimeStamp,
  commonNameOf,
  serialNumberAttributeOf,
  type TimeStampEvidence,
} from "./check-time-stamps.ts";
import { verifyRsaLegacyDigestInfo } from "./legacy-rsa.ts";
import { ocspResponsesBefore } from "./ocsp-timing.ts";
import { qualifySignature } from "./qualify-step.ts";
import { signatureScope } from "./signature-scope.ts";
import {
  type CryptoPolicy,
  DEFAULT_CRYPTO_POLICY,
  type Indication,
  type OcspBeforeTimestampRule,
  type QualifySignature,
  type ReportMessage,
  type SignatureReport,
  type SubIndication,
} from "./types.ts";

export interface ValidateXmlSignatureOptions {
  document: Document;
  signature: Element;
  /** Detached data (ASiC-E entries, files next to a detached signature). */
  resolver?: ExternalResolver;
  /** The container's data files and how a reference URI maps to one (ASiC-E). */
  dataFiles?: string[];
  uriToFile?: (uri: string) => string | null;
  anchors: Uint8Array[];
  /** Extra untrusted CA certificates. */
  certificates?: Uint8Array[];
  validationTime?: Date;
  /** Network, only when the caller asked for it (`--online`). */
  fetchers?: RevocationFetchers;
  cryptoPolicy?: CryptoPolicy;
  ocspBeforeTimestamp?: OcspBeforeTimestampRule;
  qualify?: QualifySignature;
  /**
   * Certificate and CRL signature checks shared between validations (signature-cache.ts): a
   * service validating many documents of the same signers verifies each CA's signature on a
   * certificate once. Keys name exact bytes and results are cryptography only, so revocation,
   * validity dates and every document's own signature are still checked each time.
   */
  signatureCache?: SignatureCheckCache;
}

const FORMAT_CODES = new Set([
  "xmldsig-structure",
  "xmldsig-multiple-signed-info",
  "xmldsig-duplicate-id",
  "xmldsig-reference-unresolved",
  "xmldsig-reference-ambiguous",
  "xmldsig-enveloped-misplaced",
  "xmldsig-unsupported-transform",
  "xmldsig-transform-failed",
]);

function keyInfoCertificates(v: XmlSignatureVerification): Uint8Array[] {
  return v.keyInfo.certificates;
}

/** Legacy DigestInfo fallback (legacy-rsa.ts): re-checks an RSA SignatureValue. */
function legacyRsaCheck(v: XmlSignatureVerification, candidates: Uint8Array[]): Uint8Array | undefined {
  let info: ReturnType<typeof signatureMethodInfo>;
  try {
    info = signatureMethodInfo(v.signatureMethod);
  } catch {
    return undefined;
  }
  if (info.family !== "rsa" || !v.signedInfoOctets) return undefined;
  const sv = childElements(v.signature, DSIG_NAMESPACE, "SignatureValue")[0];
  if (!sv) return undefined;
  const value = Buffer.from(stripXmlWhitespace(textOf(sv)), "base64");
  for (const der of candidates) {
    try {
      const key = new X509Certificate(der).publicKey;
      if (verifyRsaLegacyDigestInfo(info.hash, key, v.signedInfoOctets, value)) return der;
    } catch {
      // not an RSA certificate: next
    }
  }
  return undefined;
}

function levelOf(props: XadesProperties | undefined, hasCompleteValues: boolean): XadesFormat {
  if (!props || props.signingCertificates.length === 0) return props ? "XAdES-BASELINE-B" : "XML-NOT-ETSI";
  if (props.signatureTimeStamps.length === 0) return "XAdES-BASELINE-B";
  if (!hasCompleteValues) return "XAdES-BASELINE-T";
  return props.archiveTimeStamps.length > 0 ? "XAdES-BASELINE-LTA" : "XAdES-BASELINE-LT";
}

export async function validateXmlSignature(options: ValidateXmlSignatureOptions): Promise<SignatureReport> {
  const warnings: ReportMessage[] = [];
  const errors: ReportMessage[] = [];
  const validationTime = options.validationTime ?? new Date();
  const policy = options.cryptoPolicy ?? DEFAULT_CRYPTO_POLICY;
  const report: SignatureReport = {
    id: options.signature.getAttribute("Id") ?? "",
    format: "XML-NOT-ETSI",
    signedBy: null,
    signerId: null,
    claimedSigningTime: null,
    bestSignatureTime: null,
    indication: "INDETERMINATE",
    subIndication: null,
    qualification: null,
    signatureValueValid: false,
    referencesIntact: false,
    scope: "PARTIAL",
    coveredFiles: [],
    timestamps: [],
    warnings,
    errors,
  };
  // Known once the signing certificate (and, later, its chain) are identified.
  let qualifyAs: { certificate: Uint8Array; chain: Uint8Array[]; at: Date } | undefined;
  const finish = (indication: Indication, sub: SubIndication | null, message?: string): SignatureReport => {
    report.indication = indication;
    report.subIndication = sub;
    if (message && sub) errors.push({ code: sub, message });
    // 9. Qualification (TS 119 615) through the trusted-list port, for every outcome.
    qualifySignature(options.qualify, qualifyAs, indication, report);
    return report;
  };

  // 1. XML-DSig core (exact per-reference coverage).
  const v = await verifyXmlSignature(options.document, {
    signature: options.signature,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  for (const e of v.errors) errors.push({ code: e.code, message: e.message });
  let signingCertificate = v.signingKey?.certificate;
  let signatureValueValid = v.signatureValueValid;
  if (!signatureValueValid && v.errors.some((e) => e.code === "xmldsig-signature-invalid")) {
    const legacy = legacyRsaCheck(v, keyInfoCertificates(v));
    if (legacy) {
      signatureValueValid = true;
      signingCertificate = legacy;
      const i = errors.findIndex((e) => e.code === "xmldsig-signature-invalid");
      if (i >= 0) errors.splice(i, 1);
      warnings.push({
        code: "rsa-digestinfo-without-null",
        message: "the RSA signature's DigestInfo omits the NULL hash parameters (legacy form, accepted)",
      });
    }
  }
  report.signatureValueValid = signatureValueValid;
  const dataRefs = v.references.filter((r) => r.type !== "http://uri.etsi.org/01903#SignedProperties");
  report.referencesIntact = v.references.length > 0 && v.references.every((r) => r.digestValid);

  // Scope: only what the signature covers (SIG-3).
  Object.assign(report, signatureScope(dataRefs, options));

  // 2. XAdES properties (read only from the covered SignedProperties).
  const props = readXadesProperties(v);
  if (props?.signingTime) report.claimedSigningTime = props.signingTime.toISOString();

  // Identification of the signing certificate (EN 319 102-1 §5.2.3).
  const candidates = keyInfoCertificates(v);
  if (!signingCertificate && props) {
    signingCertificate = candidates.find((c) => checkSigningCertificate(c, props.signingCertificates).ok);
  }
  if (!signingCertificate) signingCertificate = candidates[0];
  if (signingCertificate) {
    report.signedBy = commonNameOf(signingCertificate) ?? null;
    report.signerId = serialNumberAttributeOf(signingCertificate) ?? null;
  }

  if (signingCertificate)
    qualifyAs = { certificate: signingCertificate, chain: [signingCertificate], at: validationTime };

  const pool = uniqueDer([
    ...candidates,
    ...(props?.certificateValues ?? []),
    ...(options.certificates ?? []),
  ]);
  const crls = uniqueDer([...v.keyInfo.crls, ...(props?.crls ?? [])]);
  const ocspResponses = uniqueDer(props?.ocspResponses ?? []);

  // One memo of certificate and CRL signature checks for every path validated below (the
  // signer's and the TSAs' paths usually share a CA): bounded, keyed by exact bytes.
  const signatureCache = options.signatureCache ?? new SignatureCheckCache();

  // 3. Time-stamps: POE for the best-signature-time.
  const tsCtx = {
    signatureCache,
    anchors: options.anchors,
    pool,
    crls,
    ocspResponses,
    ...(options.fetchers?.fetchCrl ? { fetchCrl: options.fetchers.fetchCrl } : {}),
    ...(options.fetchers?.fetchOcsp ? { fetchOcsp: options.fetchers.fetchOcsp } : {}),
  };
  const evidence: TimeStampEvidence[] = [];
  for (const ts of props?.signatureTimeStamps ?? []) {
    let covered: Uint8Array;
    try {
      covered = signatureTimeStampInput(options.signature, ts.c14nUri || C14N_10);
    } catch (error) {
      errors.push({ code: "timestamp-input", message: String(error) });
      continue;
    }
    evidence.push(await checkTimeStamp("SIGNATURE", ts.token, covered, tsCtx));
  }
  const referenceOctets = v.references.map((r) => r.digestedOctets);
  for (const ts of props?.archiveTimeStamps ?? []) {
    if (referenceOctets.some((o) => !o)) {
      evidence.push({
        type: "ARCHIVE",
        valid: false,
        certificates: [],
        problems: [
          { code: "timestamp-input", message: "archive time-stamp: a reference could not be processed" },
        ],
      });
      continue;
    }
    const covered = archiveTimeStampInput({
      signature: options.signature,
      referenceOctets: referenceOctets as Uint8Array[],
      archiveTimeStamp: ts.element,
      c14nUri: ts.c14nUri,
    });
    evidence.push(await checkTimeStamp("ARCHIVE", ts.token, covered, tsCtx));
  }
  for (const e of evidence) {
    report.timestamps.push({
      type: e.type,
      time: e.genTime ? e.genTime.toISOString() : "",
      valid: e.valid,
      ...(e.tsa ? { tsa: e.tsa } : {}),
    });
    for (const p of e.problems) warnings.push(p);
  }
  const signatureStamps = evidence.filter((e) => e.type === "SIGNATURE" && e.valid && e.genTime);
  const poe = signatureStamps.length
    ? new Date(Math.min(...signatureStamps.map((e) => e.genTime!.getTime())))
    : undefined;
  if (poe) report.bestSignatureTime = poe.toISOString();
  if (poe && props?.signingTime && props.signingTime.getTime() > poe.getTime() + 60_000) {
    warnings.push({
      code: "signing-time-after-timestamp",
      message: "the claimed signing time is after the signature time-stamp",
    });
  }
  const archive = evidence.filter((e) => e.type === "ARCHIVE");
  const sigTimes = signatureStamps.map((e) => e.genTime!.getTime());
  for (const a of archive) {
    if (a.valid && a.genTime && sigTimes.some((t) => t > a.genTime!.getTime()))
      return finish(
        "INDETERMINATE",
        "TIMESTAMP_ORDER_FAILURE",
        "an archive time-stamp precedes the signature time-stamp",
      );
  }

  // Level (DSS-like: LT only with revocation values present).
  const hasValues = !!props?.hasRevocationValues && (props.ocspResponses.length > 0 || props.crls.length > 0);
  report.format = levelOf(props, hasValues);

  // 4. Format checking (EN 319 102-1 §5.2.2).
  const formatProblem = v.errors.find((e) => FORMAT_CODES.has(e.code));
  if (formatProblem) return finish("TOTAL-FAILED", "FORMAT_FAILURE", formatProblem.message);
  if (v.errors.some((e) => e.code === "xmldsig-unsupported-algorithm" || e.code === "xmldsig-weak-algorithm"))
    return finish("INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE", "an algorithm is not supported");
  if (props && props.signingCertificates.length === 0)
    return finish(
      "INDETERMINATE",
      "NO_SIGNING_CERTIFICATE_FOUND",
      "the signature has no SigningCertificate(V2)",
    );

  // 5. Identification of the signing certificate.
  if (!signingCertificate)
    return finish("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "no signing certificate in the signature");
  let sha1CertDigest = false;
  if (props) {
    const sc = checkSigningCertificate(signingCertificate, props.signingCertificates);
    if (!sc.ok) return finish("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", sc.message);
    warnings.push(...sc.warnings);
    sha1CertDigest = sc.sha1;
  }

  // 6. Cryptographic verification (EN 319 102-1 §5.2.7).
  if (v.errors.some((e) => e.code === "xmldsig-reference-unavailable"))
    return finish("INDETERMINATE", "SIGNED_DATA_NOT_FOUND", "signed data is missing");
  if (!report.referencesIntact)
    return finish("TOTAL-FAILED", "HASH_FAILURE", "a reference digest does not match");
  if (!signatureValueValid)
    return finish(
      "TOTAL-FAILED",
      "SIG_CRYPTO_FAILURE",
      "the SignatureValue does not verify with the signing certificate",
    );
  if (v.signingKey && !bytesEqual(v.signingKey.certificate ?? new Uint8Array(), signingCertificate))
    return finish(
      "INDETERMINATE",
      "NO_SIGNING_CERTIFICATE_FOUND",
      "the key that verified is not the signing certificate's",
    );

  // Preservation: the newest archive time-stamp must still be trustworthy now (archive-renewal.ts).
  const unrenewed = unrenewedArchiveTimeStamp(evidence, validationTime);
  if (unrenewed) {
    warnings.push({ code: "archive-time-stamp-expired", message: unrenewed });
    return finish("INDETERMINATE", "NO_POE", unrenewed);
  }

  // 7. X.509 validation with time.
  const cert = await checkSignerCertificate({
    signatureCache,
    certificate: signingCertificate,
    pool,
    anchors: options.anchors,
    crls,
    ocspResponses,
    validationTime,
    ...(poe ? { poe } : {}),
    ...(props?.signingTime ? { claimedSigningTime: props.signingTime } : {}),
    ...(options.fetchers?.fetchCrl ? { fetchCrl: options.fetchers.fetchCrl } : {}),
    ...(options.fetchers?.fetchOcsp ? { fetchOcsp: options.fetchers.fetchOcsp } : {}),
  });
  warnings.push(...cert.warnings);
  if (cert.chain.length > 0)
    qualifyAs = { certificate: signingCertificate, chain: cert.chain, at: poe ?? validationTime };
  if (cert.failure) return finish(cert.failure.indication, cert.failure.subIndication, cert.failure.message);

  // Latvian files: OCSP produced a little before the signature time-stamp (§1.4.4).
  if (poe) {
    const early = ocspResponsesBefore(ocspResponses, signingCertificate, poe);
    if (early.length > 0 && options.ocspBeforeTimestamp === "failure")
      return finish(
        "INDETERMINATE",
        "TIMESTAMP_ORDER_FAILURE",
        `the OCSP response (${early[0]!.toISOString()}) predates the signature time-stamp`,
      );
    for (const t of early)
      warnings.push({
        code: "ocsp-before-timestamp",
        message: `the OCSP response (${t.toISOString()}) predates the signature time-stamp (${poe.toISOString()})`,
      });
  }

  // 8. Algorithm constraints: SHA-1 only for signatures proven before its expiry.
  const usesSha1 =
    v.signatureMethod.endsWith("sha1") ||
    v.references.some((r) => r.digestMethod === DIGEST_SHA1) ||
    sha1CertDigest;
  if (usesSha1) {
    const when = poe ?? props?.signingTime;
    if (!when || when.getTime() >= policy.sha1ValidUntil.getTime())
      return finish(
        "INDETERMINATE",
        "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
        `SHA-1 is not accepted for signatures after ${policy.sha1ValidUntil.toISOString()}`,
      );
    warnings.push({
      code: poe ? "sha1-accepted" : "sha1-accepted-claimed-time",
      message: poe
        ? "SHA-1 accepted: the signature is proven to exist before the algorithm's expiry"
        : "SHA-1 accepted on the claimed signing time (no time-stamp)",
    });
  }

  return finish("TOTAL-PASSED", null);
}
