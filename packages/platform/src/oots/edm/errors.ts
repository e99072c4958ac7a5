/**
 * A message the EDM parsers refuse: `rule` is the EC business-rule id it breaks (the
 * schematron `id`, e.g. R-EDM-REQ-S005), so a provider can answer EDM:ERR:0003 naming it.
 */
export class EdmParseError extends Error {
  override name = "EdmParseError";
  constructor(
    readonly rule: string,
    message: string,
    readonly line = 0,
  ) {
    super(`${rule}: ${message}`);
  }
}

/** One failed check: the EC rule id, a message, and the 1-based line (0 when unknown). */
export interface EdmFinding {
  rule: string;
  message: string;
  line: number;
  /** Schematron roles "warning"/"info" do not make a message invalid. */
  severity?: "error" | "warning";
}

/** A message that failed the XSD or business-rule checks; `rule`/`line` are the first failure's. */
export class EdmInvalidMessageError extends EdmParseError {
  override name = "EdmInvalidMessageError";
  constructor(readonly findings: EdmFinding[]) {
    const first = findings[0] ?? { rule: "EDM:ERR:0003", message: "invalid message", line: 0 };
    super(first.rule, findings.map((f) => `${f.rule} (line ${f.line}): ${f.message}`).join("; "), first.line);
  }
}
