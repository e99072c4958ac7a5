/**
 * The EC's own business-rule Schematrons (EDM 1.0, read in place from ../shared/specs) run with
 * a real Schematron processor (node-schematron 2.1.0 on fontoxpath) over what our builders
 * write, and a broken message must fail the EC's rule and ours under the same id (so our
 * TypeScript rules and the EC's agree).
 */
import { readFileSync } from "node:fs";
import { registerCustomXPathFunction, Schema } from "node-schematron";
import { describe, expect, it } from "vitest";
import type { MessageKind } from "./edm/check.ts";
import { buildEvidenceRequest } from "./edm/evidence-request.ts";
import { validateOotsMessage } from "./index.ts";
import { sampleLegalPersonRequest, sampleMessages } from "./samples.ts";

const SCH_DIR = new URL("../../../../../shared/specs/oots/schematron/", import.meta.url);

// The EC rules call matches() with flags ('i'); fontoxpath implements only the 2-argument form.
registerCustomXPathFunction(
  { namespaceURI: "http://www.w3.org/2005/xpath-functions", localName: "matches" },
  ["xs:string?", "xs:string", "xs:string"],
  "xs:boolean",
  (_ctx: unknown, input: string | null, pattern: string, flags: string) => {
    if (/[^imsx]/.test(flags)) throw new Error(`matches(): flags ${flags} not supported here`);
    return new RegExp(pattern, flags.replace("x", "")).test(input ?? "");
  },
);

const SCHEMATRONS: Record<MessageKind, string[]> = {
  "evidence-request": ["EDM-REQ-S", "EDM-REQ-C"],
  "evidence-response": ["EDM-RESP-S", "EDM-RESP-C"],
  "evidence-error": ["EDM-ERR-S", "EDM-ERR-C"],
  "eb-requirements-response": ["EB-REQ-S", "EB-REQ-C"],
  "eb-evidence-types-response": ["EB-EVI-S", "EB-EVI-C"],
  "eb-error": ["EB-ERR"],
  "dsd-response": ["DSD-RESP-S", "DSD-RESP-C"],
  "dsd-error": ["DSD-ERR-S", "DSD-ERR-C"],
  "lcm-submission": ["DSD-SUB-S", "DSD-SUB-C"],
  "lcm-response": ["LCM-SUC"],
};

/**
 * R-EDM-ERR-C022 tests `count(rim:Slot[@name='PreviewLocation']=1)`: a node compared with 1 is
 * cast to xs:double, which raises FORG0001 in any XPath 2.0 processor (Saxon too) for an
 * https:// value. The rule's intent is `count(…)=1`; that one expression is corrected in memory.
 */
const CORRECTIONS: Record<string, [string, string]> = {
  "EDM-ERR-C": ["count(rim:Slot[@name='PreviewLocation']=1)", "count(rim:Slot[@name='PreviewLocation'])=1"],
};

/**
 * node-schematron evaluates rule contexts over element nodes only, so a rule whose context is an
 * attribute (`query:QueryRequest/@id`, `rs:Exception/@code`, …) would silently never fire. Such
 * a rule is rewritten to its owner element, its test applied to each attribute with XPath 3.1's
 * simple map: `context="P/@a"` + `test="T"` → `context="P[@a]"` + `test="every $ok in (@a ! (T)) satisfies $ok"`,
 * in a pattern of its own.
 */
function attributeContextsToElements(sch: string): string {
  return sch.replace(
    /<sch:rule context="([^"]+)\/@([\w:-]+)">([\s\S]*?)<\/sch:rule>/g,
    (_all, owner: string, attr: string, body: string) => {
      const rewritten = body.replace(
        /<sch:assert test="([^"]*)"/g,
        (_a, test: string) => `<sch:assert test="every $ok in (@${attr} ! (${test})) satisfies $ok"`,
      );
      // Its own pattern: attribute rules never competed with element rules for "first match".
      return `</sch:pattern><sch:pattern><sch:rule context="${owner}[@${attr}]">${rewritten}</sch:rule></sch:pattern><sch:pattern>`;
    },
  );
}

interface Loaded {
  schema: Schema;
  /** Asserts with role="warning"/"info" (or none marked) do not fail a message. */
  advisory: Set<string>;
}
const cache = new Map<string, Loaded>();

