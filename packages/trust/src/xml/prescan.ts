/**
 * A linear pre-scan of XML text that enforces the limits and refuses any DOCTYPE before the
 * DOM parser sees the document. It recognises only markup boundaries (comments, CDATA, PIs,
 * tags with quoted attribute values); well-formedness proper is left to the parser.
 * Using indexOf for the long constructs keeps it one pass: no input makes it quadratic.
 */
import { MalformedInputError } from "../errors.ts";
import type { XmlLimits } from "./limits.ts";

function fail(message: string): never {
  throw new MalformedInputError(message);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Characters XML 1.0 forbids anywhere (§2.2 Char): C0 controls other than tab, LF and CR, and
 * U+FFFE/U+FFFF. @xmldom/xmldom accepts some of them (a NUL between an element name and an
 * attribute parses as a space), which would let two different byte strings carry one signed
 * meaning; they are refused before parsing. Lone surrogates are refused by the UTF-8 decoder.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * A surrogate code unit outside a pair is no character at all (XML 1.0 §2.2). Bytes are
 * decoded strictly, so only a string given to parseXml can hold one.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed (ES2024, in Node 20) is several times faster than the regex. */
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Throws MalformedInputError on a DOCTYPE, a character XML forbids, or a broken limit. */
export function prescanXml(text: string, limits: XmlLimits): void {
  const forbidden = FORBIDDEN_CHARACTER.exec(text) ?? (isWellFormed(text) ? null : LONE_SURROGATE.exec(text));
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    fail(`XML contains the character U+${code} at offset ${forbidden.index}, which XML does not allow`);
  }
  let i = 0;
  let depth = 0;
  let nodes = 0;
  const n = text.length;
  const countNode = (k = 1) => {
    nodes += k;
    if (nodes > limits.maxNodes) fail(`XML has more than ${limits.maxNodes} nodes`);
  };
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (lt > i) countNode();
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith("<!--", lt)) {
        const end = text.indexOf("-->", lt + 4);
        if (end < 0) fail("XML comment is not closed");
        countNode();
        i = end + 3;
      } else if (text.startsWith("<![CDATA[", lt)) {
        const end = text.indexOf("]]>", lt + 9);
        if (end < 0) fail("XML CDATA section is not closed");
        countNode();
        i = end + 3;
      } else if (text.startsWith("<!DOCTYPE", lt)) {
        // Refused outright: DTDs bring entity expansion (billion laughs) and external entities.
        fail("XML with a DOCTYPE (DTD) is refused");
      } else {
        fail(`unexpected markup declaration at offset ${lt}`);
      }
    } else if (next === 0x3f /* ? */) {
      const end = text.indexOf("?>", lt + 2);
      if (end < 0) fail("XML processing instruction is not closed");
      countNode();
      i = end + 2;
    } else if (next === 0x2f /* / */) {
      const end = text.indexOf(">", lt + 2);
      if (end < 0) fail("XML end tag is not closed");
      depth--;
      i = end + 1;
    } else {
      i = scanStartTag(text, lt + 1, limits, countNode);
      if (text.charCodeAt(i - 2) !== 0x2f /* self-closing "/>" */) {
        depth++;
        if (depth > limits.maxDepth) fail(`XML nesting is deeper than ${limits.maxDepth} elements`);
      }
    }
  }
}

/** True when the attribute name at `start` is xmlns or xmlns:… (no slicing: once per attribute). */
function isNamespaceDeclaration(text: string, start: number): boolean {
  if (!text.startsWith("xmlns", start)) return false;
  const next = text.charCodeAt(start + 5);
  return next === 0x3a /* : */ || next === 0x3d /* = */ || isSpace(next);
}

/** Scans a start tag from just after "<"; returns the offset after its ">". */
function scanStartTag(
  text: string,
  start: number,
  limits: XmlLimits,
  countNode: (k?: number) => void,
): number {
  const n = text.length;
  let i = start;
  let attributes = 0;
  let namespaces = 0;
  let nameStart = -1;
  countNode();
  // Skip the element name.
  for (
    let c = text.charCodeAt(i);
    i < n && !isSpace(c) && c !== 0x3e && c !== 0x2f;
    c = text.charCodeAt(++i)
  );
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x3e /* > */) return i + 1;
    if (c === 0x22 || c === 0x27) {
      const end = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (end < 0) fail("XML attribute value is not closed");
      i = end + 1;
      continue;
    }
    if (c === 0x3d /* = */) {
      attributes++;
      if (nameStart >= 0 && isNamespaceDeclaration(text, nameStart)) namespaces++;
      if (attributes > limits.maxAttributesPerElement)
        fail(`XML element has more than ${limits.maxAttributesPerElement} attributes`);
      if (namespaces > limits.maxNamespaceDeclarationsPerElement)
        fail(`XML element has more than ${limits.maxNamespaceDeclarationsPerElement} namespace declarations`);
      countNode();
      nameStart = -1;
    } else if (!isSpace(c) && c !== 0x2f && nameStart < 0) {
      nameStart = i;
    }
    i++;
  }
  return fail("XML start tag is not closed");
}
