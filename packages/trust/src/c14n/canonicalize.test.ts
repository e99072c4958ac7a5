import { describe, expect, it } from "vitest";
import { parseXml } from "../xml/parse-xml.ts";
import { C14N_10, C14N_10_WITH_COMMENTS, C14N_11, EXC_C14N, EXC_C14N_WITH_COMMENTS } from "./algorithms.ts";
import { canonicalizeToString } from "./canonicalize.ts";
import { joinUriReferences, removeDotSegments } from "./xml-base.ts";

const c14n = (
  xml: string,
  algorithm: string,
  select?: (d: Document) => Node,
  inclusivePrefixes?: string[],
) => {
  const { document } = parseXml(xml);
  const opts = inclusivePrefixes ? { algorithm, inclusivePrefixes } : { algorithm };
  return canonicalizeToString(select ? select(document) : document, opts);
};
const byName = (name: string) => (d: Document) => d.getElementsByTagName(name)[0]!;

describe("Canonical XML: document-level nodes (c14n §2.3 / example 3.1)", () => {
  const doc = `<?xml version="1.0"?>\n\n<?xml-stylesheet   href="doc.xsl"\n   type="text/xsl"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->`;
  it("drops comments, puts one line feed between top-level nodes and the document element", () => {
    expect(c14n(doc, C14N_10)).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>',
    );
  });
  it("keeps comments with #WithComments, before and after the document element", () => {
    expect(c14n(doc, C14N_10_WITH_COMMENTS)).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->',
    );
  });
});

describe("start and end tags, attribute order, namespace declarations (example 3.3)", () => {
  const doc = `<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>`;
  it("matches the recommendation's canonical form", () => {
    expect(c14n(doc, C14N_10)).toBe(`<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>`);
  });
});

describe("character escaping (example 3.4)", () => {
  it("escapes text and attributes as §2.3 says, CDATA becomes text, \\r is &#xD;", () => {
    const doc = `<doc><text>First line&#x0d;&#10;Second line</text><value>&#x32;</value><compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute><compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute><norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/></doc>`;
    expect(c14n(doc, C14N_10)).toBe(
      `<doc><text>First line&#xD;\nSecond line</text><value>2</value><compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute><compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute><norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm></doc>`,
    );
  });
  it("normalizes literal line breaks in text and attributes on input", () => {
    expect(c14n('<a b="x\r\ny">1\r\n2\r3</a>', C14N_10)).toBe('<a b="x y">1\n2\n3</a>');
  });
  it("keeps non-ASCII characters as UTF-8, not references", () => {
    expect(c14n("<a b='&#x101;'>&#x17E;ī</a>", C14N_10)).toBe('<a b="ā">žī</a>');
  });
});

