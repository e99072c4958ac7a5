/**
 * Property tests (fast-check): the parser fails only with MalformedInputError on arbitrary
 * input, and canonicalization is idempotent: c14n(parse(c14n(d))) = c14n(d) for every
 * algorithm on generated documents.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { C14N_10_WITH_COMMENTS, C14N_11, EXC_C14N } from "./algorithms.ts";
import { canonicalizeToString } from "./canonicalize.ts";

const name = fc.constantFrom("a", "b", "p:c", "q:d", "e");
const text = fc.string({ unit: fc.constantFrom("x", " ", "\n", "\r", "\t", "&", "<", ">", '"', "'", "ž") });
const escapeXml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#13;");

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .record({
      tag: name,
      attrs: fc.uniqueArray(fc.tuple(fc.constantFrom("x", "y", "p:z", "xml:lang"), text), {
        selector: (t) => t[0],
        maxLength: 3,
      }),
      declare: fc.boolean(),
      children:
        depth > 1
          ? fc.array(fc.oneof(element(depth - 1), text.map(escapeXml), fc.constant("<!--c-->")), {
              maxLength: 3,
            })
          : fc.constant([]),
    })
    .map(({ tag, attrs, declare, children }) => {
      const ns = declare ? ' xmlns="urn:d" xmlns:p="urn:p"' : "";
      const at = attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join("");
      return `<${tag}${ns}${at}>${children.join("")}</${tag}>`;
    }),
);
const documentArb = element(4).map((root) => `<root xmlns:p="urn:p0" xmlns:q="urn:q">${root}</root>`);

describe("properties", () => {
  it("parseXml throws only MalformedInputError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseXml(`<a>${s}</a>`);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedInputError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("canonicalization is idempotent", () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.constantFrom(C14N_10_WITH_COMMENTS, C14N_11, EXC_C14N),
        (xml, algorithm) => {
          const once = canonicalizeToString(parseXml(xml).document, { algorithm });
          const twice = canonicalizeToString(parseXml(once).document, { algorithm });
          expect(twice).toBe(once);
        },
      ),
      { numRuns: 200 },
    );
  });
});
