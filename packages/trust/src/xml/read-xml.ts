/**
 * A strict, namespace-aware XML 1.0 reader that builds an @xmldom/xmldom Document directly.
 * xmldom's own SAX parser spends most of its time in regular expressions and per-node
 * validation; this one walks the text once with charCodeAt/indexOf (no backtracking) and
 * hands finished names, namespaces and values to the DOM. The DOM stays xmldom's, so every
 * caller (signing, c14n, XPath, editing) works on the same node classes as before.
 *
 * What it accepts is XML 1.0 (Fifth Edition) + Namespaces in XML 1.0 without a DTD:
 *   - line ends normalised (§2.11: CRLF and CR become LF; NEL/U+2028 are left alone, as
 *     XML 1.0 and libxml2 do — xmldom wrongly turned them into LF);
 *   - attribute values normalised (§3.3.3: literal TAB/LF become spaces; character references
 *     keep the character they name);
 *   - only the five predefined entities (§4.6) and character references to legal Chars (§4.1);
 *   - well-formed names, matching end tags, unique attributes (also after namespace
 *     expansion, Namespaces §6.3), bound prefixes, no undeclared prefixes (xmlns:p="" is 1.1);
 *   - no "]]>" in text, no "--" in comments, PIs not named xml except the declaration at 0;
 *   - nothing but comments, PIs and white space outside the document element.
 * Limits and the DOCTYPE refusal are enforced by prescan.ts before this runs.
 */
import { DOMImplementation } from "@xmldom/xmldom";
import { MalformedInputError } from "../errors.ts";
import { addAttribute, appendFresh, newElement, newText } from "./build-dom.ts";
import { XML_NAMESPACE, XMLNS_NAMESPACE } from "./dom.ts";
import { isNcNameChar, isNcNameStart, isXmlChar, isXmlSpace } from "./xml-chars.ts";

/** In-scope namespace bindings: prefix → URI ("" is the default namespace, "" URI = none). */
type Scope = Record<string, string>;

interface RawAttribute {
  qname: string;
  colon: number;
  value: string;
  offset: number;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>/;

/** §2.11: CRLF and lone CR become LF before anything else is looked at. */
function normalizeLineEnds(text: string): string {
  return text.indexOf("\r") < 0 ? text : text.replace(/\r\n?/g, "\n");
}

/** Parses `input` (BOM already removed) into an xmldom Document; throws MalformedInputError. */
export function readXml(input: string): Document {
  return new XmlReader(normalizeLineEnds(input)).read();
}

class XmlReader {
  private readonly src: string;
  private readonly doc: Document;
  private pos = 0;
  private parent: Node;
  private readonly openNames: string[] = [];
  private readonly attributes: RawAttribute[] = [];
  private readonly namespaces: (string | null)[] = [];
  private readonly splits = new Map<string, { prefix: string | null; local: string }>();
  /** Bindings saved when an open element declared namespaces, restored at its end tag. */
  private readonly savedScopes: { depth: number; scope: Scope }[] = [];
  private scope: Scope;
  /** Next offsets of "&" and "]]>" (offsets only grow, so each search runs once). */
  private nextAmp = -1;
  private nextCdataEnd = -1;
  /** Line bookkeeping for lineNumber/columnNumber (xmldom's locator, used in EDM findings). */
  private line = 1;
  private lineStart = 0;
  private nextLineFeed: number;

  constructor(src: string) {
    this.src = src;
    const lineFeed = src.indexOf("\n");
    this.nextLineFeed = lineFeed < 0 ? Infinity : lineFeed;
    this.doc = new DOMImplementation().createDocument(null, "") as unknown as Document;
    this.parent = this.doc;
    const root: Scope = Object.create(null);
    root.xml = XML_NAMESPACE;
    root[""] = "";
    this.scope = root;
  }

  read(): Document {
    const src = this.src;
    if (src.startsWith("<?xml") && isXmlSpace(src.charCodeAt(5))) this.declaration();
    const n = src.length;
    while (this.pos < n) {
      const lt = src.indexOf("<", this.pos);
      const end = lt < 0 ? n : lt;
      if (end > this.pos) this.text(end);
      if (lt < 0) break;
      this.markup(lt);
    }
    if (this.openNames.length > 0) this.fail(`element <${this.openNames.at(-1)}> is not closed`, n);
    if (!this.doc.documentElement) this.fail("XML has no document element", n);
    // Invalidates any cached live node list, as xmldom's appendChild does on each change.
    (this.doc as unknown as { _inc: number })._inc++;
    return this.doc;
  }

