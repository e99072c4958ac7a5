/**
 * `tilts verify --crypto-only` (and `--key` / `--cert`, which imply it): the cryptographic
 * result of each signature — XML-DSig core validation (XMLDSig 1.1 §3.2: every Reference digest
 * and the SignatureValue) — with no trust evaluation: no certificate path, no revocation, no
 * time-stamps. Like `xmlsec1 --verify --pubkey-pem`, for signatures whose trust anchor or
 * revocation data is not at hand, or whose key is not in the document.
 *
 * The report keeps the fields of the `tilts verify` JSON contract and says what it is: `valid` is
 * always false and `trust` is "not-evaluated" (a signature is never "valid" without trust); an
 * intact signature is INDETERMINATE with the warning `trust-not-evaluated`; a broken one is
 * TOTAL-FAILED with HASH_FAILURE / SIG_CRYPTO_FAILURE / FORMAT_FAILURE, as full validation says.
 */
import { type KeyObject, X509Certificate } from "node:crypto";
import {
  containerReferences,
  DSIG_NAMESPACE,
  type ExternalResolver,
  parseXml,
  readAsicE,
  SIGNED_PROPERTIES_TYPE,
  verifyXmlSignature,
  XADES_NAMESPACE,
  XADES141_NAMESPACE,
  type XmlSignatureVerification,
} from "@tilts/trust";

/** The key the caller gave, if any: a bare public key (`--key`) or a certificate (`--cert`). */
export interface CallerKey {
  source: "key" | "certificate";
  key: KeyObject;
  certificate?: Uint8Array;
}

export interface CryptoOnlySignature {
  id: string;
  format: string;
  signedBy: string | null;
  signerId: string | null;
  claimedSigningTime: null;
  bestSignatureTime: null;
  indication: "TOTAL-FAILED" | "INDETERMINATE";
  subIndication: string | null;
  qualification: null;
  signatureValueValid: boolean;
  referencesIntact: boolean;
  scope: "FULL" | "PARTIAL";
  coveredFiles: string[];
  timestamps: [];
  warnings: { code: string; message: string }[];
  errors: { code: string; message: string }[];
  /** Where the verifying key came from: the caller's key or certificate, or the signature's KeyInfo. */
  keySource: "key" | "certificate" | "key-info" | null;
  trust: "not-evaluated";
}

export interface CryptoOnlyReport {
  container: "ASiC-E" | "XML";
  files: { name: string; size: number; mediaType: string }[];
  /** Always false: validity needs trust, which this mode does not evaluate. */
  valid: false;
  signatures: CryptoOnlySignature[];
  errors: { code: string; message: string }[];
  mode: "crypto-only";
  trust: "not-evaluated";
  /** Every signature's SignatureValue and references verify (and there is at least one). */
  intact: boolean;
}

const FORMAT_CODES = new Set(["xmldsig-structure", "xmldsig-multiple-signed-info", "xmldsig-duplicate-id"]);

function subjectAttribute(der: Uint8Array | undefined, name: string): string | null {
  if (!der) return null;
  try {
    const line = new X509Certificate(der).subject.split("\n").find((l) => l.startsWith(`${name}=`));
    return line ? line.slice(name.length + 1) : null;
  } catch {
    return null;
  }
}

/** Structural format (not validated): which XAdES properties the signature carries. */
function formatOf(signature: Element): string {
  const has = (ns: string, name: string) => signature.getElementsByTagNameNS(ns, name).length > 0;
  if (!has(XADES_NAMESPACE, "QualifyingProperties")) return "XML-NOT-ETSI";
  if (has(XADES141_NAMESPACE, "ArchiveTimeStamp")) return "XAdES-BASELINE-LTA";
  if (has(XADES_NAMESPACE, "CertificateValues") && has(XADES_NAMESPACE, "RevocationValues"))
    return "XAdES-BASELINE-LT";
  if (has(XADES_NAMESPACE, "SignatureTimeStamp")) return "XAdES-BASELINE-T";
  return "XAdES-BASELINE-B";
}

function verdict(
  v: XmlSignatureVerification,
  intactRefs: boolean,
): Pick<CryptoOnlySignature, "indication" | "subIndication"> {
  if (v.errors.some((e) => FORMAT_CODES.has(e.code)))
    return { indication: "TOTAL-FAILED", subIndication: "FORMAT_FAILURE" };
  if (v.skippedReferences.length > 0)
    return { indication: "INDETERMINATE", subIndication: "SIGNED_DATA_NOT_FOUND" };
  if (!intactRefs) return { indication: "TOTAL-FAILED", subIndication: "HASH_FAILURE" };
  if (!v.signatureValueValid) {
    const unsupported = v.errors.some(
      (e) => e.code === "xmldsig-unsupported-algorithm" || e.code === "xmldsig-weak-algorithm",
    );
    if (unsupported) return { indication: "INDETERMINATE", subIndication: "CRYPTO_CONSTRAINTS_FAILURE" };
    if (v.errors.some((e) => e.code === "xmldsig-no-key"))
      return { indication: "INDETERMINATE", subIndication: "NO_SIGNING_CERTIFICATE_FOUND" };
    return { indication: "TOTAL-FAILED", subIndication: "SIG_CRYPTO_FAILURE" };
  }
  // Intact; whether the signer is trusted is exactly what was not asked.
  return { indication: "INDETERMINATE", subIndication: null };
}

