import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseXml } from "@tilts/trust";
import { describe, expect, it } from "vitest";
import { CDA_NAMESPACE } from "./cda-names.ts";
import { renderNarrativeHtml, safeHref } from "./cda-narrative.tsx";

const XHTML = "http://www.w3.org/1999/xhtml";

function render(inner: string, lang?: "lv" | "en"): string {
  const { document } = parseXml(`<text xmlns="${CDA_NAMESPACE}">${inner}</text>`);
  return renderNarrativeHtml(document.documentElement as unknown as Element, { lang });
}

/** The properties every rendering must have, whatever came in. */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i); // an event-handler attribute inside a tag
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/<[^>]*\sstyle\s*=/i);
  expect(html).not.toMatch(/<(iframe|img|object|embed|svg|math|form|input|base|meta|link)\b/i);
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
}

describe("narrative block → HTML", () => {
  it.each([
    [
      '<paragraph>Hello <content styleCode="Bold">world</content></paragraph>',
      "<p>Hello <span><b>world</b></span></p>",
    ],
    ['<content styleCode="Bold Italics Underline">x</content>', "<span><b><i><u>x</u></i></b></span>"],
    ["<paragraph>a<br/>b</paragraph>", "<p>a<br/>b</p>"],
    ['<list listType="ordered"><item>a</item><item>b</item></list>', "<ol><li>a</li><li>b</li></ol>"],
    [
      "<list><caption>Allergies</caption><item>pollen</item></list>",
      '<div class="cda-list"><p class="cda-caption">Allergies</p><ul><li>pollen</li></ul></div>',
    ],
    [
      '<table border="1"><caption>Results</caption><thead><tr><th scope="col">Test</th><th>Value</th></tr></thead><tbody><tr><td colspan="2" align="right">5 <sub>x</sub><sup>2</sup></td></tr></tbody></table>',
      '<table class="cda-table"><caption>Results</caption><thead><tr><th scope="col">Test</th><th>Value</th></tr></thead><tbody><tr><td colspan="2" align="right">5 <sub>x</sub><sup>2</sup></td></tr></tbody></table>',
    ],
    [
      '<linkHtml href="https://example.org/a?b=1">site</linkHtml>',
      '<a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">site</a> <span class="cda-external">(ārēja saite: atvērsies cita vietne ārpus e-veselības)</span>',
    ],
    ['<paragraph language="lv-LV">Sveiki</paragraph>', '<p lang="lv-LV">Sveiki</p>'],
    [
      '<renderMultiMedia referencedObject="img1"/>',
      '<span class="cda-multimedia">[multivides saturs šeit netiek rādīts]</span>',
    ],
    [
      '<paragraph>a<footnoteRef IDREF="n1"/><footnote ID="n1">b</footnote></paragraph>',
      '<p>a<sup>*</sup><small class="cda-footnote">(piezīme: b)</small></p>',
    ],
    ["<paragraph><![CDATA[1 < 2 & 3]]></paragraph>", "<p>1 &lt; 2 &amp; 3</p>"],
  ])("%s", (inner, html) => {
    expect(render(inner)).toBe(`<div class="cda-narrative">${html}</div>`);
  });

  it("placeholder texts follow the language", () => {
    expect(
      render('<renderMultiMedia referencedObject="x"><caption>X-ray</caption></renderMultiMedia>', "en"),
    ).toBe(
      '<div class="cda-narrative"><span class="cda-multimedia">[multimedia content not shown here] X-ray</span></div>',
    );
  });

  it("renders every section of the shared sample CCD safely, keeping its words", () => {
    const sample = readFileSync(
      fileURLToPath(new URL("../../../../../../shared/specs/cda/sampleCCD.xml", import.meta.url)),
    );
    const { document } = parseXml(sample);
    const texts = Array.from(document.getElementsByTagNameNS(CDA_NAMESPACE, "text")).filter(
      (t) => (t.parentNode as Element | null)?.localName === "section",
    );
    expect(texts.length).toBeGreaterThan(5);
    const all = texts.map((t) => renderNarrativeHtml(t as unknown as Element)).join("\n");
    expectSafe(all);
    expect(all).toContain("<table");
    expect(all).toContain("<td");
  });
});

