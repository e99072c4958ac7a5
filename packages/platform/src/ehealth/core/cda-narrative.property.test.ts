/**
 * Property test of the narrative renderer: random trees of CDA, XHTML, SVG and unknown elements,
 * with hostile attribute values, text and CDATA, never render to HTML with a script element, an
 * event-handler or style attribute, a non-http(s) link or an element outside the whitelist.
 */

import { parseXml } from "@tilts/trust";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CDA_NAMESPACE } from "./cda-names.ts";
import { renderNarrativeHtml } from "./cda-narrative.tsx";

const NAMES = [
  "paragraph",
  "content",
  "br",
  "sub",
  "sup",
  "caption",
  "linkHtml",
  "list",
  "item",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "footnote",
  "footnoteRef",
  "renderMultiMedia",
  "col",
  "colgroup",
  "script",
  "style",
  "img",
  "a",
  "iframe",
  "object",
  "svg",
  "math",
  "form",
  "input",
  "base",
  "meta",
  "link",
  "text",
];
const PREFIXES = ["", "h:", "s:", "x:"]; // CDA (default namespace), XHTML, SVG, another namespace
const ATTRIBUTES = [
  "onload",
  "onclick",
  "onerror",
  "style",
  "href",
  "src",
  "styleCode",
  "colspan",
  "rowspan",
  "scope",
  "align",
  "listType",
  "language",
  "ID",
  "IDREF",
  "class",
  "xlink:href",
  "h:onclick",
];
const HOSTILE_VALUES = [
  "javascript:alert(1)",
  " JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)",
  "https://ok.example/",
  'https://ok.example/"><script>alert(1)</script>',
  "//evil.example",
  "expression(alert(1))",
  "Bold",
  "Bold Italics",
  "ordered",
  "2",
  "99999",
  "row",
  "en-GB",
  "x<y>z",
  "&amp;",
  "vbscript:msgbox(1)",
];
const TEXT = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abc <>&\"'=:/;()-é\u00a0".split("")), maxLength: 12 }),
  fc.constantFrom(
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "]]",
    "&lt;b&gt;",
  ),
);

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

type Tree =
  | { kind: "text"; text: string }
  | { kind: "cdata"; text: string }
  | {
      kind: "element";
      name: string;
      prefix: string;
      attributes: [string, string][];
      children: Tree[];
    };

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: TEXT.map((text): Tree => ({ kind: "text", text })), weight: 2 },
    { arbitrary: TEXT.map((text): Tree => ({ kind: "cdata", text: text.replaceAll("]]>", "") })), weight: 1 },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("element" as const),
        name: fc.constantFrom(...NAMES),
        prefix: fc.constantFrom(...PREFIXES),
        attributes: fc.uniqueArray(
          fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...HOSTILE_VALUES)),
          {
            maxLength: 4,
            selector: ([name]) => name,
          },
        ),
        children: fc.array(tie("tree"), { maxLength: 4 }),
      }),
    },
  ),
}));

function toXml(node: Tree): string {
  if (node.kind === "text") return escapeXml(node.text);
  if (node.kind === "cdata") return `<![CDATA[${node.text}]]>`;
  const name = `${node.prefix}${node.name}`;
  const attrs = node.attributes.map(([n, v]) => ` ${n}="${escapeXml(v)}"`).join("");
  return `<${name}${attrs}>${node.children.map(toXml).join("")}</${name}>`;
}

function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/<[^>]*\sstyle\s*=/i);
  expect(html).not.toMatch(/<[^>]*\s(src|xlink:href|class="(?!cda-)[^"]*")/i);
  expect(html).not.toMatch(/<(iframe|img|object|embed|svg|math|form|input|base|meta|link|style)\b/i);
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\/[^\s"<>]+$/);
  // Every tag is a whitelisted HTML element.
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)/g)) {
    expect([
      "div",
      "p",
      "span",
      "b",
      "i",
      "u",
      "em",
      "br",
      "sub",
      "sup",
      "a",
      "ul",
      "ol",
      "li",
      "table",
      "caption",
      "thead",
      "tbody",
      "tfoot",
      "tr",
      "th",
      "td",
      "small",
    ]).toContain(m[1]);
  }
}

describe("narrative renderer, property", () => {
  it("no random hostile narrative renders to unsafe HTML", () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 5 }), (nodes) => {
        const xml = `<text xmlns="${CDA_NAMESPACE}" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:s="http://www.w3.org/2000/svg" xmlns:x="urn:example:other" xmlns:xlink="http://www.w3.org/1999/xlink">${nodes.map(toXml).join("")}</text>`;
        const { document } = parseXml(xml);
        expectSafe(renderNarrativeHtml(document.documentElement as unknown as Element));
      }),
      { numRuns: 1000 },
    );
  });
});