  private fail(message: string, at: number): never {
    this.locate(at);
    throw new MalformedInputError(
      `XML is not well-formed: ${message} (line ${this.line}, column ${at - this.lineStart + 1})`,
    );
  }

  /**
   * Moves the line counter to offset `at`. The next line feed is remembered, so a document of
   * one long line is not searched to its end at every node: the whole count stays linear.
   */
  private locate(at: number): void {
    let nl = this.nextLineFeed;
    if (nl >= at) return;
    const src = this.src;
    while (nl < at) {
      this.line++;
      this.lineStart = nl + 1;
      const next = src.indexOf("\n", nl + 1);
      nl = next < 0 ? Infinity : next;
    }
    this.nextLineFeed = nl;
  }

  private place(node: Node, at: number): void {
    this.locate(at);
    const located = node as unknown as { lineNumber: number; columnNumber: number };
    located.lineNumber = this.line;
    located.columnNumber = at - this.lineStart + 1;
  }

  private declaration(): void {
    const end = this.src.indexOf("?>");
    const m = XML_DECLARATION.exec(this.src.slice(0, end + 2));
    if (!m) this.fail("the XML declaration is not well-formed", 0);
    this.pos = end + 2;
  }

  private markup(lt: number): void {
    const src = this.src;
    const c = src.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) this.endTag(lt);
    else if (c === 0x3f /* ? */) this.processingInstruction(lt);
    else if (c === 0x21 /* ! */) {
      if (src.startsWith("<!--", lt)) this.comment(lt);
      else if (src.startsWith("<![CDATA[", lt)) this.cdata(lt);
      else if (src.startsWith("<!DOCTYPE", lt)) this.fail("XML with a DOCTYPE (DTD) is refused", lt);
      else this.fail("unexpected markup declaration", lt);
    } else this.startTag(lt);
  }

  /** The document's own children go through xmldom (documentElement); the rest are linked. */
  private append(node: Node): void {
    if (this.parent === this.doc) this.doc.appendChild(node);
    else appendFresh(this.parent, node);
  }

  // ---- character data ----

  private text(end: number): void {
    const src = this.src;
    const start = this.pos;
    this.pos = end;
    if (this.openNames.length === 0) {
      for (let i = start; i < end; i++)
        if (!isXmlSpace(src.charCodeAt(i))) this.fail("text outside the document element", i);
      return;
    }
    if (this.nextCdataEnd !== Infinity && this.nextCdataEnd < start) {
      const found = src.indexOf("]]>", start);
      this.nextCdataEnd = found < 0 ? Infinity : found;
    }
    if (this.nextCdataEnd + 3 <= end) this.fail('"]]>" is not allowed in text', this.nextCdataEnd);
    if (this.nextAmp !== Infinity && this.nextAmp < start) {
      const found = src.indexOf("&", start);
      this.nextAmp = found < 0 ? Infinity : found;
    }
    const amp = this.nextAmp;
    const value = amp >= end ? src.slice(start, end) : this.decode(start, end, amp);
    const last = this.parent.lastChild as {
      nodeType: number;
      data: string;
      nodeValue: string;
      length: number;
    } | null;
    if (last?.nodeType === 3) {
      // Text split only by an empty CDATA section: one node, as xmldom's normalize() leaves it.
      last.data += value;
      last.nodeValue = last.data;
      last.length = last.data.length;
      return;
    }
    const node = newText(this.doc, value);
    this.place(node, start);
    appendFresh(this.parent, node);
  }

  /** Replaces references in src[start, end) whose first "&" is at `amp` (§4.1, §4.6). */
  private decode(start: number, end: number, amp: number): string {
    const src = this.src;
    let out = "";
    let from = start;
    while (amp >= 0 && amp < end) {
      const semi = src.indexOf(";", amp + 1);
      if (semi < 0 || semi >= end) this.fail('"&" does not start a reference', amp);
      out += src.slice(from, amp) + this.reference(amp, semi);
      from = semi + 1;
      amp = src.indexOf("&", from);
    }
    return out + src.slice(from, end);
  }

