/**
 * The XML signature of an uploaded clinical document (SIG-5, ANX2-12): validated with the Trust
 * core (@tilts/trust `verifyDocument`: XML-DSig core with per-reference coverage, then the
 * signer's certificate path against the configured trust anchors with revocation required,
 * ETSI EN 319 102-1 indications) and summed up for the portal as valid / invalid /
 * indeterminate, the signer and the signing time.
 *
 * A document is "signed" when it carries a ds:Signature as a child of ClinicalDocument
 * (enveloped, the form SIG-5 documents take). A signature that holds but does not cover the
 * whole document is not "valid" for the portal: a reader would take unsigned parts for signed
 * ones (SIG-3), so it is reported "indeterminate" with that reason.
 *
 * Trust: `anchors` (DER root/CA certificates) come from configuration — in the testbed, its
 * root CA. With no anchors configured every signature is "indeterminate" (no chain can be
 * trusted), never "valid". Revocation data: what the signature embeds (XAdES-LT) first;
 * `fetchers` (OCSP/CRL over the network) only when the installation passes them.
 *
 * Repeated work: the documents of one institution come from a few signers under a few CAs, so
 * the CA signatures on the same certificates (signer, OCSP responder, time-stamping unit) would
 * be verified again for every document. One process-wide memo of those checks
 * (`SignatureCheckCache`, bounded, keyed by the exact certificate and key bytes) keeps them;
 * only cryptographic results are kept, so revocation (the OCSP answers and CRLs each document
 * embeds or the fetchers bring), validity at the signing time and each document's own signature
 * are checked for every document, and a revoked signer is refused at once (SIG-5).
 */
import {
  type DocumentReport,
  DSIG_NAMESPACE,
  type ParsedXml,
  type RevocationFetchers,
  SignatureCheckCache,
  type SignatureReport,
  TrustError,
  verifyParsedXmlDocument,
} from "@tilts/trust";

export type SignatureStatus = "none" | "valid" | "invalid" | "indeterminate";

export interface DocumentSignatureResult {
  readonly status: SignatureStatus;
  /** The signer's name as the certificate gives it (CN), when a signer was identified. */
  readonly signer: string | null;
  /** Best proven time (signature time-stamp), else the signer's claimed SigningTime (ISO). */
  readonly signedAt: string | null;
  /** ETSI indication and sub-indication, for the record. */
  readonly indication: string | null;
  readonly subIndication: string | null;
  /** Signature level, e.g. XAdES-BASELINE-LT or XML-NOT-ETSI. */
  readonly format: string | null;
  /** Reasons, as coded messages (no personal data). */
  readonly messages: readonly { code: string; message: string }[];
}

export interface SignatureTrust {
  /** Trust anchors (DER); called per validation so a changed configuration takes effect. */
  anchors(): Uint8Array[] | Promise<Uint8Array[]>;
  /** OCSP/CRL fetching, when the installation allows the network. */
  fetchers?: RevocationFetchers;
  /** The validation time (injected clock). */
  now?: () => Date;
}

export const NO_SIGNATURE: DocumentSignatureResult = {
  status: "none",
  signer: null,
  signedAt: null,
  indication: null,
  subIndication: null,
  format: null,
  messages: [],
};

/** True when the document element has a ds:Signature child (enveloped signature). */
export function envelopedSignatureOf(document: Document): Element | undefined {
  const root = document.documentElement;
  if (!root) return undefined;
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (
      n.nodeType === 1 &&
      (n as Element).namespaceURI === DSIG_NAMESPACE &&
      (n as Element).localName === "Signature"
    )
      return n as Element;
  }
  return undefined;
}

function summarise(report: SignatureReport): DocumentSignatureResult {
  const messages = [...report.errors, ...report.warnings].slice(0, 20);
  let status: SignatureStatus =
    report.indication === "TOTAL-PASSED"
      ? "valid"
      : report.indication === "TOTAL-FAILED"
        ? "invalid"
        : "indeterminate";
  if (status === "valid" && report.scope !== "FULL") {
    status = "indeterminate";
    messages.unshift({
      code: "partial-scope",
      message: "the signature does not cover the whole document",
    });
  }
  return {
    status,
    signer: report.signedBy,
    signedAt: report.bestSignatureTime ?? report.claimedSigningTime,
    indication: report.indication,
    subIndication: report.subIndication,
    format: report.format,
    messages,
  };
}

/** Certificate signature checks shared by every document this process validates (see above). */
const certificateSignatures = new SignatureCheckCache();

/**
 * Validates the signature(s) of a document already accepted by the hardened parser, on its
 * parsed tree. Several top-level signatures: the worst one decides (invalid > indeterminate >
 * valid).
 */
export async function checkDocumentSignature(
  parsed: ParsedXml,
  trust: SignatureTrust,
): Promise<DocumentSignatureResult> {
  let report: DocumentReport;
  try {
    report = await verifyParsedXmlDocument(parsed, {
      signatureCache: certificateSignatures,
      anchors: await trust.anchors(),
      validationTime: trust.now?.() ?? new Date(),
      ...(trust.fetchers ? { fetchers: trust.fetchers } : {}),
      fileName: "document.xml",
    });
  } catch (error) {
    if (!(error instanceof TrustError)) throw error;
    return {
      ...NO_SIGNATURE,
      status: "invalid",
      messages: [{ code: error.code, message: error.message }],
    };
  }
  if (report.signatures.length === 0) return NO_SIGNATURE;
  const results = report.signatures.map(summarise);
  const rank: Record<SignatureStatus, number> = { none: 0, valid: 1, indeterminate: 2, invalid: 3 };
  return results.reduce((worst, r) => (rank[r.status] > rank[worst.status] ? r : worst));
}
