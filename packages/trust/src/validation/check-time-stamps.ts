/**
 * Validation of XAdES time-stamps (EN 319 102-1 §5.4, time-stamp validation building block):
 * the token's own integrity (tsp module), its message imprint over the XAdES input
 * (xades/time-stamp-input.ts), and the TSA certificate's path for the timeStamping purpose.
 * The TSA path is checked at the token's genTime with revocation "if-available": a later
 * archive time-stamp or the embedded validation data are what keep it provable afterwards.
 */
import { createHash } from "node:crypto";
import { MalformedInputError } from "../errors.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { hashNameOf } from "../ocsp/hash-algorithms.ts";
import { verifyTimeStampToken } from "../tsp/verify-token.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import type { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { validateCertificatePath } from "../x509/validate-certificate-path.ts";
import { dropNonX509Certificates } from "./tolerant-token.ts";
import type { ReportMessage, TimestampReport } from "./types.ts";

export interface TimeStampEvidence {
  type: TimestampReport["type"];
  genTime?: Date;
  valid: boolean;
  tsa?: string;
  tsaCertificate?: Uint8Array;
  certificates: Uint8Array[];
  problems: ReportMessage[];
}

export interface TimeStampContext {
  anchors: Uint8Array[];
  pool: Uint8Array[];
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  fetchCrl?: (url: string) => Promise<Uint8Array | undefined>;
  fetchOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array | undefined>;
  /** Shared with the signer's path validation: the CA's certificate and CRL are checked once. */
  signatureCache?: SignatureCheckCache;
}

const OID_COMMON_NAME = "2.5.4.3";
const OID_SERIAL_NUMBER = "2.5.4.5";

/** A subject attribute's text (CN, serialNumber), undefined when absent or unreadable. */
export function subjectAttributeOf(der: Uint8Array, oid: string): string | undefined {
  try {
    for (const rdn of parseCertificate(der).subject.rdns)
      for (const a of rdn) if (a.type === oid && a.text !== undefined) return a.text;
  } catch {
    return undefined;
  }
  return undefined;
}

export const commonNameOf = (der: Uint8Array) => subjectAttributeOf(der, OID_COMMON_NAME);
/** ETSI EN 319 412-1 §5.1.3 semantics identifier, e.g. "PNOLV-010101-12345". */
export const serialNumberAttributeOf = (der: Uint8Array) => subjectAttributeOf(der, OID_SERIAL_NUMBER);

export async function checkTimeStamp(
  type: TimestampReport["type"],
  token: Uint8Array,
  coveredOctets: Uint8Array,
  ctx: TimeStampContext,
): Promise<TimeStampEvidence> {
  const out: TimeStampEvidence = { type, valid: false, certificates: [], problems: [] };
  const label = type === "SIGNATURE" ? "signature time-stamp" : "archive time-stamp";
  let check: ReturnType<typeof verifyTimeStampToken>;
  try {
    check = verifyTimeStampToken(token, { allowSha1: true });
  } catch (error) {
    const message = error instanceof MalformedInputError ? error.message : String(error);
    const tolerant = dropNonX509Certificates(token);
    try {
      if (!tolerant) throw error;
      check = verifyTimeStampToken(tolerant, { allowSha1: true });
      out.problems.push({
        code: "timestamp-attribute-certificate",
        message: `${label}: its certificate set holds a non-X.509 entry (attribute certificate), ignored`,
      });
    } catch {
      out.problems.push({ code: "timestamp-malformed", message: `${label}: ${message}` });
      return out;
    }
  }
  if (!check.valid) {
    if (check.info) out.genTime = check.info.genTime;
    out.problems.push({ code: "timestamp-invalid", message: `${label}: ${check.message}` });
    return out;
  }
  out.genTime = check.info.genTime;
  out.tsaCertificate = check.signerCertificate;
  out.certificates = check.certificates;
  const tsa = commonNameOf(check.signerCertificate);
  if (tsa) out.tsa = tsa;
  const hash = hashNameOf(check.info.messageImprint.hashAlgorithm);
  if (!hash) {
    out.problems.push({ code: "timestamp-unsupported-hash", message: `${label}: unknown imprint hash` });
    return out;
  }
  const expected = new Uint8Array(createHash(hash).update(coveredOctets).digest());
  if (!bytesEqual(expected, check.info.messageImprint.hashedMessage)) {
    out.problems.push({
      code: "timestamp-imprint-mismatch",
      message: `${label}: the message imprint does not match the covered data`,
    });
    return out;
  }
  const path = await validateCertificatePath({
    leaf: check.signerCertificate,
    untrusted: [...check.certificates, ...ctx.pool],
    anchors: ctx.anchors,
    crls: ctx.crls,
    ocspResponses: ctx.ocspResponses,
    at: check.info.genTime,
    purpose: "timeStamping",
    revocation: "if-available",
    ...(ctx.fetchCrl ? { fetchCrl: ctx.fetchCrl } : {}),
    ...(ctx.fetchOcsp ? { fetchOcsp: ctx.fetchOcsp } : {}),
    ...(ctx.signatureCache ? { signatureCache: ctx.signatureCache } : {}),
  });
  if (!path.valid) {
    out.problems.push({
      code: "timestamp-untrusted",
      message: `${label}: the TSA certificate is not valid (${path.failure?.code}: ${path.failure?.message})`,
    });
    return out;
  }
  out.valid = true;
  return out;
}
