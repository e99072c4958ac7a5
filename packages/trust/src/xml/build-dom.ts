/**
 * Builds @xmldom/xmldom nodes for the reader without xmldom's per-call checks. The reader has
 * already validated every name, namespace and value (read-xml.ts), and xmldom's factory
 * methods would check each again (regular expressions on every qualified name, hierarchy
 * assertions on every append) — together most of its parse time after its own tokenizer.
 *
 * The nodes are xmldom's own classes (their prototypes), with the fields its factory methods
 * set in 0.9.12 (pinned exactly in package.json; xml-reader.differential.test.ts compares the
 * result with xmldom's parser and fails on any drift after an upgrade). Every later operation —
 * signing, editing, XPath, serialization — runs xmldom's code on them.
 */
import * as xmldom from "@xmldom/xmldom";
import { XMLNS_NAMESPACE } from "./dom.ts";

interface Fields {
  [key: string]: unknown;
}

const ELEMENT = xmldom.Element.prototype as object;
const ATTR = xmldom.Attr.prototype as object;
const TEXT = xmldom.Text.prototype as object;
const NODE_LIST = xmldom.NodeList.prototype as object;
const NAMED_NODE_MAP = xmldom.NamedNodeMap.prototype as object;

function nodeList(): Fields {
  return Object.create(NODE_LIST) as Fields;
}

/**
 * Attributes and text nodes can never have children (xmldom refuses them as parents before
 * touching any list), so they share one frozen empty list instead of one list each.
 */
const NO_CHILDREN = Object.freeze(nodeList());

/** As Document.createElementNS, names already split and checked. */
export function newElement(
  doc: Document,
  namespaceURI: string | null,
  qualifiedName: string,
  prefix: string | null,
  localName: string,
): Element {
  const el = Object.create(ELEMENT) as Fields;
  el._nsMap = Object.create(null);
  const attributes = Object.create(NAMED_NODE_MAP) as Fields;
  attributes._nsIndex = Object.create(null);
  attributes._noNsIndex = Object.create(null);
  attributes._ownerElement = el;
  el.attributes = attributes;
  el.childNodes = nodeList();
  el.ownerDocument = doc;
  el.nodeName = qualifiedName;
  el.tagName = qualifiedName;
  el.namespaceURI = namespaceURI;
  el.prefix = prefix;
  el.localName = localName;
  return el as unknown as Element;
}

/**
 * As createAttributeNS + setAttributeNode on an element that has no attribute of this name
 * yet (the reader refuses duplicates), including the element's namespace map.
 */
export function addAttribute(
  element: Element,
  namespaceURI: string | null,
  qualifiedName: string,
  prefix: string | null,
  localName: string,
  value: string,
): Attr {
  const attr = Object.create(ATTR) as Fields;
  attr.ownerDocument = element.ownerDocument;
  attr.childNodes = NO_CHILDREN;
  attr.nodeName = qualifiedName;
  attr.name = qualifiedName;
  attr.specified = true;
  attr.namespaceURI = namespaceURI;
  attr.prefix = prefix;
  attr.localName = localName;
  attr.value = value;
  attr.nodeValue = value;
  attr.ownerElement = element;
  const map = element.attributes as unknown as Fields & { length: number };
  (map as unknown as Attr[])[map.length] = attr as unknown as Attr;
  map.length++;
  let bucket: Fields;
  if (namespaceURI) {
    const index = map._nsIndex as Record<string, Fields>;
    bucket = index[namespaceURI] ??= Object.create(null) as Fields;
  } else bucket = map._noNsIndex as Fields;
  bucket[localName] = attr;
  if (namespaceURI === XMLNS_NAMESPACE)
    (element as unknown as { _nsMap: Record<string, string> })._nsMap[prefix ? localName : ""] = value;
  return attr as unknown as Attr;
}

/** As createTextNode. */
export function newText(doc: Document, data: string): Text {
  const text = Object.create(TEXT) as Fields;
  text.ownerDocument = doc;
  text.childNodes = NO_CHILDREN;
  text.data = data;
  text.nodeValue = data;
  text.length = data.length;
  return text as unknown as Text;
}

/**
 * Appends `child` (fresh, parentless) to `parent`, an element: the sibling links and the
 * indexed childNodes list that xmldom's appendChild maintains, without its assertions.
 */
export function appendFresh(parent: Node, child: Node): void {
  const p = parent as unknown as Fields;
  const c = child as unknown as Fields;
  const last = p.lastChild as Fields | null;
  c.previousSibling = last ?? null;
  c.nextSibling = null;
  if (last) last.nextSibling = c;
  else p.firstChild = c;
  p.lastChild = c;
  c.parentNode = p;
  const list = p.childNodes as Fields & { length: number };
  list[list.length] = c;
  list.length++;
}
