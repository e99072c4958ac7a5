/**
 * A small helper over the DOM for building namespaced XML: one function per element, with
 * text and attributes, so builders read like the structure they produce.
 */
import { SOAP12_NS, WSU_NS, XENC11_NS } from "../namespaces.ts";

export type Attrs = Record<string, string | undefined>;

export function el(
  doc: Document,
  ns: string,
  qname: string,
  attrs: Attrs = {},
  children: (Node | string | undefined)[] = [],
): Element {
  const e = doc.createElementNS(ns, qname);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    const colon = name.indexOf(":");
    if (colon < 0) e.setAttribute(name, value);
    else {
      const prefix = name.slice(0, colon);
      const nsUri = ATTRIBUTE_PREFIXES[prefix];
      if (!nsUri) throw new Error(`unknown attribute prefix ${prefix}`);
      e.setAttributeNS(nsUri, name, value);
    }
  }
  for (const c of children) {
    if (c === undefined) continue;
    e.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
  }
  return e;
}

const ATTRIBUTE_PREFIXES: Record<string, string> = {
  xmlns: "http://www.w3.org/2000/xmlns/",
  xml: "http://www.w3.org/XML/1998/namespace",
  env: SOAP12_NS,
  wsu: WSU_NS,
  wsse11: "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd",
  xenc11: XENC11_NS,
};

/** Direct element children of `parent` with the namespace and local name. */
export function children(parent: Node, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if ((ns === undefined || e.namespaceURI === ns) && (local === undefined || e.localName === local))
      out.push(e);
  }
  return out;
}

export function textContent(e: Element | undefined): string {
  return (e?.textContent ?? "").trim();
}
