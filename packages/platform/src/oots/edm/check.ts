/**
 * Which EDM message a document is, in which version, and the business rules that apply to it
 * (the rule set of the line the message announces, chapter 4.7 §2.6.2). Pure: code lists come
 * in; XSD validation lives beside (../xsd-validator.ts) because it needs the shipped files.
 */
import type { CodeLists } from "./codelists.ts";
import type { EdmFinding } from "./errors.ts";
import { NS, STATUS } from "./namespaces.ts";
import { commonServicesErrorRules, dsdAnswerRules, ebAnswerRules } from "./rules/common-services-rules.ts";
import { errorRules } from "./rules/error-rules.ts";
import { lcmResponseRules, lcmSubmissionRules } from "./rules/lcm-rules.ts";
import { requestRules } from "./rules/request-rules.ts";
import { responseRules } from "./rules/response-rules.ts";
import { type EdmVersion, edmSpecification, versionOfIdentifier } from "./version.ts";
import { isEl, kid, kids, lineOf, slotString } from "./xml.ts";

export const MESSAGE_KINDS = [
  "evidence-request",
  "evidence-response",
  "evidence-error",
  "eb-requirements-response",
  "eb-evidence-types-response",
  "eb-error",
  "dsd-response",
  "dsd-error",
  "lcm-submission",
  "lcm-response",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Detected {
  kind: MessageKind | "unknown";
  /** undefined when the message announces no version this node speaks. */
  version: EdmVersion | undefined;
}

function hasSlot(el: Element, name: string): boolean {
  return kids(el, NS.rim, "Slot").some((s) => s.getAttribute("name") === name);
}

export function detectMessage(doc: Document): Detected {
  const root = doc.documentElement as Element;
  if (isEl(root, NS.lcm, "SubmitObjectsRequest")) return { kind: "lcm-submission", version: "1.0" };
  if (isEl(root, NS.rs, "RegistryResponse")) return { kind: "lcm-response", version: "1.0" };
  const edmVersion = () => versionOfIdentifier(slotString(root, "SpecificationIdentifier") ?? "");
  if (isEl(root, NS.query, "QueryRequest")) return { kind: "evidence-request", version: edmVersion() };
  if (!isEl(root, NS.query, "QueryResponse")) return { kind: "unknown", version: undefined };
  const spec = (() => {
    try {
      return slotString(root, "SpecificationIdentifier") ?? "";
    } catch {
      return "";
    }
  })();
  if (
    spec.startsWith("oots-edm:") ||
    hasSlot(root, "EvidenceResponseIdentifier") ||
    hasSlot(root, "ErrorProvider")
  ) {
    const kind = root.getAttribute("status") === STATUS.failure ? "evidence-error" : "evidence-response";
    return { kind, version: versionOfIdentifier(spec) };
  }
  const version: EdmVersion = spec === "oots-cs:v2.0" ? "2.0" : "1.0";
  if (root.getAttribute("status") === STATUS.failure) {
    const code = kid(root, NS.rs, "Exception")?.getAttribute("code") ?? "";
    return { kind: code.startsWith("DSD:") ? "dsd-error" : "eb-error", version };
  }
  const objects = kids(kid(root, NS.rim, "RegistryObjectList") ?? root, NS.rim, "RegistryObject");
  if (objects.some((o) => hasSlot(o, "DataServiceEvidenceType"))) return { kind: "dsd-response", version };
  const withLists = objects.some((o) =>
    kids(o, NS.rim, "Slot").some((s) => s.getElementsByTagNameNS(NS.sdg, "EvidenceTypeList").length > 0),
  );
  return { kind: withLists ? "eb-evidence-types-response" : "eb-requirements-response", version };
}

const ROOTS: Record<MessageKind, [string, string, string]> = {
  "evidence-request": [NS.query, "QueryRequest", "R-EDM-REQ-S001"],
  "evidence-response": [NS.query, "QueryResponse", "R-EDM-RESP-S001"],
  "evidence-error": [NS.query, "QueryResponse", "R-EDM-ERR-S001"],
  "eb-requirements-response": [NS.query, "QueryResponse", "R-EB-REQ-S001"],
  "eb-evidence-types-response": [NS.query, "QueryResponse", "R-EB-EVI-S001"],
  "eb-error": [NS.query, "QueryResponse", "R-EB-ERR-S001"],
  "dsd-response": [NS.query, "QueryResponse", "R-DSD-RESP-S001"],
  "dsd-error": [NS.query, "QueryResponse", "R-DSD-ERR-S001"],
  "lcm-submission": [NS.lcm, "SubmitObjectsRequest", "R-DSD-SUB-S001"],
  "lcm-response": [NS.rs, "RegistryResponse", "R-LCM-SUC-001"],
};

const C001: Partial<Record<MessageKind, string>> = {
  "evidence-request": "R-EDM-REQ-C001",
  "evidence-response": "R-EDM-RESP-C002",
  "evidence-error": "R-EDM-ERR-C001",
};

/**
 * The business rules of `kind` (detected when not given) over `doc`. `expected` is the kind a
 * caller awaits (e.g. a provider receiving a request): a different root is then reported
 * under that kind's root rule (S001).
 */
export function checkBusinessRules(
  doc: Document,
  codes: CodeLists,
  expected?: MessageKind,
): { kind: MessageKind | "unknown"; version: EdmVersion | undefined; findings: EdmFinding[] } {
  const root = doc.documentElement as Element;
  const detected = detectMessage(doc);
  const kind = expected ?? detected.kind;
  if (kind === "unknown")
    return {
      ...detected,
      findings: [
        {
          rule: "EDM:ERR:0003",
          message: `not an EDM message: {${root.namespaceURI}}${root.localName}`,
          line: lineOf(root),
        },
      ],
    };
  const [ns, local, rootRule] = ROOTS[kind];
  if (!isEl(root, ns, local))
    return {
      kind,
      version: detected.version,
      findings: [{ rule: rootRule, message: `the root element must be {${ns}}${local}`, line: lineOf(root) }],
    };
  const findings: EdmFinding[] = [];
  const c001 = C001[kind];
  if (c001 && detected.version === undefined)
    findings.push({
      rule: c001,
      message:
        "SpecificationIdentifier names no EDM version this node speaks (oots-edm:v1.0, v1.1, v1.2, v2.0)",
      line: lineOf(root),
    });
  const ctx = { spec: edmSpecification(detected.version ?? "1.0"), codes };
  const rules: Record<MessageKind, () => EdmFinding[]> = {
    "evidence-request": () => requestRules(root, ctx),
    "evidence-response": () => responseRules(root, ctx),
    "evidence-error": () => errorRules(root, ctx),
    "eb-requirements-response": () => ebAnswerRules(root, ctx, "EB-REQ"),
    "eb-evidence-types-response": () => ebAnswerRules(root, ctx, "EB-EVI"),
    "eb-error": () => commonServicesErrorRules(root, ctx, "EB"),
    "dsd-response": () => dsdAnswerRules(root, ctx),
    "dsd-error": () => commonServicesErrorRules(root, ctx, "DSD"),
    "lcm-submission": () => lcmSubmissionRules(root, ctx),
    "lcm-response": () => lcmResponseRules(root, ctx),
  };
  // A C001 already reported is not repeated by the rule set run with the 1.0 fallback.
  findings.push(...rules[kind]().filter((f) => !(c001 && f.rule === c001 && detected.version === undefined)));
  return { kind, version: detected.version, findings };
}
