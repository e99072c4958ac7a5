/**
 * Small DOM helpers over @xmldom/xmldom nodes (typed with lib.dom's interfaces), and the
 * namespace constants of the XML and Namespaces in XML recommendations.
 */
export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
export const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

export const NodeKind = {
  ELEMENT: 1,
  ATTRIBUTE: 2,
  TEXT: 3,
  CDATA: 4,
  PROCESSING_INSTRUCTION: 7,
  COMMENT: 8,
  DOCUMENT: 9,
  DOCUMENT_TYPE: 10,
  DOCUMENT_FRAGMENT: 11,
} as const;

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === NodeKind.ELEMENT;
}

export function isText(node: Node): node is Text {
  return node.nodeType === NodeKind.TEXT || node.nodeType === NodeKind.CDATA;
}

/** Child elements, optionally filtered by namespace and local name. */
export function childElements(parent: Node, namespace?: string | null, localName?: string): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (!isElement(c)) continue;
    if (namespace !== undefined && (c.namespaceURI ?? null) !== namespace) continue;
    if (localName !== undefined && c.localName !== localName) continue;
    out.push(c);
  }
  return out;
}

export function firstChildElement(
  parent: Node,
  namespace: string | null,
  localName: string,
): Element | undefined {
  return childElements(parent, namespace, localName)[0];
}

/** XPath string-value: concatenated descendant text of an element or document. */
export function textOf(node: Node): string {
  if (node.nodeType !== NodeKind.ELEMENT && node.nodeType !== NodeKind.DOCUMENT) return node.nodeValue ?? "";
  const parts: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isText(n)) parts.push(n.nodeValue ?? "");
    else if (n.nodeType === NodeKind.ELEMENT || n.nodeType === NodeKind.DOCUMENT) {
      const kids: Node[] = [];
      for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
  }
  return parts.join("");
}

/** The attribute value, or undefined when absent (getAttribute returns "" or null by version). */
export function attributeOf(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? "") : undefined;
}

export function ownerDocumentOf(node: Node): Document {
  return node.nodeType === NodeKind.DOCUMENT ? (node as Document) : (node.ownerDocument as Document);
}

/** Parent in the XPath sense: attributes have their owner element as parent. */
export function parentOf(node: Node): Node | null {
  if (node.nodeType === NodeKind.ATTRIBUTE) return (node as Attr).ownerElement;
  return node.parentNode;
}

/** True when `node` is `ancestor` or lies below it. */
export function isDescendantOrSelf(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = parentOf(n)) if (n === ancestor) return true;
  return false;
}

/** Removes all XML whitespace (base64 in signatures may carry &#13; and line feeds). */
export function stripXmlWhitespace(value: string): string {
  return value.replace(/[ \t\r\n]+/g, "");
}
