/**
 * OOTS (OOTS-1..15): the EDM message layer. Builders and parsers for every EDM message in
 * 1.0/1.2/2.0 (./edm, pure) and `validateOotsMessage`, which runs the shipped XSDs and the EC
 * business rules over one message — on what we receive and on what we send.
 */
import { MalformedInputError, parseXml } from "@tilts/trust";
import { checkBusinessRules, type MessageKind } from "./edm/check.ts";
import { type EdmFinding, EdmInvalidMessageError } from "./edm/errors.ts";
import type { EdmVersion } from "./edm/version.ts";
import { shippedCodeLists } from "./shipped-artefacts.ts";
import { validateAgainstXsd } from "./xsd-validator.ts";

export * from "./common-services/index.ts";
export * from "./edm/additional-input.ts";
export * from "./edm/check.ts";
export * from "./edm/codelists.ts";
export * from "./edm/common-services.ts";
export * from "./edm/error-response.ts";
export * from "./edm/errors.ts";
export * from "./edm/evidence-request.ts";
export * from "./edm/evidence-response.ts";
export * from "./edm/lcm.ts";
export type * from "./edm/model.ts";
export * from "./edm/preview-flow.ts";
export * from "./edm/version.ts";
export { ootsManifest } from "./manifest.ts";
export { shippedCodeLists } from "./shipped-artefacts.ts";
export { validateAgainstXsd } from "./xsd-validator.ts";

export interface OotsValidation {
  kind: MessageKind | "unknown";
  version: EdmVersion | null;
  valid: boolean;
  /** XSD (rule "XSD") and business-rule failures; "XML" when the text is not well-formed. */
  errors: EdmFinding[];
  /** Schematron warnings (role="warning"): reported, not failing. */
  warnings: EdmFinding[];
}

/** Checks one message: hardened parse, XSD, then the business rules of its kind and version. */
export function validateOotsMessage(input: string | Uint8Array, expected?: MessageKind): OotsValidation {
  let parsed: ReturnType<typeof parseXml>;
  try {
    parsed = parseXml(input);
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
    return {
      kind: "unknown",
      version: null,
      valid: false,
      errors: [{ rule: "XML", message: error.message, line: 0 }],
      warnings: [],
    };
  }
  const rules = checkBusinessRules(parsed.document, shippedCodeLists(), expected);
  const all = [...validateAgainstXsd(parsed.text), ...rules.findings];
  const errors = all.filter((f) => f.severity !== "warning").map(({ severity: _s, ...f }) => f);
  const warnings = all.filter((f) => f.severity === "warning").map(({ severity: _s, ...f }) => f);
  return { kind: rules.kind, version: rules.version ?? null, valid: errors.length === 0, errors, warnings };
}

/**
 * For a sender before it sends and a receiver before it acts: throws EdmInvalidMessageError
 * (rule id of the first failure, all findings attached) unless `input` is a valid `expected`
 * message. The receiver answers EDM:ERR:0003 naming the rule.
 */
export function assertValidOotsMessage(input: string | Uint8Array, expected: MessageKind): OotsValidation {
  const result = validateOotsMessage(input, expected);
  if (!result.valid) throw new EdmInvalidMessageError(result.errors);
  return result;
}
export * from "./transport/index.ts";
