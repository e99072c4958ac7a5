/**
 * The parsers read other implementations' conventions (any prefixes, a default namespace, the
 * EvidenceRequester as a single AnyValueType, optional parts absent) and refuse broken messages
 * with the EC rule id; under random element deletions they never fail any other way.
 */

import { parseXml } from "@tilts/trust";
import { XMLSerializer } from "@xmldom/xmldom";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleMessages, sampleRequest } from "../samples.ts";
import { parseErrorResponse } from "./error-response.ts";
import { EdmParseError } from "./errors.ts";
import { buildEvidenceRequest, parseEvidenceRequest } from "./evidence-request.ts";
import { parseEvidenceResponse } from "./evidence-response.ts";

const doc = (xml: string) => parseXml(xml).document;

/** Rebinds `prefix` to `other` everywhere (element and attribute names, xmlns, xsi:type values). */
function rebind(xml: string, prefix: string, other: string): string {
  return xml
    .replaceAll(`<${prefix}:`, `<${other}:`)
    .replaceAll(`</${prefix}:`, `</${other}:`)
    .replaceAll(`xmlns:${prefix}=`, `xmlns:${other}=`)
    .replaceAll(`"${prefix}:`, `"${other}:`)
    .replaceAll(` ${prefix}:`, ` ${other}:`);
}

function refusal(fn: () => unknown): EdmParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EdmParseError) return error;
    throw error;
  }
  throw new Error("the parser accepted a broken message");
}

describe("parsers accept other implementations' conventions", () => {
  for (const version of ["1.0", "1.2", "2.0"] as const) {
    it(`${version}: other prefixes (the EC's CS answers bind sdg to oots:) give the same model`, () => {
      const xml = sampleMessages(version)["evidence-request"];
      const renamed = rebind(rebind(rebind(xml, "sdg", "oots"), "rim", "r"), "query", "q");
      expect(renamed).not.toContain("<rim:");
      expect(parseEvidenceRequest(doc(renamed))).toEqual(parseEvidenceRequest(doc(xml)));
      const res = sampleMessages(version)["evidence-response"];
      expect(parseEvidenceResponse(doc(rebind(res, "xlink", "xl")))).toEqual(parseEvidenceResponse(doc(res)));
    });
  }

  it("sdg as the default namespace", () => {
    const xml = sampleMessages("1.2")["evidence-request"];
    const defaulted = xml
      .replaceAll("<sdg:", "<")
      .replaceAll("</sdg:", "</")
      .replace('xmlns:sdg="http://data.europa.eu/p4s"', 'xmlns="http://data.europa.eu/p4s"');
    expect(parseEvidenceRequest(doc(defaulted))).toEqual(parseEvidenceRequest(doc(xml)));
  });

  it("the requester as one AnyValueType agent, optional parts absent", () => {
    const base = sampleRequest("1.2");
    const minimal = buildEvidenceRequest({
      ...base,
      procedure: undefined,
      lang: undefined,
      requirements: [],
      subject: { kind: "natural", familyName: "Bērziņa", givenName: "Anna", dateOfBirth: "1990-04-12" },
      requesters: [{ identifier: base.requesters[0]!.identifier, names: base.requesters[0]!.names }],
    });
    const anyValue = minimal.replace(
      /<rim:Slot name="EvidenceRequester">\s*<rim:SlotValue xsi:type="rim:CollectionValueType" collectionType="[^"]*">\s*<rim:Element xsi:type="rim:AnyValueType">([\s\S]*?)<\/rim:Element>\s*<\/rim:SlotValue>/,
      '<rim:Slot name="EvidenceRequester"><rim:SlotValue xsi:type="rim:AnyValueType">$1</rim:SlotValue>',
    );
    expect(anyValue).not.toBe(minimal);
    const r = parseEvidenceRequest(doc(anyValue));
    expect(r.procedure).toBeUndefined();
    expect(r.requirements).toEqual([]);
    expect(r.requesters[0]?.address).toBeUndefined();
    expect(r.subject).toEqual({
      kind: "natural",
      familyName: "Bērziņa",
      givenName: "Anna",
      dateOfBirth: "1990-04-12",
    });
  });
});

describe("parsers refuse broken messages with the rule id", () => {
  const xml = sampleMessages("1.2")["evidence-request"];
  const cases: [string, string, string][] = [
    ["R-EDM-REQ-S001", "query:QueryRequest", "query:AdhocQueryRequest"],
    ["R-EDM-REQ-S012", 'name="EvidenceRequester"', 'name="Requester"'],
    ["R-EDM-REQ-S013", 'name="EvidenceProvider"', 'name="Provider"'],
    ["R-EDM-REQ-S016", 'name="NaturalPerson"', 'name="Person"'],
    ["R-EDM-REQ-S044", "sdg:DataServiceEvidenceType", "sdg:EvidenceType"],
    ["R-EDM-REQ-C001", "oots-edm:v1.2", "oots-edm:v3.1"],
    ["R-EDM-REQ-S009", 'name="PossibilityForPreview"', 'name="Preview"'],
  ];
  for (const [rule, from, to] of cases) {
    it(rule, () => {
      const broken = xml.replaceAll(from, to);
      expect(broken).not.toBe(xml);
      expect(refusal(() => parseEvidenceRequest(doc(broken))).rule).toBe(rule);
    });
  }
  it("an error response without rs:Exception is R-EDM-ERR-S08", () => {
    const broken = sampleMessages("2.0")["evidence-error"].replace(
      /<rs:Exception[\s\S]*<\/rs:Exception>/,
      "",
    );
    expect(refusal(() => parseErrorResponse(doc(broken))).rule).toBe("R-EDM-ERR-S08");
  });
  it("a success without RegistryObjectList is R-EDM-RESP-S007", () => {
    const broken = sampleMessages("1.0")["evidence-response"].replace(
      /<rim:RegistryObjectList>[\s\S]*<\/rim:RegistryObjectList>/,
      "",
    );
    expect(refusal(() => parseEvidenceResponse(doc(broken))).rule).toBe("R-EDM-RESP-S007");
  });
});

describe("mutations: deleting any element never breaks a parser in an untyped way", () => {
  const kinds = [
    ["evidence-request", parseEvidenceRequest],
    ["evidence-response", parseEvidenceResponse],
    ["evidence-error", parseErrorResponse],
  ] as const;
  for (const [kind, parse] of kinds) {
    it(kind, () => {
      const xml = sampleMessages("2.0")[kind];
      const count = doc(xml).getElementsByTagName("*").length;
      let refused = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: count - 1 }),
          fc.integer({ min: 0, max: count - 1 }),
          (a, b) => {
            const d = doc(xml);
            for (const i of new Set([a, b])) {
              const el = d.getElementsByTagName("*")[i];
              if (el?.parentNode && el !== d.documentElement) el.parentNode.removeChild(el);
            }
            const mutated = new XMLSerializer().serializeToString(d as never);
            try {
              parse(doc(mutated));
            } catch (error) {
              expect(error).toBeInstanceOf(EdmParseError);
              refused++;
              expect((error as EdmParseError).rule).toMatch(/^R-EDM-(REQ|RESP|ERR)-[SC]\d+$/);
            }
          },
        ),
        { numRuns: 200 },
      );
      // Most deletions hit a mandatory part: the property is not passing vacuously.
      expect(refused).toBeGreaterThan(20);
    });
  }
});