async function checkSignature(
  document: Document,
  signature: Element,
  resolver: ExternalResolver,
  caller: CallerKey | undefined,
  uriToFile: (uri: string) => string | null,
  dataFiles: string[] | undefined,
): Promise<CryptoOnlySignature> {
  const v = await verifyXmlSignature(document, {
    signature,
    resolver,
    ...(caller ? { key: caller.key } : {}),
  });
  const dataRefs = v.references.filter((r) => r.type !== SIGNED_PROPERTIES_TYPE);
  const referencesIntact = v.references.length > 0 && v.references.every((r) => r.digestValid);
  const covered = dataRefs
    .filter((r) => r.digestValid && r.coveredBytes !== undefined && r.uri !== null)
    .map((r) => uriToFile(r.uri!))
    .filter((n): n is string => n !== null);
  const whole = dataRefs.some(
    (r) => r.digestValid && (r.target === document || r.target === document.documentElement),
  );
  const coveredFiles = whole ? ["(document)", ...covered] : covered;
  const full = dataFiles
    ? dataFiles.length > 0 && dataFiles.every((f) => covered.includes(f))
    : whole || (dataRefs.length > 0 && covered.length === dataRefs.length);
  const certificate = caller ? caller.certificate : v.signingKey?.certificate;
  const warnings = [
    {
      code: "trust-not-evaluated",
      message: "crypto-only: the signer's certificate, its path and revocation were not checked",
    },
    ...v.warnings.map((w) => ({ code: w.code, message: w.message })),
  ];
  return {
    id: signature.getAttribute("Id") ?? "",
    format: formatOf(signature),
    signedBy: subjectAttribute(certificate, "CN"),
    signerId: subjectAttribute(certificate, "serialNumber"),
    claimedSigningTime: null,
    bestSignatureTime: null,
    ...verdict(v, referencesIntact),
    qualification: null,
    signatureValueValid: v.signatureValueValid,
    referencesIntact,
    scope: full ? "FULL" : "PARTIAL",
    coveredFiles,
    timestamps: [],
    warnings,
    errors: v.errors.map((e) => ({ code: e.code, message: e.message })),
    keySource: v.signingKey ? (caller ? caller.source : "key-info") : null,
    trust: "not-evaluated",
  };
}

function topLevelSignatures(document: Document): Element[] {
  return Array.from(document.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature")).filter((s) => {
    for (let n = s.parentNode; n; n = n.parentNode) {
      const e = n as Element;
      if (e.localName === "Signature" && e.namespaceURI === DSIG_NAMESPACE) return false;
    }
    return true;
  });
}

/** The contract's fields first, in its order, then what this mode adds. */
function finish(
  report: Pick<CryptoOnlyReport, "container" | "files" | "signatures" | "errors">,
): CryptoOnlyReport {
  const intact =
    report.signatures.length > 0 &&
    report.signatures.every((s) => s.signatureValueValid && s.referencesIntact && s.errors.length === 0);
  if (report.signatures.length === 0 && report.errors.length === 0)
    report.errors.push({ code: "no-signature", message: "the document holds no ds:Signature" });
  return {
    container: report.container,
    files: report.files,
    valid: false,
    signatures: report.signatures,
    errors: report.errors,
    mode: "crypto-only",
    trust: "not-evaluated",
    intact,
  };
}

/** Crypto-only check of an ASiC-E container (ZIP) or an XML document (`xmlResolver` for detached data). */
export async function verifyCryptoOnly(
  bytes: Uint8Array,
  options: { caller?: CallerKey; fileName: string; xmlResolver: ExternalResolver },
): Promise<CryptoOnlyReport> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) {
    const parsed = parseXml(bytes);
    const signatures: CryptoOnlySignature[] = [];
    const decode = (uri: string) => {
      try {
        return decodeURIComponent(uri);
      } catch {
        return uri;
      }
    };
    for (const s of topLevelSignatures(parsed.document))
      signatures.push(
        await checkSignature(parsed.document, s, options.xmlResolver, options.caller, decode, undefined),
      );
    return finish({
      container: "XML",
      files: [{ name: options.fileName, size: bytes.length, mediaType: "application/xml" }],
      signatures,
      errors: [],
    });
  }
  const container = readAsicE(bytes);
  const { names, uriToFile, resolver } = containerReferences(container);
  const signatures: CryptoOnlySignature[] = [];
  const errors: CryptoOnlyReport["errors"] = [];
  for (const file of container.signatureFiles) {
    let document: Document;
    try {
      document = parseXml(file.content).document;
    } catch (error) {
      errors.push({ code: "signature-file-malformed", message: `${file.name}: ${(error as Error).message}` });
      continue;
    }
    for (const s of topLevelSignatures(document))
      signatures.push(await checkSignature(document, s, resolver, options.caller, uriToFile, names));
  }
  return finish({
    container: "ASiC-E",
    files: container.dataFiles.map((f) => ({ name: f.name, size: f.size, mediaType: f.mediaType })),
    signatures,
    errors,
  });
}
