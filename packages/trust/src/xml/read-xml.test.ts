/**
 * XML 1.0 (Fifth Edition) and Namespaces in XML 1.0 edge cases for the strict reader behind
 * parseXml (DESIGN: own code is held to public conformance rules). Each case names its section.
 */
import { describe, expect, it } from "vitest";
import { C14N_10_WITH_COMMENTS } from "../c14n/algorithms.ts";
import { canonicalizeToString } from "../c14n/canonicalize.ts";
import { MalformedInputError } from "../errors.ts";
import { parseXml } from "./parse-xml.ts";

const root = (xml: string) => parseXml(xml).document.documentElement!;
const c14n = (xml: string) =>
  canonicalizeToString(parseXml(xml).document, { algorithm: C14N_10_WITH_COMMENTS });
const refused = (xml: string, pattern: RegExp) => {
  expect(() => parseXml(xml)).toThrow(MalformedInputError);
  expect(() => parseXml(xml)).toThrow(pattern);
};

describe("strict XML reader: character data", () => {
  it("keeps CDATA sections as CDATA nodes and canonicalizes them as escaped text (§2.7)", () => {
    const a = root("<a>x<![CDATA[<b>&amp;]]]]>y</a>");
    expect([...a.childNodes].map((n) => n.nodeType)).toEqual([3, 4, 3]);
    expect(a.textContent).toBe("x<b>&amp;]]y");
    expect(c14n("<a><![CDATA[<&>]]></a>")).toBe("<a>&lt;&amp;&gt;</a>");
  });
  it("expands character references, decimal and hexadecimal, beyond the BMP too (§4.1)", () => {
    expect(root("<a>&#65;&#x42;&#x1F600;&#128512;&#13;</a>").textContent).toBe("AB😀😀\r");
  });
  it("refuses references to characters XML forbids", () => {
    refused("<a>&#0;</a>", /not a legal character/);
    refused("<a>&#xFFFE;</a>", /not a legal character/);
    refused("<a>&#xD800;</a>", /not a legal character/);
    refused("<a>&#x110000;</a>", /not a legal character/);
    refused("<a>&#x;</a>", /not a legal character/);
    refused("<a>&#12a;</a>", /not a legal character/);
  });
  it("knows only the five predefined entities (§4.6) and refuses others and bare ampersands", () => {
    expect(root("<a>&lt;&gt;&amp;&quot;&apos;</a>").textContent).toBe("<>&\"'");
    refused("<a>&nbsp;</a>", /entity "&nbsp;" is not defined/);
    refused("<a>&toString;</a>", /is not defined/);
    refused("<a>AT&T</a>", /does not start a reference/);
    refused('<a b="&c"/>', /does not start a reference/);
  });
  it("normalizes CRLF and lone CR to LF everywhere (§2.11), but not NEL or U+2028", () => {
    expect(root("<a>1\r\n2\r3\n4</a>").textContent).toBe("1\n2\n3\n4");
    expect(root("<a><![CDATA[1\r\n2]]><!--3\r\n4--></a>").firstChild!.nodeValue).toBe("1\n2");
    // XML 1.0 leaves U+0085 and U+2028 alone (libxml2 too); xmldom turned them into LF.
    expect(root("<a>1\u20282\u00853</a>").textContent).toBe("1\u20282\u00853");
  });
  it("refuses ]]> in text (§2.4) but allows a lone >", () => {
    expect(root("<a>]]&gt; ]> ></a>").textContent).toBe("]]> ]> >");
    refused("<a>x]]>y</a>", /"]]>" is not allowed in text/);
  });
  it("refuses text, CDATA or a second element outside the document element (§2.1)", () => {
    refused("<a/>x", /text outside the document element/);
    refused("x<a/>", /text outside the document element/);
    refused("<![CDATA[x]]><a/>", /CDATA section outside/);
    refused("<a/><b/>", /more than one document element/);
  });
});

describe("strict XML reader: attributes", () => {
  it("normalizes attribute values: literal white space to spaces, references kept (§3.3.3)", () => {
    const a = root('<a b="1\t2\n3\r\n4&#9;5&#10;6&#13;7" c=\'"\' d="&apos;&quot;"/>');
    expect(a.getAttribute("b")).toBe("1 2 3 4\t5\n6\r7");
    expect(a.getAttribute("c")).toBe('"');
    expect(a.getAttribute("d")).toBe("'\"");
  });
  it("refuses <, unquoted values, missing values, missing white space and duplicates (§3.1)", () => {
    refused('<a b="<"/>', /"<" is not allowed in the value/);
    refused("<a b=1/>", /is not quoted/);
    refused("<a b/>", /has no value/);
    refused('<a b="1"c="2"/>', /separated by white space/);
    refused('<a b="1" b="2"/>', /appears twice/);
  });
  it("keeps attributes in document order with spaces around =", () => {
    const a = root("<a z = '1'\n  y\t=\"2\" x='3'/>");
    expect([...a.attributes].map((x) => `${x.name}=${x.value}`)).toEqual(["z=1", "y=2", "x=3"]);
  });
});

