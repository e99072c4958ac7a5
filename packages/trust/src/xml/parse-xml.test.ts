import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { parseXml } from "./parse-xml.ts";
import { serializeXml } from "./serialize.ts";

const refused = (input: string | Uint8Array, pattern: RegExp, limits?: Parameters<typeof parseXml>[1]) => {
  expect(() => parseXml(input, limits)).toThrow(MalformedInputError);
  expect(() => parseXml(input, limits)).toThrow(pattern);
};

describe("parseXml", () => {
  it("parses UTF-8 bytes and keeps the original bytes and text", () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1">ā</a>');
    const parsed = parseXml(bytes);
    expect(parsed.bytes).toBe(bytes);
    expect(parsed.text).toContain("<a x=");
    expect(parsed.document.documentElement!.textContent).toBe("ā");
    // The XML declaration is not kept as a processing instruction.
    expect(parsed.document.firstChild).toBe(parsed.document.documentElement);
  });
  it("accepts a UTF-8 BOM and UTF-16 with a BOM", () => {
    expect(
      parseXml(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<a/>")])).document
        .documentElement!.nodeName,
    ).toBe("a");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<b/>", "utf16le")]);
    expect(parseXml(new Uint8Array(utf16)).document.documentElement!.nodeName).toBe("b");
  });
  it("refuses any DOCTYPE, even a harmless one", () => {
    refused("<!DOCTYPE a><a/>", /DOCTYPE/);
    refused('<?xml version="1.0"?>\n<!-- c --><!DOCTYPE a SYSTEM "a.dtd"><a/>', /DOCTYPE/);
  });
  it("refuses characters XML forbids, which the DOM parser would otherwise let through", () => {
    // A NUL where a space belongs parsed as a space: two byte strings, one signed meaning.
    for (const bad of ['<a\u0000b="1"/>', "<a>\u0001</a>", '<a b="\u001F"/>', "<a>\uFFFE</a>"]) {
      expect(() => parseXml(bad)).toThrow(MalformedInputError);
      expect(() => parseXml(bad)).toThrow(/which XML does not allow/);
    }
    expect(() => parseXml(new TextEncoder().encode('<a b="1"/>'.replace(" ", "\u0000")))).toThrow(/U\+0000/);
    expect(parseXml("<a>\t\r\n ok</a>").document.documentElement?.textContent).toBe("\t\n ok");
  });

  it("turns parser errors into MalformedInputError", () => {
    refused("<a><b></a>", /not well-formed|parse/);
    refused("<a>&undefined;</a>", /entity|parse/);
    refused("", /no document element|not well-formed|parse/);
    refused("<a/><b/>", /not well-formed|parse/);
    refused('<a xmlns:p="u"><q:b/></a>', /not well-formed|parse|prefix|namespace/i);
    refused(new Uint8Array([0x3c, 0x61, 0xff, 0x3e]), /UTF-8/);
    refused('<?xml version="1.0" encoding="ISO-8859-1"?><a/>', /encoding/);
  });
  it("keeps markup-like text in comments and CDATA out of the limit checks", () => {
    const doc = parseXml("<a><!-- <!DOCTYPE x> <b> --><![CDATA[<!DOCTYPE <c>]]></a>", {
      limits: { maxDepth: 1 },
    });
    expect(doc.document.documentElement!.childNodes.length).toBe(2);
  });
  it("enforces size, depth, attribute, namespace and node limits", () => {
    refused("<a>".repeat(20) + "</a>".repeat(20), /deeper than 10/, { limits: { maxDepth: 10 } });
    refused(
      `<a ${Array.from({ length: 20 }, (_, i) => `x${i}="1"`).join(" ")}/>`,
      /more than 10 attributes/,
      {
        limits: { maxAttributesPerElement: 10 },
      },
    );
    refused(
      `<a ${Array.from({ length: 5 }, (_, i) => `xmlns:p${i}="u${i}"`).join(" ")}/>`,
      /namespace declarations/,
      {
        limits: { maxNamespaceDeclarationsPerElement: 4 },
      },
    );
    refused(`<a>${"<b/>".repeat(100)}</a>`, /more than 50 nodes/, { limits: { maxNodes: 50 } });
    refused(`<a>${"x".repeat(2000)}</a>`, /larger than the limit of 1000 bytes/, {
      limits: { maxBytes: 1000 },
    });
    // Default limits: depth 256.
    refused("<a>".repeat(300) + "</a>".repeat(300), /deeper than 256/);
  });
  it("refuses unterminated constructs in the pre-scan", () => {
    refused("<a><!-- x</a>", /comment is not closed/);
    refused('<a b="x></a>', /attribute value is not closed|start tag/);
    refused("<a><![CDATA[x</a>", /CDATA/);
  });
});

describe("serializeXml with a node left out", () => {
  it("writes the document without that subtree and leaves the tree unchanged", () => {
    const xml = '<a xmlns="urn:x" xmlns:d="urn:d"><b>1</b><d:Signature><d:c/></d:Signature><e/></a>';
    const { document } = parseXml(xml);
    const signature = document.getElementsByTagNameNS("urn:d", "Signature")[0]!;
    expect(serializeXml(document, { omit: signature })).toBe(
      '<a xmlns="urn:x" xmlns:d="urn:d"><b>1</b><e/></a>',
    );
    expect(serializeXml(document)).toBe(xml);
  });
});
