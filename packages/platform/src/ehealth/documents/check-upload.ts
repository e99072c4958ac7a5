/**
 * The checks an uploaded clinical document passes before it is stored (issue 6 item 4,
 * ANX2-12, SIG-5), as a pipeline of named steps in the order a sender would fix them:
 *
 *   size → hardened parse → ClinicalDocument root → CDA R2 schema → header → right patient
 *   → XML signature (when it carries one)
 *
 * Schema and signature: a signed document carries its enveloped ds:Signature inside
 * ClinicalDocument, where the CDA schema allows no foreign element. What the schema must accept
 * is the signed content — the document without that signature, exactly what the
 * enveloped-signature transform digests — so that is what is validated; a ds:Signature anywhere
 * else is validated as it stands (and refused by the schema).
 *
 * Parsed once: the hardened parse's tree serves every step — the schema gets the signed content
 * serialized from it (libxml2 then parses that text itself, which it must to validate), the
 * header is read from it and the signature verified on it — instead of four parses of the same
 * bytes (docs/performance.md, system access). A new check on the parsed document goes in
 * `checkUpload` between the steps, as one call.
 */
import { MalformedInputError, type ParsedXml, parseXml, serializeXml } from "@tilts/trust";
import { parsePersonalCode } from "../../core/personal-code/index.ts";
import { CDA_NAMESPACE } from "../core/cda-names.ts";
import { type CdaSchemaValidator, DEFAULT_CDA_LIMITS } from "../core/cda-schema.ts";
import { type CdaHeader, readCdaHeader } from "./cda-header.ts";
import { DocumentError } from "./errors.ts";
import {
  checkDocumentSignature,
  type DocumentSignatureResult,
  envelopedSignatureOf,
  NO_SIGNATURE,
  type SignatureTrust,
} from "./signature-check.ts";
import type { UploadCheckWorkers } from "./upload-check-workers.ts";

/** Clinical documents are small; 5 MiB leaves room for embedded images (as the schema check). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface CheckedDocument {
  /** The bytes as uploaded (stored unchanged: a signature verifies over them). */
  readonly bytes: Uint8Array;
  readonly header: CdaHeader;
  readonly signature: DocumentSignatureResult;
}

export interface UploadCheckPorts {
  readonly schema: CdaSchemaValidator;
  readonly trust: SignatureTrust;
  /**
   * Refuse a document without a valid signature (documents from institutions' systems: ANX2-12,
   * SIG-5). The portal stores any result and shows it; a system's submission must prove its origin.
   */
  readonly requireValidSignature?: boolean;
  /**
   * Worker threads to run the checks in (upload-check-workers.ts), so that a busy service uses
   * every core; without them, or with revocation fetchers (functions cannot cross to a worker),
   * the checks run in the caller's thread.
   */
  readonly workers?: UploadCheckWorkers;
}

function checkSize(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new DocumentError("document-empty", "no document was uploaded");
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new DocumentError(
      "document-too-large",
      `the document is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are accepted`,
    );
}

function parse(bytes: Uint8Array): ParsedXml {
  try {
    return parseXml(bytes, { limits: { ...DEFAULT_CDA_LIMITS, maxBytes: MAX_DOCUMENT_BYTES } });
  } catch (error) {
    if (error instanceof MalformedInputError)
      throw new DocumentError("document-malformed", `the document is not acceptable XML: ${error.message}`);
    throw error;
  }
}

function checkRoot(document: Document): void {
  const root = document.documentElement;
  if (!root || root.namespaceURI !== CDA_NAMESPACE || root.localName !== "ClinicalDocument")
    throw new DocumentError("not-cda", "the document is not an HL7 CDA ClinicalDocument (urn:hl7-org:v3)");
}

/**
 * The content the schema must accept: the document without its enveloped signature, written
 * from the parsed tree (left as uploaded: the signature is verified on it next).
 */
function signedContent(parsed: ParsedXml): string {
  const signature = envelopedSignatureOf(parsed.document);
  if (!signature) return parsed.text;
  return serializeXml(parsed.document, { xmlDeclaration: true, omit: signature });
}

function checkSchema(parsed: ParsedXml, schema: CdaSchemaValidator): void {
  const result = schema.validateHardened(signedContent(parsed));
  if (!result.valid)
    throw new DocumentError(
      "schema-invalid",
      `the document does not validate against the HL7 CDA R2 schema (${result.errors.length} error${result.errors.length === 1 ? "" : "s"})`,
      result.errors,
    );
}

/** The document must be about the patient the professional chose (no wrong-patient uploads). */
function checkPatient(header: CdaHeader, patientCode: string): void {
  if (header.patientCodes.length === 0)
    throw new DocumentError(
      "patient-id-missing",
      "the document's recordTarget carries no personal code (patientRole/id with the personal-code root)",
    );
  const normalise = (code: string) => {
    const parsed = parsePersonalCode(code);
    return parsed.ok ? parsed.code : code;
  };
  const chosen = normalise(patientCode);
  if (!header.patientCodes.every((code) => normalise(code) === chosen))
    throw new DocumentError("wrong-patient", "the document is about another person than the chosen patient");
}

function requireValid(signature: DocumentSignatureResult): void {
  if (signature.status === "valid") return;
  if (signature.status === "none")
    throw new DocumentError("signature-missing", "the document carries no enveloped XML signature");
  if (signature.status === "invalid")
    throw new DocumentError("signature-invalid", "the document's signature does not verify");
  throw new DocumentError(
    "signature-indeterminate",
    "the signer's certificate could not be confirmed (trusted chain, revocation, whole-document coverage)",
  );
}

/** Runs every step; throws DocumentError on the first refusal. */
export async function checkUpload(
  bytes: Uint8Array,
  patientCode: string,
  ports: UploadCheckPorts,
): Promise<CheckedDocument> {
  checkSize(bytes);
  if (ports.workers && !ports.trust.fetchers) {
    const answer = await ports.workers.check({
      bytes,
      patientCode,
      anchors: await ports.trust.anchors(),
      at: (ports.trust.now?.() ?? new Date()).getTime(),
      requireValidSignature: ports.requireValidSignature ?? false,
    });
    return { bytes, ...answer };
  }
  const parsed = parse(bytes);
  checkRoot(parsed.document);
  checkSchema(parsed, ports.schema);
  const header = readCdaHeader(parsed.document);
  checkPatient(header, patientCode);
  const signature = envelopedSignatureOf(parsed.document)
    ? await checkDocumentSignature(parsed, ports.trust)
    : NO_SIGNATURE;
  if (ports.requireValidSignature) requireValid(signature);
  return { bytes: parsed.bytes, header, signature };
}
