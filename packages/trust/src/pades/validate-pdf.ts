/**
 * PAdES validation (ETSI EN 319 102-1 with the PAdES specifics of EN 319 142-1), reusing the
 * XAdES validator's building blocks (../validation): for each signature field,
 *   ByteRange coverage → CMS format → signing certificate identification → cryptographic
 *   verification → time-stamps (signature time-stamp = POE; document time-stamps) → X.509
 *   validation with time (embedded CMS certificates + the DSS) → changes after the signed
 *   revision (allowed or not) → algorithm constraints → level and qualification.
 * SIG-3: each signature is reported with its signer, time evidence and what it covers.
 */

import { createHash } from "node:crypto";
import { parseSignedData } from "../cms/parse-signed-data.ts";
import { checkSignerCertificate } from "../validation/check-signer-certificate.ts";
import {
  checkTimeStamp,
  commonNameOf,
  serialNumberAttributeOf,
  type TimeStampEvidence,
} from "../validation/check-time-stamps.ts";
import { qualifySignature } from "../validation/qualify-step.ts";
import {
  type CryptoPolicy,
  DEFAULT_CRYPTO_POLICY,
  type Indication,
  type QualifySignature,
  type ReportMessage,
  type SubIndication,
} from "../validation/types.ts";
import { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { uniqueDer } from "../xades/chain.ts";
import type { RevocationFetchers } from "../xades/ports.ts";
import { checkByteRange, coveredRanges } from "./check-byte-range.ts";
import { checkCmsSignature } from "./check-cms-signature.ts";
import { detectChanges } from "./detect-changes.ts";
import { PdfError } from "./errors.ts";
import type { PdfLimits } from "./limits.ts";
import { PdfDocument, revisionEnds } from "./pdf-document.ts";
import { readDss } from "./read-dss.ts";
import { type PdfSignatureField, readSignatureFields } from "./read-signatures.ts";
import { timeStampTokensOf } from "./signature-cms.ts";
import type {
  DocumentTimeStampReport,
  PadesFormat,
  PadesSignatureReport,
  PdfValidationReport,
} from "./types.ts";

export interface ValidatePdfOptions {
  anchors: Uint8Array[];
  certificates?: Uint8Array[];
  validationTime?: Date;
  fetchers?: RevocationFetchers;
  cryptoPolicy?: CryptoPolicy;
  qualify?: QualifySignature;
  limits?: Partial<PdfLimits>;
}

interface Context {
  bytes: Uint8Array;
  latest: PdfDocument;
  ends: number[];
  pool: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  dssHasRevocation: boolean;
  vriWithRevocation: Set<string> | null;
  docStamps: { sig: PdfSignatureField; end: number | null; evidence: TimeStampEvidence }[];
  options: ValidatePdfOptions;
  cache: SignatureCheckCache;
}

/** Throws a PdfError when the file itself cannot be read within the limits. */
export async function validatePdf(
  bytes: Uint8Array,
  options: ValidatePdfOptions,
): Promise<PdfValidationReport> {
  const latest = PdfDocument.open(bytes, options.limits ? { limits: options.limits } : {});
  const ends = revisionEnds(bytes);
  const fields = readSignatureFields(latest);
  const dss = readDss(latest);
  const ctx: Context = {
    bytes,
    latest,
    ends,
    pool: uniqueDer([...dss.certs, ...(options.certificates ?? [])]),
    crls: dss.crls,
    ocsps: dss.ocsps,
    dssHasRevocation: dss.crls.length + dss.ocsps.length > 0,
    vriWithRevocation: dss.vriWithRevocation,
    docStamps: [],
    options,
    cache: new SignatureCheckCache(),
  };
  const report: PdfValidationReport = {
    container: "PDF",
    valid: false,
    revisions: ends.length,
    signatures: [],
    documentTimeStamps: [],
    errors: [],
  };
  for (const sig of fields.filter((f) => f.type === "DocTimeStamp")) {
    const { entry, evidence, end } = await checkDocumentTimeStamp(sig, ctx);
    report.documentTimeStamps.push(entry);
    ctx.docStamps.push({ sig, end, evidence });
  }
  for (const sig of fields.filter((f) => f.type === "Sig"))
    report.signatures.push(await validateSignature(sig, ctx));
  if (fields.length === 0)
    report.errors.push({ code: "no-signature", message: "the document holds no signature" });
  report.valid =
    report.signatures.length > 0 &&
    report.signatures.every((s) => s.indication === "TOTAL-PASSED") &&
    report.documentTimeStamps.every((t) => t.valid);
  return report;
}

async function checkDocumentTimeStamp(sig: PdfSignatureField, ctx: Context) {
  const range = checkByteRange(ctx.bytes, sig, ctx.ends);
  const end = range.ok ? range.revisionEnd : null;
  let evidence: TimeStampEvidence;
  if (!range.ok)
    evidence = {
      type: "ARCHIVE",
      valid: false,
      certificates: [],
      problems: [{ code: range.code, message: range.message }],
    };
  else {
    let token: Uint8Array;
    try {
      token = sig.contents.subarray(0, parseSignedData(sig.contents).length);
    } catch {
      token = sig.contents;
    }
    // The token's imprint is over the ByteRange octets (ISO 32000-2 §12.8.5): joined once here.
    const [a, b] = coveredRanges(ctx.bytes, sig.byteRange);
    evidence = await checkTimeStamp("ARCHIVE", token, Buffer.concat([a, b]), tsContext(ctx));
  }
  const entry: DocumentTimeStampReport = {
    type: "ARCHIVE",
    time: evidence.genTime ? evidence.genTime.toISOString() : "",
    valid: evidence.valid,
    ...(evidence.tsa ? { tsa: evidence.tsa } : {}),
    fieldName: sig.fieldName,
    coveredRevisionEnd: end,
  };
  return { entry, evidence, end };
}

function tsContext(ctx: Context, pool: Uint8Array[] = ctx.pool) {
  const f = ctx.options.fetchers;
  return {
    signatureCache: ctx.cache,
    anchors: ctx.options.anchors,
    pool,
    crls: ctx.crls,
    ocspResponses: ctx.ocsps,
    ...(f?.fetchCrl ? { fetchCrl: f.fetchCrl } : {}),
    ...(f?.fetchOcsp ? { fetchOcsp: f.fetchOcsp } : {}),
  };
}

async function validateSignature(sig: PdfSignatureField, ctx: Context): Promise<PadesSignatureReport> {
  const warnings: ReportMessage[] = [];
  const errors: ReportMessage[] = [];
  const options = ctx.options;
  const validationTime = options.validationTime ?? new Date();
  const policy = options.cryptoPolicy ?? DEFAULT_CRYPTO_POLICY;
  const report: PadesSignatureReport = {
    id: sig.fieldName,
    fieldName: sig.fieldName,
    subFilter: sig.subFilter,
    format: "PDF-NOT-ETSI",
    signedBy: null,
    signerId: null,
    claimedSigningTime: sig.claimedTime ? sig.claimedTime.toISOString() : null,
    bestSignatureTime: null,
    indication: "INDETERMINATE",
    subIndication: null,
    qualification: null,
    signatureValueValid: false,
    referencesIntact: false,
    scope: "PARTIAL",
    byteRange: sig.byteRange,
    signedRevisionEnd: null,
    coversWholeFile: false,
    signingTimeEvidence: sig.claimedTime ? "claimed" : null,
    changes: [],
    timestamps: [],
    warnings,
    errors,
  };
  let qualifyAs: { certificate: Uint8Array; chain: Uint8Array[]; at: Date } | undefined;
  const finish = (indication: Indication, sub: SubIndication | null, message?: string, code?: string) => {
    report.indication = indication;
    report.subIndication = sub;
    if (code && message) errors.push({ code, message });
    if (message && sub) errors.push({ code: sub, message });
    qualifySignature(options.qualify, qualifyAs, indication, report);
    return report;
  };

  if (sig.outsideForm)
    warnings.push({
      code: "pdf-signature-outside-form",
      message: "the signature's field is a page widget missing from the AcroForm's /Fields",
    });

  // 1. ByteRange coverage (EN 319 142-1 §5.3): the gap is /Contents only, the end a revision end.
  const range = checkByteRange(ctx.bytes, sig, ctx.ends);
  if (!range.ok) return finish("TOTAL-FAILED", "FORMAT_FAILURE", range.message, range.code);
  report.signedRevisionEnd = range.revisionEnd;
  report.coversWholeFile = range.coversWholeFile;
  report.scope = range.coversWholeFile ? "FULL" : "PARTIAL";

  // 2. Format: the CMS and the SubFilter.
  let cms: ReturnType<typeof parseSignedData>;
  try {
    cms = parseSignedData(sig.contents);
  } catch (error) {
    return finish(
      "TOTAL-FAILED",
      "FORMAT_FAILURE",
      `the /Contents is not a CMS SignedData: ${(error as Error).message}`,
    );
  }
  const etsi = sig.subFilter === "ETSI.CAdES.detached";
  if (!etsi && sig.subFilter !== "adbe.pkcs7.detached")
    return finish("TOTAL-FAILED", "FORMAT_FAILURE", `unsupported /SubFilter ${sig.subFilter || "(none)"}`);

  // 3–4. Signing certificate, message digest and signature value.
  const covered = coveredRanges(ctx.bytes, sig.byteRange);
  const pool = uniqueDer([...cms.certificates, ...ctx.pool]);
  const c = checkCmsSignature(cms, covered, pool);
  report.signatureValueValid = c.signatureValueValid;
  report.referencesIntact = c.digestValid;
  if (c.signerCertificate) {
    report.signedBy = commonNameOf(c.signerCertificate) ?? null;
    report.signerId = serialNumberAttributeOf(c.signerCertificate) ?? null;
    qualifyAs = { certificate: c.signerCertificate, chain: [c.signerCertificate], at: validationTime };
  }
  if (etsi && c.hasSigningTime)
    warnings.push({
      code: "pades-signing-time-attribute",
      message:
        "the CMS holds a signing-time attribute, which PAdES baseline excludes (/M is the claimed time)",
    });

  // 5. Time-stamps: the signature time-stamp (POE) and the document time-stamps over this revision.
  const sigValue = cms.signers[0]?.signature;
  const evidence: TimeStampEvidence[] = [];
  if (sigValue)
    for (const token of timeStampTokensOf(cms))
      evidence.push(await checkTimeStamp("SIGNATURE", token, sigValue, tsContext(ctx, pool)));
  const laterStamps = ctx.docStamps.filter((d) => d.end !== null && d.end > range.revisionEnd);
  for (const d of laterStamps) evidence.push(d.evidence);
  for (const e of evidence) {
    report.timestamps.push({
      type: e.type,
      time: e.genTime ? e.genTime.toISOString() : "",
      valid: e.valid,
      ...(e.tsa ? { tsa: e.tsa } : {}),
    });
    if (e.type === "SIGNATURE") warnings.push(...e.problems);
  }
  const sigStamps = evidence.filter((e) => e.type === "SIGNATURE" && e.valid && e.genTime);
  const poe = sigStamps.length
    ? new Date(Math.min(...sigStamps.map((e) => e.genTime!.getTime())))
    : undefined;
  if (poe) {
    report.bestSignatureTime = poe.toISOString();
    report.signingTimeEvidence = "signature-time-stamp";
  }
  if (poe && sig.claimedTime && sig.claimedTime.getTime() > poe.getTime() + 60_000)
    warnings.push({
      code: "signing-time-after-timestamp",
      message: "the claimed signing time (/M) is after the signature time-stamp",
    });

  // Level (like the XAdES one: by presence; validity decides the indication). LT needs
  // revocation data for this signature: its /VRI entry when the DSS has a /VRI, else the DSS's.
  const vriKey = createHash("sha1").update(sig.contents).digest("hex").toUpperCase();
  const hasRevocation = ctx.vriWithRevocation ? ctx.vriWithRevocation.has(vriKey) : ctx.dssHasRevocation;
  report.format = !etsi
    ? "PDF-NOT-ETSI"
    : levelOf(
        evidence.some((e) => e.type === "SIGNATURE"),
        hasRevocation,
        laterStamps.length > 0,
      );

  if (c.problem) {
    const indication =
      c.problem.sub === "HASH_FAILURE" ||
      c.problem.sub === "SIG_CRYPTO_FAILURE" ||
      c.problem.sub === "FORMAT_FAILURE"
        ? "TOTAL-FAILED"
        : "INDETERMINATE";
    return finish(indication, c.problem.sub, c.problem.message);
  }

  // 6. X.509 validation with time.
  const cert = await checkSignerCertificate({
    signatureCache: ctx.cache,
    certificate: c.signerCertificate!,
    pool,
    anchors: options.anchors,
    crls: uniqueDer([...cms.crls, ...ctx.crls]),
    ocspResponses: ctx.ocsps,
    validationTime,
    ...(poe ? { poe } : {}),
    ...(sig.claimedTime ? { claimedSigningTime: sig.claimedTime } : {}),
    ...(options.fetchers?.fetchCrl ? { fetchCrl: options.fetchers.fetchCrl } : {}),
    ...(options.fetchers?.fetchOcsp ? { fetchOcsp: options.fetchers.fetchOcsp } : {}),
  });
  warnings.push(...cert.warnings);
  if (cert.chain.length > 0)
    qualifyAs = { certificate: c.signerCertificate!, chain: cert.chain, at: poe ?? validationTime };

  // 7. Changes after the signed revision (signature acceptance: DSS's "object modifications").
  if (!range.coversWholeFile) {
    try {
      const signed = PdfDocument.open(ctx.bytes, { end: range.revisionEnd, limits: ctx.latest.limits });
      report.changes = detectChanges(signed, ctx.latest);
    } catch (error) {
      // The signed revision cannot be read on its own: what changed after it is unknown.
      if (!(error instanceof PdfError)) throw error;
      report.changes = [
        {
          object: 0,
          kind: "object-modified",
          allowed: false,
          description: `the signed revision cannot be read (${error.code}: ${error.message})`,
        },
      ];
    }
    for (const ch of report.changes.filter((x) => x.allowed && x.kind === "metadata"))
      warnings.push({ code: "pdf-metadata-changed", message: ch.description });
  }
  if (cert.failure) return finish(cert.failure.indication, cert.failure.subIndication, cert.failure.message);
  const disallowed = report.changes.filter((x) => !x.allowed);
  if (disallowed.length > 0)
    return finish(
      "INDETERMINATE",
      "SIG_CONSTRAINTS_FAILURE",
      `the document was changed after signing: ${disallowed.map((x) => x.description).join("; ")}`,
      "pdf-disallowed-changes",
    );

  // 8. Algorithm constraints: SHA-1 only before its expiry (as for XAdES).
  if (c.usesSha1) {
    const when = poe ?? sig.claimedTime;
    if (!when || when.getTime() >= policy.sha1ValidUntil.getTime())
      return finish(
        "INDETERMINATE",
        "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
        `SHA-1 is not accepted for signatures after ${policy.sha1ValidUntil.toISOString()}`,
      );
    warnings.push({
      code: poe ? "sha1-accepted" : "sha1-accepted-claimed-time",
      message: "SHA-1 accepted before its expiry",
    });
  }
  return finish("TOTAL-PASSED", null);
}

function levelOf(
  hasSignatureTimeStamp: boolean,
  hasRevocation: boolean,
  hasDocumentTimeStamp: boolean,
): PadesFormat {
  if (!hasSignatureTimeStamp) return "PAdES-BASELINE-B";
  if (!hasRevocation) return "PAdES-BASELINE-T";
  return hasDocumentTimeStamp ? "PAdES-BASELINE-LTA" : "PAdES-BASELINE-LT";
}
