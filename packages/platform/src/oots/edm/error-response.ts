/**
 * The evidence error response (DIGEST §1.5): `query:QueryResponse` status Failure with one
 * `rs:Exception`. EDM:ERR:0002 with severity PreviewRequired is the preview redirect of
 * chapter 4.9: it carries PreviewLocation (+ PreviewMethod in 1.x only).
 */
import { EdmParseError } from "./errors.ts";
import type { EdmException, EvidenceErrorResponse, LocalizedText } from "./model.ts";
import { NS, SEVERITY_ERROR, STATUS } from "./namespaces.ts";
import { readAgent } from "./sdg-read.ts";
import { writeAgent } from "./sdg-write.ts";
import { specOfRoot } from "./spec-of.ts";
import { type EdmVersion, edmSpecification } from "./version.ts";
import {
  add,
  anySlot,
  dateTimeSlot,
  isEl,
  kid,
  lineOf,
  localizedSlot,
  newDocument,
  serialize,
  slotAgents,
  slotLocalized,
  slotString,
  stringSlot,
} from "./xml.ts";

/** The EDM error codes with their exception type and verbatim message (EDMErrorCodes). */
export const EDM_ERRORS = {
  "EDM:ERR:0001": { type: "rs:AuthenticationExceptionType", message: "Failed Authentication" },
  "EDM:ERR:0002": { type: "rs:AuthorizationExceptionType", message: "Missing Authorization" },
  "EDM:ERR:0003": {
    type: "rs:InvalidRequestExceptionType",
    message: "Syntactically or semantically invalid request",
  },
  "EDM:ERR:0004": { type: "rs:ObjectNotFoundExceptionType", message: "Object not found" },
  "EDM:ERR:0005": { type: "rs:TimeoutExceptionType", message: "Exceeding timeout period" },
  "EDM:ERR:0006": {
    type: "rs:UnresolvedReferenceExceptionType",
    message: "Referenced object that cannot be resolved",
  },
  "EDM:ERR:0007": {
    type: "rs:UnsupportedCapabilityExceptionType",
    message: "Optional feature or capability is not supported",
  },
  "EDM:ERR:0008": {
    type: "query:QueryExceptionType",
    message: "Invalid query syntax or semantics that must be corrected",
  },
} as const;
export type EdmErrorCode = keyof typeof EDM_ERRORS;

/** An exception for a code, with the code list's type, message and severity. */
export function edmException(
  code: EdmErrorCode,
  timestamp: string,
  extra: Partial<Omit<EdmException, "code" | "type">> = {},
): EdmException {
  const e = EDM_ERRORS[code];
  return { type: e.type, message: e.message, severity: SEVERITY_ERROR, timestamp, code, ...extra };
}

/** The preview redirect: EDM:ERR:0002 + PreviewLocation (chapter 4.9 step 2). */
export function previewRequired(
  version: EdmVersion,
  timestamp: string,
  previewLocation: string,
  options: { description?: LocalizedText[]; method?: "GET" | "POST" } = {},
): EdmException {
  return edmException("EDM:ERR:0002", timestamp, {
    severity: edmSpecification(version).severityPreviewRequired,
    previewLocation,
    ...(options.description ? { previewDescription: options.description } : {}),
    ...(options.method ? { previewMethod: options.method } : {}),
  });
}

export function buildErrorResponse(r: EvidenceErrorResponse): string {
  const spec = edmSpecification(r.version);
  const root = newDocument("query", "QueryResponse");
  root.setAttribute("status", STATUS.failure);
  if (r.requestId) root.setAttribute("requestId", r.requestId);
  stringSlot(root, "SpecificationIdentifier", spec.identifier);
  stringSlot(root, "EvidenceResponseIdentifier", r.responseId);
  anySlot(root, "ErrorProvider", (sv) => writeAgent(sv, r.errorProvider));
  if (r.requester) {
    const requester = r.requester;
    anySlot(root, "EvidenceRequester", (sv) => writeAgent(sv, requester));
  }
  const x = r.exception;
  const ex = add(root, "rs", "Exception");
  ex.setAttributeNS(NS.xsi, "xsi:type", x.type);
  ex.setAttribute("severity", x.severity);
  ex.setAttribute("message", x.message);
  if (x.detail) ex.setAttribute("detail", x.detail);
  ex.setAttribute("code", x.code);
  dateTimeSlot(ex, "Timestamp", x.timestamp);
  if (x.previewLocation) stringSlot(ex, "PreviewLocation", x.previewLocation);
  if (x.previewDescription) localizedSlot(ex, "PreviewDescription", x.previewDescription);
  if (spec.hasPreviewMethod && x.previewMethod) stringSlot(ex, "PreviewMethod", x.previewMethod);
  return serialize(root);
}

export function parseErrorResponse(doc: Document): EvidenceErrorResponse {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.query, "QueryResponse"))
    throw new EdmParseError("R-EDM-ERR-S001", "the root element is not query:QueryResponse", lineOf(root));
  if (root.getAttribute("status") !== STATUS.failure)
    throw new EdmParseError("R-EDM-ERR-S06", "an error response has status Failure", lineOf(root));
  const spec = specOfRoot(root, "R-EDM-ERR-S09", "R-EDM-ERR-C001");
  const ex = kid(root, NS.rs, "Exception");
  if (!ex) throw new EdmParseError("R-EDM-ERR-S08", "no rs:Exception", lineOf(root));
  const provider = slotAgents(root, "ErrorProvider", "R-EDM-ERR-S11", "R-EDM-ERR-S026")?.[0];
  if (!provider) throw new EdmParseError("R-EDM-ERR-S026", "ErrorProvider holds no sdg:Agent", lineOf(root));
  const requester = slotAgents(root, "EvidenceRequester")?.[0];
  const exception: EdmException = {
    type: ex.getAttributeNS(NS.xsi, "type") ?? "",
    code: ex.getAttribute("code") ?? "",
    severity: ex.getAttribute("severity") ?? "",
    message: ex.getAttribute("message") ?? "",
    timestamp: slotString(ex, "Timestamp", "R-EDM-ERR-S12") ?? "",
  };
  const detail = ex.getAttribute("detail");
  if (detail) exception.detail = detail;
  const preview = slotString(ex, "PreviewLocation");
  if (preview !== undefined) exception.previewLocation = preview;
  const description = slotLocalized(ex, "PreviewDescription");
  if (description) exception.previewDescription = description;
  const method = slotString(ex, "PreviewMethod");
  if (method !== undefined) exception.previewMethod = method;
  const out: EvidenceErrorResponse = {
    version: spec.version,
    responseId: slotString(root, "EvidenceResponseIdentifier", "R-EDM-ERR-S10") ?? "",
    errorProvider: readAgent(provider, "R-EDM-ERR-C007"),
    exception,
  };
  const requestId = root.getAttribute("requestId");
  if (requestId) out.requestId = requestId;
  if (requester) out.requester = readAgent(requester, "R-EDM-ERR-C009");
  return out;
}