  private reference(amp: number, semi: number): string {
    const src = this.src;
    if (src.charCodeAt(amp + 1) !== 0x23 /* # */) {
      const name = src.slice(amp + 1, semi);
      const value = PREDEFINED_ENTITIES[name];
      if (value === undefined || !Object.hasOwn(PREDEFINED_ENTITIES, name))
        this.fail(
          `entity "&${name};" is not defined (XML without a DTD knows only the five predefined ones)`,
          amp,
        );
      return value;
    }
    const hex = src.charCodeAt(amp + 2) === 0x78; /* x */
    const digits = src.slice(amp + (hex ? 3 : 2), semi);
    const valid = hex ? /^[0-9A-Fa-f]{1,8}$/.test(digits) : /^[0-9]{1,8}$/.test(digits);
    const cp = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
    if (!isXmlChar(cp))
      this.fail(`character reference "${src.slice(amp, semi + 1)}" is not a legal character`, amp);
    return String.fromCodePoint(cp);
  }

  // ---- comments, CDATA, processing instructions ----

  private comment(lt: number): void {
    const src = this.src;
    const end = src.indexOf("-->", lt + 4);
    if (end < 0) this.fail("comment is not closed", lt);
    const dashes = src.indexOf("--", lt + 4);
    if (dashes < end) this.fail('"--" is not allowed inside a comment', dashes);
    const node = this.doc.createComment(src.slice(lt + 4, end));
    this.place(node, lt);
    this.append(node);
    this.pos = end + 3;
  }

  private cdata(lt: number): void {
    const src = this.src;
    if (this.openNames.length === 0) this.fail("CDATA section outside the document element", lt);
    const end = src.indexOf("]]>", lt + 9);
    if (end < 0) this.fail("CDATA section is not closed", lt);
    this.pos = end + 3;
    // An empty section adds no node (xmldom never made one; c14n output is the same either way).
    if (end === lt + 9) return;
    const node = this.doc.createCDATASection(src.slice(lt + 9, end));
    this.place(node, lt);
    this.append(node);
  }

  private processingInstruction(lt: number): void {
    const src = this.src;
    const end = src.indexOf("?>", lt + 2);
    if (end < 0) this.fail("processing instruction is not closed", lt);
    const nameEnd = this.scanPlainName(lt + 2);
    const target = src.slice(lt + 2, nameEnd);
    if (target.toLowerCase() === "xml")
      this.fail("an XML declaration is allowed only at the start of the document", lt);
    let dataStart = nameEnd;
    if (nameEnd < end && !isXmlSpace(src.charCodeAt(nameEnd)))
      this.fail("processing instruction target is not followed by white space", nameEnd);
    while (dataStart < end && isXmlSpace(src.charCodeAt(dataStart))) dataStart++;
    const node = this.doc.createProcessingInstruction(target, src.slice(dataStart, end));
    this.place(node, lt);
    this.append(node);
    this.pos = end + 2;
  }

  // ---- names ----

  /** Scans a QName (Namespaces §4: at most one colon, between two NCNames); returns its end. */
  private scanName(start: number): number {
    const src = this.src;
    if (!isNcNameStart(src.charCodeAt(start))) this.fail("a name was expected", start);
    let i = start + 1;
    let colon = false;
    for (;;) {
      const c = src.charCodeAt(i);
      if (isNcNameChar(c)) i++;
      else if (c === 0x3a /* : */ && !colon && isNcNameStart(src.charCodeAt(i + 1))) {
        colon = true;
        i += 2;
      } else if (c === 0x3a) this.fail("a qualified name has one colon between two non-empty parts", i);
      else return i;
    }
  }

  /** Scans a Name (§2.3; colons allowed), as a processing instruction target is. */
  private scanPlainName(start: number): number {
    const src = this.src;
    const first = src.charCodeAt(start);
    if (!isNcNameStart(first) && first !== 0x3a) this.fail("a name was expected", start);
    let i = start + 1;
    for (let c = src.charCodeAt(i); isNcNameChar(c) || c === 0x3a; c = src.charCodeAt(++i));
    return i;
  }

  // ---- elements ----

