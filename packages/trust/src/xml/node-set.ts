/**
 * The XPath 1.0 data model pieces that the DOM lacks, and node-sets as XML-DSig uses them
 * (XMLDSig §4.4.3.3, Canonical XML §2.1):
 * - namespace nodes: every element has one per in-scope namespace (XPath 1.0 §5.4), each a
 *   distinct node with a stable identity (cached per element);
 * - node-sets: either "a subtree" (a same-document reference, optionally without comments and
 *   minus excluded subtrees such as an enveloped Signature) or an explicit set of nodes
 *   (the result of an XPath transform). The subtree form avoids materialising large sets.
 */
import { isElement, NodeKind, parentOf, XML_NAMESPACE, XMLNS_NAMESPACE } from "./dom.ts";

export interface NamespaceNode {
  readonly kind: "namespace";
  readonly parent: Element;
  /** "" for the default namespace. */
  readonly prefix: string;
  readonly uri: string;
}

export type XNode = Node | NamespaceNode;

export function isNamespaceNode(node: XNode): node is NamespaceNode {
  return (node as NamespaceNode).kind === "namespace";
}

let nsCache = new WeakMap<Element, NamespaceNode[]>();
let scopeCache = new WeakMap<Element, ReadonlyMap<string, string>>();

/**
 * Namespace scopes are cached per element; a caller that adds or removes xmlns attributes
 * after a document was read (signing does) must reset the caches.
 */
export function resetNamespaceCaches(): void {
  nsCache = new WeakMap();
  scopeCache = new WeakMap();
}

/** In-scope namespace bindings of an element (prefix → URI; "" = default), xml included. */
export function inScopeNamespaces(element: Element): ReadonlyMap<string, string> {
  const cached = scopeCache.get(element);
  if (cached) return cached;
  // Iterative: collect the ancestor chain, then fold downwards (no recursion on deep trees).
  const chain: Element[] = [];
  for (let n: Node | null = element; isElement(n); n = n.parentNode) {
    if (scopeCache.has(n)) break;
    chain.push(n);
  }
  const top = chain[chain.length - 1]!;
  const above = isElement(top.parentNode) ? scopeCache.get(top.parentNode) : undefined;
  let scope: ReadonlyMap<string, string> = above ?? new Map([["xml", XML_NAMESPACE]]);
  for (let k = chain.length - 1; k >= 0; k--) {
    const el = chain[k]!;
    scope = withDeclarations(el, scope);
    scopeCache.set(el, scope);
  }
  return scope;
}

/** Applies an element's xmlns declarations to its parent's scope (copy on write). */
export function withDeclarations(
  element: Element,
  parentScope: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  let scope: Map<string, string> | undefined;
  const attrs = element.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.namespaceURI !== XMLNS_NAMESPACE) continue;
    scope ??= new Map(parentScope);
    const prefix = a.prefix === "xmlns" ? a.localName : "";
    // xmlns="" undeclares the default namespace: XPath has no namespace node for it.
    if (a.value === "") scope.delete(prefix);
    else scope.set(prefix, a.value);
  }
  return scope ?? parentScope;
}

/** The element's namespace nodes (stable identities), xml namespace included. */
export function namespaceNodesOf(element: Element): NamespaceNode[] {
  let nodes = nsCache.get(element);
  if (!nodes) {
    nodes = [...inScopeNamespaces(element)].map(([prefix, uri]) => ({
      kind: "namespace",
      parent: element,
      prefix,
      uri,
    }));
    nsCache.set(element, nodes);
  }
  return nodes;
}

export function xparentOf(node: XNode): Node | null {
  return isNamespaceNode(node) ? node.parent : parentOf(node);
}

/**
 * A node-set as consumed by canonicalization. `walkRoot` is where a document-order walk
 * starts; members outside its subtree do not exist.
 */
export interface NodeSet {
  readonly walkRoot: Node;
  includes(node: Node): boolean;
  includesNamespace(ns: NamespaceNode): boolean;
  /** True when no node at or below `node` is in the set (lets walks skip it). */
  excludesSubtree(node: Node): boolean;
}

/** The subtree of `root`, with or without comments, minus `excluded` subtrees. */
export class SubtreeNodeSet implements NodeSet {
  constructor(
    readonly walkRoot: Node,
    readonly withComments: boolean,
    readonly excluded: readonly Node[] = [],
  ) {}

  includes(node: Node): boolean {
    if (!this.withComments && node.nodeType === NodeKind.COMMENT) return false;
    let inside = false;
    for (let n: Node | null = node; n; n = parentOf(n)) {
      if (this.excluded.includes(n)) return false;
      if (n === this.walkRoot) {
        inside = true;
        break;
      }
    }
    return inside;
  }

  includesNamespace(ns: NamespaceNode): boolean {
    return this.includes(ns.parent);
  }

  excludesSubtree(node: Node): boolean {
    return this.excluded.includes(node) || (!this.withComments && node.nodeType === NodeKind.COMMENT);
  }
}

/** An explicit set of nodes (XPath results). */
export class ExplicitNodeSet implements NodeSet {
  constructor(
    readonly walkRoot: Node,
    readonly members: ReadonlySet<XNode>,
  ) {}
  includes(node: Node): boolean {
    return this.members.has(node);
  }
  includesNamespace(ns: NamespaceNode): boolean {
    return this.members.has(ns);
  }
  excludesSubtree(): boolean {
    return false;
  }
}

/**
 * All nodes of a node-set in document order (element, its namespace nodes, its attributes,
 * then children — XPath 1.0 §5). Used to feed XPath transforms.
 */
export function materialize(set: NodeSet): XNode[] {
  const out: XNode[] = [];
  const stack: Node[] = [set.walkRoot];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (set.excludesSubtree(node)) continue;
    if (set.includes(node)) out.push(node);
    if (isElement(node)) {
      for (const ns of namespaceNodesOf(node)) if (set.includesNamespace(ns)) out.push(ns);
      const attrs = node.attributes;
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i]!;
        if (a.namespaceURI !== XMLNS_NAMESPACE && set.includes(a)) out.push(a);
      }
    }
    const kids: Node[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return out;
}
