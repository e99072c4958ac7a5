/**
 * A flat description of a DOM for differential tests: every node with its kind, names,
 * namespace, value, attributes in order, line/column, and the canonical form (C14N 1.0 with
 * comments, which keeps everything XML-DSig can sign). Two parsers agree on a document when
 * their descriptions are equal.
 */
import { C14N_10_WITH_COMMENTS } from "../../c14n/algorithms.ts";
import { canonicalizeToString } from "../../c14n/canonicalize.ts";

interface Located {
  lineNumber?: number;
  columnNumber?: number;
}

function describeNode(node: Node): string {
  const at = `@${(node as Located).lineNumber}:${(node as Located).columnNumber}`;
  if (node.nodeType !== 1) return `${node.nodeType} ${node.nodeName} ${JSON.stringify(node.nodeValue)} ${at}`;
  const e = node as Element;
  const attributes: string[] = [];
  for (let i = 0; i < e.attributes.length; i++) {
    const a = e.attributes[i]!;
    const aAt = `@${(a as Located).lineNumber}:${(a as Located).columnNumber}`;
    attributes.push(
      `${a.name}{${a.namespaceURI}|${a.prefix}|${a.localName}}=${JSON.stringify(a.value)} ${aAt}`,
    );
  }
  return `1 ${e.tagName}{${e.namespaceURI}|${e.prefix}|${e.localName}} ${at} [${attributes.join(", ")}]`;
}

/** Depth-first description of `document` plus its canonical form. */
export function describeDocument(document: Document): string[] {
  const out: string[] = [];
  const visit = (n: Node, depth: number): void => {
    out.push(`${" ".repeat(depth)}${describeNode(n)} children=${n.childNodes.length}`);
    for (let c = n.firstChild; c; c = c.nextSibling) visit(c, depth + 1);
  };
  for (let c = document.firstChild; c; c = c.nextSibling) visit(c, 0);
  out.push(`documentElement=${document.documentElement?.tagName}`);
  out.push(canonicalizeToString(document, { algorithm: C14N_10_WITH_COMMENTS }));
  return out;
}