  private startTag(lt: number): void {
    const src = this.src;
    if (this.openNames.length === 0 && this.doc.documentElement)
      this.fail("more than one document element", lt);
    const nameEnd = this.scanName(lt + 1);
    const qname = src.slice(lt + 1, nameEnd);
    // One array reused for every tag: a parse allocates per attribute, not per tag.
    const attributes = this.attributes;
    attributes.length = 0;
    const nextLt = src.indexOf("<", lt + 1);
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      const before = i;
      while (isXmlSpace(src.charCodeAt(i))) i++;
      const c = src.charCodeAt(i);
      if (c === 0x3e /* > */) {
        i++;
        break;
      }
      if (c === 0x2f /* / */) {
        if (src.charCodeAt(i + 1) !== 0x3e) this.fail('"/" in a start tag must be followed by ">"', i);
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === before) this.fail("attributes must be separated by white space", i);
      i = this.attribute(i, attributes, nextLt < 0 ? Infinity : nextLt);
    }
    this.pos = i;
    this.refuseDuplicates(attributes);
    const scope = this.declareNamespaces(attributes);
    const element = this.element(qname, attributes, scope, lt);
    this.append(element);
    if (selfClosing) return;
    if (scope !== this.scope) {
      this.savedScopes.push({ depth: this.openNames.length, scope: this.scope });
      this.scope = scope;
    }
    this.openNames.push(qname);
    this.parent = element;
  }

  /** Reads name="value" at `start` into `out`; returns the offset after the closing quote. */
  private attribute(start: number, out: RawAttribute[], nextLt: number): number {
    const src = this.src;
    const nameEnd = this.scanName(start);
    const qname = src.slice(start, nameEnd);
    let i = nameEnd;
    while (isXmlSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== 0x3d /* = */) this.fail(`attribute ${qname} has no value`, i);
    i++;
    while (isXmlSpace(src.charCodeAt(i))) i++;
    const quote = src.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) this.fail(`the value of attribute ${qname} is not quoted`, i);
    const end = src.indexOf(quote === 0x22 ? '"' : "'", i + 1);
    if (end < 0) this.fail(`the value of attribute ${qname} is not closed`, i);
    if (nextLt < end) this.fail(`"<" is not allowed in the value of attribute ${qname}`, nextLt);
    // Located at its opening quote, as xmldom's locator placed attributes.
    out.push({ qname, colon: qname.indexOf(":"), value: this.attributeValue(i + 1, end), offset: i });
    return end + 1;
  }

  /** §3.1 "Unique Att Spec": pairwise for the usual few, one set for many (≤ 256 by the limits). */
  private refuseDuplicates(attributes: RawAttribute[]): void {
    const n = attributes.length;
    if (n < 2) return;
    if (n < 16) {
      for (let i = 1; i < n; i++)
        for (let j = 0; j < i; j++)
          if (attributes[i]!.qname === attributes[j]!.qname)
            this.fail(`attribute ${attributes[i]!.qname} appears twice`, attributes[i]!.offset);
      return;
    }
    const seen = new Set<string>();
    for (const a of attributes) {
      if (seen.has(a.qname)) this.fail(`attribute ${a.qname} appears twice`, a.offset);
      seen.add(a.qname);
    }
  }

  /** §3.3.3 for CDATA attributes: literal white space becomes a space, references expand. */
  private attributeValue(start: number, end: number): string {
    const src = this.src;
    let needsWork = false;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x26 || c === 0x0a || c === 0x09) {
        needsWork = true;
        break;
      }
    }
    if (!needsWork) return src.slice(start, end);
    let out = "";
    let from = start;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x0a || c === 0x09) {
        out += `${src.slice(from, i)} `;
        from = i + 1;
      } else if (c === 0x26) {
        const semi = src.indexOf(";", i + 1);
        if (semi < 0 || semi >= end) this.fail('"&" does not start a reference', i);
        out += src.slice(from, i) + this.reference(i, semi);
        i = semi;
        from = semi + 1;
      }
    }
    return out + src.slice(from, end);
  }

  /** Applies the namespace declarations of a start tag and builds the element. */
  private element(qname: string, attributes: RawAttribute[], scope: Scope, lt: number): Element {
    const name = this.split(qname);
    const ns = this.resolve(scope, name.prefix ?? "", lt, name.prefix !== null);
    const element = newElement(this.doc, ns, qname, name.prefix, name.local);
    this.place(element, lt);
    const namespaces = this.namespaces;
    namespaces.length = 0;
    let qualified = 0;
    for (const a of attributes) {
      const { prefix, local } = this.split(a.qname);
      const attrNs =
        prefix === null
          ? a.qname === "xmlns"
            ? XMLNS_NAMESPACE
            : null
          : prefix === "xmlns"
            ? XMLNS_NAMESPACE
            : this.resolve(scope, prefix, a.offset, true);
      if (prefix !== null && prefix !== "xmlns") qualified++;
      namespaces.push(attrNs);
      this.place(addAttribute(element, attrNs, a.qname, prefix, local, a.value), a.offset);
    }
    if (qualified > 1) this.refuseExpandedDuplicates(attributes, namespaces);
    return element;
  }

  /** Namespaces §6.3: no two attributes with the same local name and namespace name. */
  private refuseExpandedDuplicates(attributes: RawAttribute[], namespaces: (string | null)[]): void {
    const seen = new Set<string>();
    attributes.forEach((a, i) => {
      if (namespaces[i] === null) return;
      const key = `${namespaces[i]} ${this.split(a.qname).local}`;
      if (seen.has(key))
        this.fail(`attribute ${a.qname} duplicates another after namespace expansion`, a.offset);
      seen.add(key);
    });
  }

  /** Prefix and local part of a QName, cached by its text (a document repeats few names). */
  private split(qname: string): { prefix: string | null; local: string } {
    let name = this.splits.get(qname);
    if (!name) {
      const colon = qname.indexOf(":");
      name =
        colon < 0
          ? { prefix: null, local: qname }
          : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
      this.splits.set(qname, name);
    }
    return name;
  }

  private resolve(scope: Scope, prefix: string, at: number, prefixed: boolean): string | null {
    const uri = scope[prefix];
    if (uri === undefined) this.fail(`namespace prefix "${prefix}" is not declared`, at);
    if (uri === "" && prefixed) this.fail(`namespace prefix "${prefix}" is not declared`, at);
    return uri === "" ? null : uri;
  }

  /** Namespaces in XML 1.0 §3 and the constraints on xml/xmlns (§3 "Reserved Prefixes"). */
  private declareNamespaces(attributes: RawAttribute[]): Scope {
    let scope = this.scope;
    let own = false;
    for (const a of attributes) {
      const isDefault = a.qname === "xmlns";
      if (!isDefault && !(a.colon === 5 && a.qname.startsWith("xmlns:"))) continue;
      const prefix = isDefault ? "" : a.qname.slice(6);
      const uri = a.value;
      if (prefix === "xmlns") this.fail("the prefix xmlns must not be declared", a.offset);
      if (prefix === "xml" ? uri !== XML_NAMESPACE : uri === XML_NAMESPACE)
        this.fail("only the prefix xml may be bound to the XML namespace", a.offset);
      if (uri === XMLNS_NAMESPACE) this.fail("the xmlns namespace must not be declared", a.offset);
      if (prefix !== "" && uri === "")
        this.fail(`namespace prefix "${prefix}" cannot be undeclared`, a.offset);
      if (!own) {
        scope = Object.create(scope) as Scope;
        own = true;
      }
      scope[prefix] = uri;
    }
    return scope;
  }

  private endTag(lt: number): void {
    const src = this.src;
    const nameEnd = this.scanName(lt + 2);
    let i = nameEnd;
    while (isXmlSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== 0x3e) this.fail("end tag is not closed", i);
    const name = src.slice(lt + 2, nameEnd);
    const open = this.openNames.pop();
    if (open !== name)
      this.fail(
        open === undefined ? `end tag </${name}> without a start tag` : `</${name}> closes <${open}>`,
        lt,
      );
    this.parent = this.parent.parentNode!;
    this.popScope();
    this.pos = i + 1;
  }

  /** Restores the parent's bindings when the element that declared them ends. */
  private popScope(): void {
    const saved = this.savedScopes;
    if (saved.length > 0 && saved[saved.length - 1]!.depth === this.openNames.length)
      this.scope = saved.pop()!.scope;
  }
}
