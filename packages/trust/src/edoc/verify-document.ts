/**
 * Verifying a signed document: an ASiC-E / eDoc container (each XAdES signature of each
 * META-INF signature file) or a plain XML document (enveloped XAdES, detached XAdES whose data
 * the caller resolves, or plain XML-DSig → format "XML-NOT-ETSI") or a PDF (PAdES, ../pades,
 * reported in the same shape). Anything else is refused
 * with a coded error. The report follows the `tilts verify --json` contract.
 */

import { readAsicE } from "../asic/asic-read.ts";
import { MalformedInputError, TrustError } from "../errors.ts";
import { pdfDocumentReport } from "../pades/document-report.ts";
import { validatePdf } from "../pades/validate-pdf.ts";
import { qualifySignature } from "../trusted-list/qualify-signature.ts";
import { trustAnchorsFrom } from "../trusted-list/trust-anchors.ts";
import type { TrustedList } from "../trusted-list/types.ts";
import * as trustedListUris from "../trusted-list/uris.ts";
import type {
  CryptoPolicy,
  DocumentReport,
  OcspBeforeTimestampRule,
  QualifySignature,
  ReportMessage,
  SignatureReport,
} from "../validation/types.ts";
import { validateXmlSignature } from "../validation/validate-xml-signature.ts";
import type { SignatureCheckCache } from "../x509/path/signature-cache.ts";
import { ASIC_NAMESPACE } from "../xades/constants.ts";
import type { RevocationFetchers } from "../xades/ports.ts";
import { childElements } from "../xml/dom.ts";
import { type ParsedXml, parseXml } from "../xml/parse-xml.ts";
import type { ExternalResolver } from "../xmldsig/references.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import { containerReferences } from "./container-references.ts";

export interface VerifyDocumentOptions {
  /** Trust anchors (DER), e.g. from `--anchor`. */
  anchors?: Uint8Array[];
  /** Trust anchors taken from trusted lists at a time (trusted-list `trustAnchorsFrom`). */
  anchorsAt?: (at: Date) => Uint8Array[];
  /** Qualification port; default from `trustedLists` when given. */
  qualify?: QualifySignature;
  /** Verified trusted lists: trust anchors (CA/QC and TSA services granted at the validation
   *  time, `trustAnchorsFrom`) and qualification (`qualifySignature`, TS 119 615). */
  trustedLists?: TrustedList[];
  /** Extra untrusted CA certificates. */
  certificates?: Uint8Array[];
  validationTime?: Date;
  /** Network — only when the user asked (`--online`). */
  fetchers?: RevocationFetchers;
  /** Detached XML signatures: the external data. */
  resolver?: ExternalResolver;
  /** Name of the file for the report (plain XML). */
  fileName?: string;
  cryptoPolicy?: CryptoPolicy;
  /** See OcspBeforeTimestampRule (default "warning"). */
  ocspBeforeTimestamp?: OcspBeforeTimestampRule;
  /** Signature checks shared between calls (ValidateXmlSignatureOptions.signatureCache). */
  signatureCache?: SignatureCheckCache;
}