describe("namespace axis: inclusive vs exclusive", () => {
  const doc = `<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org"><n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"/></n1:elem2></n0:local>`;
  it("inclusive c14n of a subtree renders every in-scope namespace once", () => {
    expect(c14n(doc, C14N_10, byName("n1:elem2"))).toBe(
      '<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xmlns:n3="ftp://example.org" xml:lang="en"><n3:stuff></n3:stuff></n1:elem2>',
    );
  });
  it("exclusive c14n renders only visibly utilized namespaces, where first utilized", () => {
    expect(c14n(doc, EXC_C14N, byName("n1:elem2"))).toBe(
      '<n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>',
    );
  });
  it("InclusiveNamespaces PrefixList brings listed prefixes back in", () => {
    expect(c14n(doc, EXC_C14N, byName("n1:elem2"), ["n0"])).toBe(
      '<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>',
    );
  });
  it("a prefix used only by an attribute is utilized in exclusive c14n", () => {
    expect(c14n('<r xmlns:p="urn:p" xmlns:q="urn:q"><e p:x="1"/></r>', EXC_C14N, byName("e"))).toBe(
      '<e xmlns:p="urn:p" p:x="1"></e>',
    );
  });
  it('default namespace: inherited into an apex element, undeclared with xmlns="" only when needed', () => {
    expect(c14n('<a xmlns="urn:a"><b/></a>', EXC_C14N, byName("b"))).toBe('<b xmlns="urn:a"></b>');
    expect(c14n('<a xmlns="urn:a"><b/></a>', C14N_10, byName("b"))).toBe('<b xmlns="urn:a"></b>');
    expect(c14n('<a xmlns="urn:a"><b xmlns=""><c/></b></a>', C14N_10)).toBe(
      '<a xmlns="urn:a"><b xmlns=""><c></c></b></a>',
    );
    expect(c14n('<a xmlns="urn:a"><b xmlns=""><c/></b></a>', C14N_10, byName("b"))).toBe("<b><c></c></b>");
    expect(c14n('<a xmlns="urn:a"><b xmlns=""><c/></b></a>', EXC_C14N, byName("b"))).toBe("<b><c></c></b>");
  });
  it("superfluous redeclarations are dropped", () => {
    expect(c14n('<a xmlns:p="urn:p"><p:b xmlns:p="urn:p"/></a>', C14N_10)).toBe(
      '<a xmlns:p="urn:p"><p:b></p:b></a>',
    );
    expect(c14n('<a xmlns:p="urn:p"><p:b xmlns:p="urn:p"/></a>', EXC_C14N)).toBe(
      '<a><p:b xmlns:p="urn:p"></p:b></a>',
    );
  });
});

describe("xml:* attributes of omitted ancestors", () => {
  const doc = '<a xml:lang="en" xml:space="preserve" xml:id="x1" xml:base="http://e.org/d/"><b>t</b></a>';
  it("c14n 1.0 inherits every xml:* attribute", () => {
    expect(c14n(doc, C14N_10, byName("b"))).toBe(
      '<b xml:base="http://e.org/d/" xml:id="x1" xml:lang="en" xml:space="preserve">t</b>',
    );
  });
  it("c14n 1.1 inherits xml:lang and xml:space, never xml:id, and fixes xml:base up", () => {
    expect(c14n(doc, C14N_11, byName("b"))).toBe(
      '<b xml:base="http://e.org/d/" xml:lang="en" xml:space="preserve">t</b>',
    );
    expect(c14n('<a xml:base="x/y/"><b xml:base="../z/"/></a>', C14N_11, byName("b"))).toBe(
      '<b xml:base="x/z/"></b>',
    );
  });
  it("exclusive c14n inherits none", () => {
    expect(c14n(doc, EXC_C14N, byName("b"))).toBe("<b>t</b>");
  });
  it("an element's own xml:lang wins", () => {
    expect(c14n('<a xml:lang="en"><b xml:lang="lv"/></a>', C14N_10, byName("b"))).toBe(
      '<b xml:lang="lv"></b>',
    );
  });
});

describe("comments inside elements", () => {
  it("are kept by exclusive #WithComments of a subtree", () => {
    expect(c14n("<a><!--x--><b/></a>", EXC_C14N_WITH_COMMENTS)).toBe("<a><!--x--><b></b></a>");
    expect(c14n("<a><!--x--><b/></a>", EXC_C14N)).toBe("<a><b></b></a>");
  });
});

describe("join-URI-References (c14n 1.1 §2.4)", () => {
  it("resolves against absolute and relative bases", () => {
    expect(joinUriReferences("http://a/b/c/d;p?q", "../g")).toBe("http://a/b/g");
    expect(joinUriReferences("http://xmlbase.example.org/xmlbase0/", "/xmlbase1/")).toBe(
      "http://xmlbase.example.org/xmlbase1/",
    );
    expect(joinUriReferences("a/b/", "../../../c")).toBe("../c");
    expect(removeDotSegments("/a/b/c/./../../g")).toBe("/a/g");
  });
});