describe("strict XML reader: namespaces", () => {
  it("binds prefixes, the default namespace and its undeclaration (Namespaces §6)", () => {
    const a = root('<p:a xmlns:p="urn:p" xmlns="urn:d"><b xmlns=""><c/></b><d p:x="1" y="2"/></p:a>');
    expect([a.namespaceURI, a.prefix, a.localName]).toEqual(["urn:p", "p", "a"]);
    const b = a.firstChild as Element;
    expect(b.namespaceURI).toBeNull();
    expect((b.firstChild as Element).namespaceURI).toBeNull();
    const d = a.lastChild as Element;
    expect(d.namespaceURI).toBe("urn:d");
    expect(d.getAttributeNS("urn:p", "x")).toBe("1");
    expect(d.getAttributeNode("y")!.namespaceURI).toBeNull();
    expect(d.lookupNamespaceURI("p")).toBe("urn:p");
    expect(b.lookupNamespaceURI(null)).toBeNull();
  });
  it("restores outer bindings after an element that redeclared a prefix ends", () => {
    const a = root('<a xmlns:p="urn:1"><b xmlns:p="urn:2"><p:c/></b><p:d/><e xmlns:p="urn:3"/><p:f/></a>');
    const names = [...a.getElementsByTagName("*")].map((e) => `${e.localName}:${e.namespaceURI}`);
    expect(names).toEqual(["b:null", "c:urn:2", "d:urn:1", "e:null", "f:urn:1"]);
  });
  it("binds xml without a declaration and refuses misuse of xml and xmlns (Namespaces §3)", () => {
    expect(root('<a xml:lang="lv"/>').getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")).toBe(
      "lv",
    );
    refused('<a xmlns:xml="urn:x"/>', /only the prefix xml/);
    refused('<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>', /only the prefix xml/);
    refused('<a xmlns:xmlns="urn:x"/>', /prefix xmlns must not be declared/);
    refused('<a xmlns="http://www.w3.org/2000/xmlns/"/>', /xmlns namespace must not be declared/);
    refused("<xmlns:a/>", /prefix "xmlns" is not declared/);
  });
  it("refuses unbound prefixes, prefix undeclaration (a 1.1 feature) and malformed QNames", () => {
    refused("<p:a/>", /prefix "p" is not declared/);
    refused('<a p:b="1"/>', /prefix "p" is not declared/);
    refused('<a xmlns:p="urn:p"><b xmlns:p=""/></a>', /cannot be undeclared/);
    refused("<a:b:c xmlns:a='u'/>", /one colon/);
    refused("<:a/>", /name was expected/);
    refused("<a: xmlns:a='u'/>", /one colon/);
  });
  it("refuses attributes that are the same after namespace expansion (Namespaces §6.3)", () => {
    refused('<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>', /after namespace expansion/);
  });
});

describe("strict XML reader: markup", () => {
  it("keeps comments and processing instructions, inside and outside the document element", () => {
    const doc = parseXml(
      "<?xml version='1.0'?>\n<?style a b ?>\n<!--c1--><a><?p?><!-- c2 --></a><!--c3-->",
    ).document;
    expect([...doc.childNodes].map((n) => `${n.nodeType}:${n.nodeName}:${n.nodeValue}`)).toEqual([
      "7:style:a b ",
      "8:#comment:c1",
      "1:a:null",
      "8:#comment:c3",
    ]);
    const pi = doc.documentElement!.firstChild as ProcessingInstruction;
    expect([pi.target, pi.data]).toEqual(["p", ""]);
  });
  it("refuses -- in comments, PIs named xml and malformed declarations (§2.5, §2.6, §2.8)", () => {
    refused("<a><!-- a -- b --></a>", /"--" is not allowed inside a comment/);
    refused("<a><!-- a ---></a>", /"--" is not allowed inside a comment/);
    refused("<a><?xml x?></a>", /only at the start/);
    refused("\n<?xml version='1.0'?><a/>", /only at the start/);
    refused("<?xml version='2.0'?><a/>", /declaration is not well-formed/);
    refused("<?xml encoding='UTF-8'?><a/>", /declaration is not well-formed/);
    refused("<a><?p-x?y?></a>", /not followed by white space/);
  });
  it("accepts a byte order mark and the encoding declaration with UTF-16 bytes", () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from("<?xml version='1.0' encoding='UTF-16'?><a>ž</a>", "utf16le").swap16(),
    ]);
    expect(parseXml(new Uint8Array(utf16)).document.documentElement!.textContent).toBe("ž");
    expect(root("\ufeff<a/>").nodeName).toBe("a");
  });
  it("refuses mismatched, unclosed and stray end tags (§3)", () => {
    refused("<a></b>", /<\/b> closes <a>/);
    refused("<a><b></a>", /<\/a> closes <b>/);
    refused("<a>", /element <a> is not closed/);
    refused("<a/></a>", /without a start tag/);
    refused("<a></a x>", /end tag is not closed/);
    refused("<a/ >", /must be followed by ">"/);
  });
  it("places elements by line and column, as the EDM findings report them", () => {
    type Located = Element & { lineNumber: number; columnNumber: number };
    const a = root("<a>\r\n  <b\n c='1'/>\n<d/></a>") as unknown as Located;
    const [b, d] = [...a.getElementsByTagName("*")] as unknown as Located[];
    expect([a.lineNumber, b!.lineNumber, b!.columnNumber, d!.lineNumber, d!.columnNumber]).toEqual([
      1, 2, 3, 4, 1,
    ]);
  });
  it("refuses what xmldom let through although XML 1.0 forbids it", () => {
    refused("<a>fish & chips</a>", /does not start a reference/); // xmldom kept the "&"
    refused('<a b="x & y"/>', /does not start a reference/);
    refused("<a>&#0;</a>", /not a legal character/); // xmldom made a NUL
    refused("<a>x</a></a>", /without a start tag/); // xmldom ignored the stray end tag
    refused("<a/\n>", /must be followed by ">"/);
    refused("<a>\u2028</a>\u2028", /text outside the document element/); // U+2028 is no space in 1.0
  });
  it("reports where a document breaks", () => {
    refused("<a>\n<b>\n</c></a>", /line 3, column 1/);
  });
});
