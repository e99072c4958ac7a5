/**
 * A faithful XML serializer for signed documents. xmldom's serializer writes a carriage
 * return in text or a tab/line feed in an attribute literally, which a parser then normalizes
 * (XML 1.0 §2.11, §3.3.3) — the re-read document would no longer match its digests. Here every
 * such character is written as a character reference, so parse(serialize(dom)) has the same
 * canonical form as `dom`. Namespace declarations are taken from xmlns attributes only; call
 * `declareNamespaces` first on DOMs built with createElementNS.
 */
import { isElement, NodeKind, XMLNS_NAMESPACE } from "./dom.ts";
import { inScopeNamespaces, resetNamespaceCaches, withDeclarations } from "./node-set.ts";

function escapeText(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

function escapeAttr(v: string): string {
  return v
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

export interface SerializeXmlOptions {
  xmlDeclaration?: boolean;
  /**
   * A node written as if it were not there, with its subtree — e.g. an enveloped ds:Signature,
   * to get the content it signs without copying or changing the tree (which callers may be
   * verifying at the same time).
   */
  omit?: Node;
}

export function serializeXml(node: Node, options: SerializeXmlOptions = {}): string {
  const out: string[] = [];
  if (options.xmlDeclaration) out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  const visit = (n: Node): void => {
    if (n === options.omit) return;
    switch (n.nodeType) {
      case NodeKind.DOCUMENT:
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === NodeKind.PROCESSING_INSTRUCTION && (c as ProcessingInstruction).target === "xml")
            continue;
          visit(c);
          if (c.nodeType !== NodeKind.ELEMENT && c.nextSibling) out.push("\n");
          else if (isElement(c) && c.nextSibling) out.push("\n");
        }
        return;
      case NodeKind.ELEMENT: {
        const e = n as Element;
        out.push(`<${e.nodeName}`);
        for (let i = 0; i < e.attributes.length; i++) {
          const a = e.attributes[i]!;
          out.push(` ${a.name}="${escapeAttr(a.value)}"`);
        }
        if (!e.firstChild) {
          out.push("/>");
          return;
        }
        out.push(">");
        for (let c: ChildNode | null = e.firstChild; c; c = c.nextSibling) visit(c);
        out.push(`</${e.nodeName}>`);
        return;
      }
      case NodeKind.TEXT:
      case NodeKind.CDATA:
        out.push(escapeText(n.nodeValue ?? ""));
        return;
      case NodeKind.COMMENT:
        out.push(`<!--${n.nodeValue ?? ""}-->`);
        return;
      case NodeKind.PROCESSING_INSTRUCTION: {
        const pi = n as ProcessingInstruction;
        out.push(pi.data ? `<?${pi.target} ${pi.data}?>` : `<?${pi.target}?>`);
        return;
      }
      default:
        return;
    }
  };
  visit(node);
  return out.join("");
}

/**
 * Adds xmlns attributes for element and attribute prefixes that are not declared in scope,
 * so the DOM, its canonical form and its serialization agree.
 */
export function declareNamespaces(root: Element): void {
  resetNamespaceCaches();
  const top =
    root.parentNode && isElement(root.parentNode)
      ? inScopeNamespaces(root.parentNode)
      : new Map<string, string>();
  const stack: [Element, ReadonlyMap<string, string>][] = [[root, top]];
  while (stack.length > 0) {
    const [e, parentScope] = stack.pop()!;
    const need: [string, string][] = [];
    if (e.namespaceURI) need.push([e.prefix ?? "", e.namespaceURI]);
    else if (!e.prefix && parentScope.get("")) need.push(["", ""]);
    for (let i = 0; i < e.attributes.length; i++) {
      const a = e.attributes[i]!;
      if (a.prefix && a.prefix !== "xml" && a.prefix !== "xmlns" && a.namespaceURI)
        need.push([a.prefix, a.namespaceURI]);
    }
    for (const [prefix, uri] of need) {
      if ((withDeclarations(e, parentScope).get(prefix) ?? "") === uri) continue;
      e.setAttributeNS(XMLNS_NAMESPACE, prefix ? `xmlns:${prefix}` : "xmlns", uri);
    }
    const scope = withDeclarations(e, parentScope);
    for (let c = e.lastChild; c; c = c.previousSibling) if (isElement(c)) stack.push([c, scope]);
  }
}