function load(name: string): Loaded {
  const hit = cache.get(name);
  if (hit) return hit;
  let text = readFileSync(new URL(`${name}.sch`, SCH_DIR), "utf8");
  const fix = CORRECTIONS[name];
  if (fix) {
    expect(text).toContain(fix[0]);
    text = text.replace(fix[0], fix[1]);
  }
  text = attributeContextsToElements(text);
  const advisory = new Set<string>();
  for (const m of text.matchAll(/<sch:assert\b([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    const role = /role="(\w+)"/.exec(attrs)?.[1];
    const id = /id="([^"]+)"/.exec(attrs)?.[1];
    if (id && (role === "warning" || role === "info")) advisory.add(id);
  }
  const loaded = { schema: Schema.fromString(text), advisory };
  cache.set(name, loaded);
  return loaded;
}

/** The ids of the failed error-level asserts of the kind's schematrons. */
function ecFailures(kind: MessageKind, xml: string): string[] {
  return SCHEMATRONS[kind].flatMap((name) => {
    const { schema, advisory } = load(name);
    return schema
      .validateString(xml)
      .map((r) => r.assertId ?? "(no id)")
      .filter((id) => !advisory.has(id) && id !== "(no id)");
  });
}

const messages = sampleMessages("1.0");

describe("EC schematrons (EDM 1.0) over our 1.0 output", () => {
  for (const kind of Object.keys(SCHEMATRONS) as MessageKind[]) {
    it(`${kind} passes ${SCHEMATRONS[kind].join(" + ")}`, () => {
      expect(ecFailures(kind, messages[kind])).toEqual([]);
    });
  }

  it("a legal-person request with an authorised representative passes EDM-REQ-S + EDM-REQ-C", () => {
    expect(ecFailures("evidence-request", buildEvidenceRequest(sampleLegalPersonRequest("1.0")))).toEqual([]);
  });

  it("an error other than the preview passes EDM-ERR-C as published (no correction involved)", () => {
    const xml = messages["evidence-error"]
      .replace(/<rim:Slot name="PreviewLocation">[\s\S]*?<\/rim:Slot>/, "")
      .replace(/<rim:Slot name="PreviewDescription">[\s\S]*?<\/rim:Slot>/, "")
      .replace(/<rim:Slot name="PreviewMethod">[\s\S]*?<\/rim:Slot>/, "")
      .replace(/severity="[^"]*"/, 'severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"')
      .replace('xsi:type="rs:AuthorizationExceptionType"', 'xsi:type="rs:ObjectNotFoundExceptionType"')
      .replace('code="EDM:ERR:0002"', 'code="EDM:ERR:0004"')
      .replace('message="Missing Authorization"', 'message="Object not found"');
    const published = Schema.fromString(
      attributeContextsToElements(readFileSync(new URL("EDM-ERR-C.sch", SCH_DIR), "utf8")),
    );
    expect(published.validateString(xml).map((r) => r.assertId)).toEqual([]);
    expect(validateOotsMessage(xml).errors).toEqual([]);
  });
});

/** A mutation of a valid 1.0 message that breaks exactly one EC rule. */
const BREAKAGES: { kind: MessageKind; rule: string; from: string | RegExp; to: string }[] = [
  { kind: "evidence-request", rule: "R-EDM-REQ-C001", from: "oots-edm:v1.0", to: "oots-edm:v1.0-beta" },
  {
    kind: "evidence-request",
    rule: "R-EDM-REQ-S004",
    from: /QueryRequest ([^>]*)id="urn:uuid:/,
    to: 'QueryRequest $1id="uuid:',
  },
  {
    kind: "evidence-request",
    rule: "R-EDM-REQ-C014",
    from: "<sdg:Classification>ER<",
    to: "<sdg:Classification>XX<",
  },
  {
    kind: "evidence-request",
    rule: "R-EDM-REQ-C037",
    from: "<sdg:LevelOfAssurance>High<",
    to: "<sdg:LevelOfAssurance>Medium<",
  },
  { kind: "evidence-request", rule: "R-EDM-REQ-C042", from: 'schemeID="eidas"', to: 'schemeID="national"' },
  {
    kind: "evidence-request",
    rule: "R-EDM-REQ-C025",
    from: 'queryDefinition="DocumentQuery"',
    to: 'queryDefinition="EvidenceQuery"',
  },
  {
    kind: "evidence-response",
    rule: "R-EDM-RESP-C011",
    from: "<sdg:Classification>EP<",
    to: "<sdg:Classification>QQ<",
  },
  { kind: "evidence-error", rule: "R-EDM-ERR-C017", from: 'code="EDM:ERR:0002"', to: 'code="EDM:ERR:0099"' },
  { kind: "eb-error", rule: "R-EB-ERR-016", from: 'code="EB:ERR:0005"', to: 'code="EB:ERR:0042"' },
  { kind: "lcm-response", rule: "R-LCM-SUC-004", from: 'requestId="urn:uuid:', to: 'requestId="uuid:' },
];

describe("a broken message fails the EC schematron and our rule under the same id", () => {
  for (const b of BREAKAGES) {
    it(`${b.kind}: ${b.rule}`, () => {
      const xml = messages[b.kind].replace(b.from, b.to);
      expect(xml).not.toBe(messages[b.kind]);
      expect(ecFailures(b.kind, xml)).toContain(b.rule);
      expect(validateOotsMessage(xml).errors.map((e) => e.rule)).toContain(b.rule);
    });
  }
});
