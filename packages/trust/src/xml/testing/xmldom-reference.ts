/**
 * The parse path parseXml used before the strict reader: the same decoding and pre-scan, then
 * @xmldom/xmldom's DOMParser with every error or warning fatal. Kept only as the reference the
 * differential test (read-xml.differential.test.ts) and bench/xmldsig.bench.ts compare with.
 */
import { DOMParser } from "@xmldom/xmldom";
import { MalformedInputError } from "../../errors.ts";
import { resolveLimits, type XmlLimits } from "../limits.ts";
import { prescanXml } from "../prescan.ts";

/**
 * Parses `text` as parseXml did with xmldom; throws MalformedInputError on any problem.
 * `prescan: false` leaves out the pre-scan both paths share, to time the parsers alone.
 */
export function parseWithXmldom(
  text: string,
  options: { limits?: Partial<XmlLimits>; prescan?: boolean } = {},
): Document {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (options.prescan !== false) prescanXml(text, resolveLimits(options.limits));
  let document: Document;
  try {
    const parser = new DOMParser({
      onError: (level, message) => {
        throw new MalformedInputError(`XML parse ${level}: ${message}`);
      },
    });
    document = parser.parseFromString(text, "text/xml") as unknown as Document;
  } catch (cause) {
    if (cause instanceof MalformedInputError) throw cause;
    throw new MalformedInputError(`XML is not well-formed: ${String(cause)}`, { cause });
  }
  if (document.doctype) throw new MalformedInputError("XML with a DOCTYPE (DTD) is refused");
  if (!document.documentElement) throw new MalformedInputError("XML has no document element");
  // The XML declaration and white space outside the document element are not in the data model.
  for (let c = document.firstChild; c; ) {
    const next = c.nextSibling;
    const isDeclaration = c.nodeType === 7 && (c as ProcessingInstruction).target === "xml";
    if (isDeclaration || c.nodeType === 3) document.removeChild(c);
    c = next;
  }
  return document;
}