export class UnsupportedDocumentError extends TrustError {
  override name = "UnsupportedDocumentError";
  constructor(message: string) {
    super("unsupported-document", message);
  }
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** ISO 32000-2 §7.5.2: the header "%PDF-" (readers accept it within the first kilobyte). */
function isPdf(bytes: Uint8Array): boolean {
  return !looksLikeXml(bytes) && Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-");
}

function looksLikeXml(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x3c;
}

/** Services whose certificates anchor signer chains and time-stamp chains. */
const ANCHOR_SERVICE_TYPES = [
  trustedListUris.SVC_TYPE_CA_QC,
  trustedListUris.SVC_TYPE_NATIONAL_ROOT_CA_QC,
  trustedListUris.SVC_TYPE_TSA_QTST,
  trustedListUris.SVC_TYPE_TSA_TSS_QC,
  trustedListUris.SVC_TYPE_TSA_TSS_ADES_QC_AND_QES,
];

function validationSetup(options: VerifyDocumentOptions) {
  const validationTime = options.validationTime ?? new Date();
  const lists = options.trustedLists ?? [];
  const anchors = [
    ...(options.anchors ?? []),
    ...(options.anchorsAt ? options.anchorsAt(validationTime) : []),
    ...(lists.length > 0 ? trustAnchorsFrom(lists, validationTime, ANCHOR_SERVICE_TYPES) : []),
  ];
  const qualify: QualifySignature | undefined =
    options.qualify ??
    (lists.length > 0
      ? (input) => {
          const q = qualifySignature({ ...input, trustedLists: lists, validationTime });
          return { qualification: q.qualification, warnings: q.warnings };
        }
      : undefined);
  return { validationTime, anchors, qualify };
}

type CommonOptions = Omit<Parameters<typeof validateXmlSignature>[0], "document" | "signature">;

/** What every signature of the document is validated with (not the detached-data resolver). */
function commonOptions(options: VerifyDocumentOptions): CommonOptions {
  const { validationTime, anchors, qualify } = validationSetup(options);
  return {
    anchors,
    validationTime,
    ...(options.certificates ? { certificates: options.certificates } : {}),
    ...(options.fetchers ? { fetchers: options.fetchers } : {}),
    ...(qualify ? { qualify } : {}),
    ...(options.cryptoPolicy ? { cryptoPolicy: options.cryptoPolicy } : {}),
    ...(options.ocspBeforeTimestamp ? { ocspBeforeTimestamp: options.ocspBeforeTimestamp } : {}),
    ...(options.signatureCache ? { signatureCache: options.signatureCache } : {}),
  };
}

export async function verifyDocument(
  bytes: Uint8Array,
  options: VerifyDocumentOptions = {},
): Promise<DocumentReport> {
  const common = commonOptions(options);
  if (isZip(bytes)) return verifyContainer(bytes, common);
  if (isPdf(bytes)) {
    const { ocspBeforeTimestamp: _xadesOnly, signatureCache: _xmlOnly, ...pdfOptions } = common;
    const report = await validatePdf(bytes, pdfOptions);
    return pdfDocumentReport(report, { name: options.fileName ?? "document.pdf", size: bytes.length });
  }
  if (looksLikeXml(bytes)) return verifyXmlDocument(parseXml(bytes), options, common);
  throw new UnsupportedDocumentError("not an ASiC-E container (ZIP), an XML document nor a PDF");
}

/**
 * verifyDocument for an XML document the caller has already read with `parseXml` (under its own
 * limits): the signatures are verified on that tree instead of a second parse of the same
 * bytes. The tree must be as parsed — the references and the enveloped-signature transform are
 * resolved in it, and the report's size is that of `parsed.bytes`.
 */
export function verifyParsedXmlDocument(
  parsed: ParsedXml,
  options: VerifyDocumentOptions = {},
): Promise<DocumentReport> {
  return verifyXmlDocument(parsed, options, commonOptions(options));
}

async function verifyXmlDocument(
  parsed: ParsedXml,
  options: VerifyDocumentOptions,
  common: CommonOptions,
): Promise<DocumentReport> {
  const signatures = Array.from(parsed.document.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature"));
  const report: DocumentReport = {
    container: "XML",
    files: [
      { name: options.fileName ?? "document.xml", size: parsed.bytes.length, mediaType: "application/xml" },
    ],
    valid: false,
    signatures: [],
    errors: [],
  };
  for (const signature of signatures) {
    // A Signature nested in another one's Object is part of that signature, not a signer.
    if (signature.parentNode && isInsideSignature(signature.parentNode)) continue;
    report.signatures.push(
      await validateXmlSignature({
        document: parsed.document,
        signature,
        ...(options.resolver ? { resolver: options.resolver } : {}),
        ...common,
      }),
    );
  }
  if (report.signatures.length === 0)
    report.errors.push({ code: "no-signature", message: "the document has no ds:Signature" });
  report.valid =
    report.signatures.length > 0 && report.signatures.every((s) => s.indication === "TOTAL-PASSED");
  return report;
}

function isInsideSignature(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    const e = n as Element;
    if (e.localName === "Signature" && e.namespaceURI === DSIG_NAMESPACE) return true;
  }
  return false;
}

async function verifyContainer(bytes: Uint8Array, common: CommonOptions): Promise<DocumentReport> {
  const container = readAsicE(bytes);
  const { names, uriToFile, resolver } = containerReferences(container);
  const report: DocumentReport = {
    container: "ASiC-E",
    files: container.dataFiles.map((f) => ({ name: f.name, size: f.size, mediaType: f.mediaType })),
    valid: false,
    signatures: [],
    errors: [],
  };
  const containerWarnings: ReportMessage[] = container.warnings.map((w) => ({
    code: w.code,
    message: w.message,
  }));
  for (const file of container.signatureFiles) {
    let parsed: ReturnType<typeof parseXml>;
    try {
      parsed = parseXml(file.content);
    } catch (error) {
      report.errors.push({
        code: "signature-file-malformed",
        message: `${file.name}: ${error instanceof MalformedInputError ? error.message : String(error)}`,
      });
      continue;
    }
    const root = parsed.document.documentElement;
    if (root?.localName !== "XAdESSignatures" || root.namespaceURI !== ASIC_NAMESPACE) {
      containerWarnings.push({
        code: "signature-file-root",
        message: `${file.name}: the root is not asic:XAdESSignatures (EN 319 162-1 §A.5)`,
      });
    }
    const signatures = root ? childElements(root, DSIG_NAMESPACE, "Signature") : [];
    if (signatures.length === 0)
      report.errors.push({ code: "signature-file-empty", message: `${file.name}: no ds:Signature` });
    for (const signature of signatures) {
      const r: SignatureReport = await validateXmlSignature({
        document: parsed.document,
        signature,
        resolver,
        dataFiles: names,
        uriToFile,
        ...common,
      });
      r.warnings.push(...containerWarnings);
      report.signatures.push(r);
    }
  }
  if (container.signatureFiles.length === 0)
    report.errors.push({ code: "no-signature", message: "the container holds no signature file" });
  report.valid =
    report.signatures.length > 0 && report.signatures.every((s) => s.indication === "TOTAL-PASSED");
  return report;
}
