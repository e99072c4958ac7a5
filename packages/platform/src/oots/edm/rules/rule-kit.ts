/**
 * A small toolkit for writing the EC business rules over the DOM the way the schematrons state
 * them: `sel(ctx, "rim:Slot[@name='X']/rim:SlotValue/sdg:Agent")` selects child steps bound by
 * namespace URI (prefix-independent), and a Checker collects `{rule, message, line}` findings.
 */

import type { CodeLists } from "../codelists.ts";
import type { EdmFinding } from "../errors.ts";
import { NS } from "../namespaces.ts";
import type { EdmSpecification } from "../version.ts";
import { kids, lineOf, xsiType } from "../xml.ts";

const PREFIX: Record<string, string> = { rim: NS.rim, query: NS.query, rs: NS.rs, lcm: NS.lcm, sdg: NS.sdg };
const STEP = /^(\w+):(\w+)(?:\[@(\w+)='([^']*)'\])?$/;

/** Child-axis steps separated by "/", each `prefix:Local` with an optional `[@attr='value']`. */
export function sel(context: Element | Element[] | undefined, path: string): Element[] {
  let current = context === undefined ? [] : Array.isArray(context) ? context : [context];
  for (const step of path.split("/")) {
    const m = STEP.exec(step);
    if (!m) throw new Error(`bad rule path step ${step}`);
    const [, prefix, local, attr, value] = m;
    const ns = PREFIX[prefix as string];
    current = current.flatMap((el) =>
      kids(el, ns, local).filter((k) => attr === undefined || k.getAttribute(attr) === value),
    );
  }
  return current;
}

export function textOf(el: Element | undefined): string {
  return (el?.textContent ?? "").trim();
}

export const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";
export const URN_UUID = new RegExp(`^urn:uuid:${UUID}$`, "i");
export const BARE_UUID = new RegExp(`^${UUID}$`, "i");
export const DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}/;
export const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** eIDAS unique identifier "XX/YY/…" (R-EDM-REQ-C039). */
export const EIDAS_ID = /^[a-z]{2}\/[a-z]{2}\/[a-z0-9]{9}/i;
export const EAS_PREFIX = "urn:cef.eu:names:identifier:EAS:";
export const UNREGISTERED_PREFIX = "urn:oasis:names:tc:ebcore:partyid-type:unregistered";

export interface RuleContext {
  spec: EdmSpecification;
  codes: CodeLists;
}

export class Checker {
  readonly findings: EdmFinding[] = [];
  constructor(readonly ctx: RuleContext) {}

  /** Records a failure of `rule` at `node` when `ok` is false. */
  check(
    ok: boolean,
    rule: string,
    message: string,
    node: Node | undefined,
    severity: "error" | "warning" = "error",
  ): void {
    if (ok) return;
    const f: EdmFinding = { rule, message, line: lineOf(node) };
    if (severity === "warning") f.severity = "warning";
    this.findings.push(f);
  }

  /** R-…: every selected SlotValue has the xsi:type (compared after the prefix, as the EC does). */
  slotType(root: Element, slotName: string, type: string, rule: string): void {
    for (const sv of sel(root, `rim:Slot[@name='${slotName}']/rim:SlotValue`))
      this.check(xsiType(sv) === type, rule, `the slot "${slotName}" must be of type rim:${type}`, sv);
  }

  count(
    root: Element,
    slotName: string,
    ok: (n: number) => boolean,
    rule: string,
    message: string,
    severity?: "error" | "warning",
  ): void {
    this.check(ok(sel(root, `rim:Slot[@name='${slotName}']`).length), rule, message, root, severity);
  }

  code(list: keyof CodeLists, value: string, rule: string, what: string, node: Node | undefined): void {
    this.check(
      this.ctx.codes[list].has(value),
      rule,
      `${what} "${value}" is not in the ${list} code list`,
      node,
    );
  }

  /** Agent identifier scheme: an EAS code from the list, or the ebCore "unregistered" scheme. */
  agentScheme(identifier: Element, presentRule: string, listRule: string): void {
    const scheme = identifier.getAttribute("schemeID");
    this.check(
      scheme !== null && scheme !== "",
      presentRule,
      "the Agent identifier needs a schemeID",
      identifier,
    );
    if (!scheme) return;
    const ok = scheme.startsWith(EAS_PREFIX)
      ? this.ctx.codes.eas.has(scheme.slice(EAS_PREFIX.length))
      : scheme.startsWith(UNREGISTERED_PREFIX);
    this.check(
      ok,
      listRule,
      `schemeID "${scheme}" is neither an EAS code nor the unregistered party-id type`,
      identifier,
    );
  }

  /** The Semantic Repository URI prefix of this line (1.0: pre-release host). */
  sr(path: string): RegExp {
    const hosts =
      this.ctx.spec.version === "1.0"
        ? "sr\\.oots\\.tech\\.europa\\.eu"
        : "sr(\\.acc)?\\.oots\\.tech\\.ec\\.europa\\.eu";
    return new RegExp(`^https://${hosts}/${path}`, "i");
  }
}