describe("hostile narrative never survives as markup", () => {
  it.each([
    ["CDA-namespace script", "<paragraph>a<script>alert(1)</script>b</paragraph>", "<p>ab</p>"],
    [
      "event handlers, style and ID",
      '<paragraph onload="alert(1)" onclick="x" style="color:red" ID="p1">t</paragraph>',
      "<p>t</p>",
    ],
    ["javascript: link", '<linkHtml href="javascript:alert(1)">x</linkHtml>', "<span>x</span>"],
    [
      "mixed-case javascript: link with spaces",
      '<linkHtml href="  JaVaScRiPt:alert(1)">x</linkHtml>',
      "<span>x</span>",
    ],
    [
      "javascript: link split by a tab entity",
      '<linkHtml href="java&#x09;script:alert(1)">x</linkHtml>',
      "<span>x</span>",
    ],
    [
      "data: link",
      '<linkHtml href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</linkHtml>',
      "<span>x</span>",
    ],
    ["protocol-relative link", '<linkHtml href="//evil.example/">x</linkHtml>', "<span>x</span>"],
    [
      "link with handler attributes",
      '<linkHtml href="https://ok.example/" onmouseover="alert(1)" target="_top">x</linkHtml>',
      '<a href="https://ok.example/" rel="noopener noreferrer nofollow">x</a> <span class="cda-external">(ārēja saite: atvērsies cita vietne ārpus e-veselības)</span>',
    ],
    [
      "quotes smuggled in an href",
      '<linkHtml href="https://ok.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</linkHtml>',
      null,
    ],
    [
      "CDATA with markup",
      "<paragraph><![CDATA[<script>alert(1)</script><img src=x onerror=alert(1)>]]></paragraph>",
      null,
    ],
    [
      "escaped markup in text",
      "<paragraph>&lt;script&gt;alert(1)&lt;/script&gt;</paragraph>",
      "<p>&lt;script>alert(1)&lt;/script></p>",
    ],
    ["XHTML script by prefix", `<h:script xmlns:h="${XHTML}">alert(1)</h:script>ok`, "ok"],
    ["XHTML link by prefix", `<h:a xmlns:h="${XHTML}" href="javascript:alert(1)">click</h:a>`, "click"],
    ["XHTML img with onerror", `<h:img xmlns:h="${XHTML}" src="x" onerror="alert(1)"/>`, ""],
    [
      "CDA names in the XHTML namespace",
      `<paragraph xmlns="${XHTML}" onclick="x">p<table><tr><td>c</td></tr></table></paragraph>`,
      "pc",
    ],
    [
      "SVG with a script",
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><text>t</text></svg>',
      "t",
    ],
    [
      "unknown CDA elements",
      '<iframe src="https://evil.example/"/><img src="x" onerror="alert(1)"/><object data="x">words</object><blink>kept</blink>',
      "kept",
    ],
    ["a script inside an unknown element", "<wrapper>a<script>alert(1)</script>b</wrapper>", "ab"],
    [
      "attribute values smuggling markup",
      '<table><tbody><tr><td colspan="2 onmouseover=alert(1)" align="left&quot; onclick=&quot;x" rowspan="99999">c</td></tr></tbody></table>',
      '<table class="cda-table"><tbody><tr><td>c</td></tr></tbody></table>',
    ],
    [
      "a language tag smuggling an attribute",
      '<paragraph language="en&quot; onclick=&quot;alert(1)">t</paragraph>',
      "<p>t</p>",
    ],
    [
      "a styleCode trying to become style",
      '<content styleCode="Bold&quot; style=&quot;x">t</content>',
      "<span>t</span>",
    ],
    [
      "rows and cells out of place",
      "<table><tr><td>loose</td></tr><tbody><script>x</script><td>cell</td><tr><img/><td>ok</td></tr></tbody></table>",
      '<table class="cda-table"><tbody><tr><td>ok</td></tr></tbody></table>',
    ],
    [
      "comments and processing instructions",
      "<paragraph>a<!-- <script>alert(1)</script> --><?php echo 1; ?>b</paragraph>",
      "<p>ab</p>",
    ],
  ])("%s", (_name, inner, expected) => {
    const html = render(inner);
    expectSafe(html);
    if (expected !== null) expect(html).toBe(`<div class="cda-narrative">${expected}</div>`);
  });

  it("deep nesting is flattened to text beyond the limit, without failing", () => {
    const depth = 200;
    const html = render(`${"<content>".repeat(depth)}deep${"</content>".repeat(depth)}`);
    expectSafe(html);
    expect(html).toContain("deep");
    expect((html.match(/<span>/g) ?? []).length).toBeLessThan(depth);
  });
});

describe("safeHref", () => {
  it.each([
    ["https://example.org/", "https://example.org/"],
    ["HTTP://EXAMPLE.ORG/x", "http://example.org/x"],
    ["javascript:alert(1)", undefined],
    ["https:alert(1)", undefined],
    ["/relative", undefined],
    ["mailto:a@b.example", undefined],
    ["https://", undefined],
    [undefined, undefined],
  ])("%s → %s", (input, output) => {
    expect(safeHref(input)).toBe(output);
  });
});
