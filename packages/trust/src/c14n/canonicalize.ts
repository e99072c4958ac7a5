/**
 * Canonical XML 1.0 (W3C REC 2001-03-15), Canonical XML 1.1 (W3C REC 2008-05-02) and
 * Exclusive XML Canonicalization 1.0 (W3C REC 2002-07-18), with or without comments, of a
 * whole document, an element subtree, or an XPath node-set (document subset).
 *
 * Node-set semantics follow c14n 1.0 §2.3: nodes are visited in document order and only those
 * in the set are rendered; namespace and attribute nodes in the set are rendered even when
 * their element is not (the W3C merlin-c14n-three vectors pin this). The namespace axis rules
 * differ: inclusive c14n compares with the nearest output ancestor's namespace nodes in the
 * set (§2.3 "Namespace Nodes"); exclusive c14n renders only visibly utilized prefixes or those
 * in the InclusiveNamespaces PrefixList (exc-c14n §3).
 */
import { MalformedInputError } from "../errors.ts";
import { isElement, NodeKind, XML_NAMESPACE, XMLNS_NAMESPACE } from "../xml/dom.ts";
import {
  inScopeNamespaces,
  type NodeSet,
  namespaceNodesOf,
  SubtreeNodeSet,
  withDeclarations,
} from "../xml/node-set.ts";
import { type C14nAlgorithm, type C14nMode, c14nAlgorithmOf } from "./algorithms.ts";
import { escapeAttribute, escapeText } from "./escape.ts";
import { joinUriReferences } from "./xml-base.ts";

export interface CanonicalizeOptions {
  /** Algorithm URI (see algorithms.ts) or descriptor. */
  algorithm: string | C14nAlgorithm;
  /** Exclusive c14n only: InclusiveNamespaces PrefixList ("#default" = default namespace). */
  inclusivePrefixes?: readonly string[];
}

type NsMap = ReadonlyMap<string, string>;
const EMPTY: NsMap = new Map();

interface Context {
  /** Inclusive: namespace nodes in the set of the nearest output ancestor. */
  readonly ancestorNs: NsMap;
  /** Exclusive: per prefix, the namespace node (URI, "" if none in the set) of the nearest
   *  output ancestor that visibly utilizes it. */
  readonly rendered: NsMap;
  /** In-scope namespaces of the parent (subtree sets compute them incrementally). */
  readonly scope: NsMap;
  readonly parentInSet: boolean;
}

class Canonicalizer {
  private out = "";
  private readonly mode: C14nMode;
  private readonly withComments: boolean;
  private readonly inclusive: ReadonlySet<string>;
  private readonly subtree: boolean;

  constructor(
    private readonly set: NodeSet,
    algorithm: C14nAlgorithm,
    inclusivePrefixes: readonly string[],
  ) {
    this.mode = algorithm.mode;
    this.withComments = algorithm.withComments;
    this.inclusive = new Set(inclusivePrefixes.map((p) => (p === "#default" ? "" : p)));
    this.subtree = set instanceof SubtreeNodeSet;
  }

  run(): string {
    const root = this.set.walkRoot;
    const parent = root.nodeType === NodeKind.ATTRIBUTE ? null : root.parentNode;
    const scope = isElement(parent) ? inScopeNamespaces(parent) : new Map([["xml", XML_NAMESPACE]]);
    this.visit(root, { ancestorNs: EMPTY, rendered: EMPTY, scope, parentInSet: false });
    return this.out;
  }

  /** Membership; for subtree sets the walk itself has already excluded what is outside. */
  private has(node: Node): boolean {
    if (this.subtree) return node.nodeType !== NodeKind.COMMENT || (this.set as SubtreeNodeSet).withComments;
    return this.set.includes(node);
  }

  private visit(node: Node, ctx: Context): void {
    if (this.set.excludesSubtree(node)) return;
    switch (node.nodeType) {
      case NodeKind.DOCUMENT: {
        let afterRoot = false;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (isElement(c)) {
            this.visit(c, ctx);
            afterRoot = true;
          } else if (c.nodeType === NodeKind.COMMENT || c.nodeType === NodeKind.PROCESSING_INSTRUCTION) {
            // §2.3: a line feed after top-level nodes before the document element, before those after.
            const before = this.out;
            this.out = "";
            this.visit(c, ctx);
            const rendered = this.out;
            this.out = before;
            if (rendered) this.out += afterRoot ? `\n${rendered}` : `${rendered}\n`;
          }
        }
        return;
      }
      case NodeKind.ELEMENT:
        this.element(node as Element, ctx);
        return;
      case NodeKind.TEXT:
      case NodeKind.CDATA:
        if (this.has(node)) this.out += escapeText(node.nodeValue ?? "");
        return;
      case NodeKind.COMMENT:
        if (this.withComments && this.has(node)) this.out += `<!--${node.nodeValue ?? ""}-->`;
        return;
      case NodeKind.PROCESSING_INSTRUCTION:
        if (this.has(node) && (node as ProcessingInstruction).target !== "xml") {
          const pi = node as ProcessingInstruction;
          this.out += pi.data ? `<?${pi.target} ${pi.data}?>` : `<?${pi.target}?>`;
        }
        return;
      case NodeKind.ATTRIBUTE:
        throw new MalformedInputError("cannot canonicalize a lone attribute node");
      default:
        return;
    }
  }

  /** Namespace nodes of `e` that are in the set (prefix → URI), the xml namespace excepted. */
  private nsInSet(e: Element, scope: NsMap, inSet: boolean): Map<string, string> {
    const result = new Map<string, string>();
    if (this.subtree) {
      if (inSet) for (const [p, u] of scope) if (p !== "xml") result.set(p, u);
      return result;
    }
    for (const ns of namespaceNodesOf(e)) {
      if (ns.prefix !== "xml" && this.set.includesNamespace(ns)) result.set(ns.prefix, ns.uri);
    }
    return result;
  }

  /**
   * Fast path for the common case (a subtree, the parent output, no namespace change): no
   * namespace declarations to render and no context to copy. Output is identical to the
   * general path below; it only skips work.
   */
  private simpleElement(e: Element, ctx: Context): boolean {
    if (!this.subtree || !ctx.parentInSet || this.inclusive.size > 0) return false;
    if (e.nodeType === NodeKind.COMMENT) return false;
    // One pass over the attributes: namespace declarations apart, the rest to render.
    const attrs: Attr[] = [];
    let declares = false;
    const list = e.attributes;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.namespaceURI === XMLNS_NAMESPACE) declares = true;
      else attrs.push(a);
    }
    if (declares && this.mode !== "exclusive") return false;
    const scope = declares ? withDeclarations(e, ctx.scope) : ctx.scope;
    if (this.mode === "exclusive") {
      const same = (p: string) => (ctx.rendered.get(p) ?? "") === (scope.get(p) ?? "");
      if (!same(e.prefix ?? "")) return false;
      for (const a of attrs) if (a.prefix && a.prefix !== "xml" && !same(a.prefix)) return false;
    } else if (scope !== ctx.scope) {
      return false;
    }
    const name = e.nodeName;
    let tag = `<${name}`;
    for (const a of sortAttributes(attrs)) tag += ` ${a.name}="${escapeAttribute(a.value)}"`;
    this.out += `${tag}>`;
    const childCtx = scope === ctx.scope ? ctx : { ...ctx, scope };
    for (let c = e.firstChild; c; c = c.nextSibling) this.visit(c, childCtx);
    this.out += `</${name}>`;
    return true;
  }

  private element(e: Element, ctx: Context): void {
    if (this.simpleElement(e, ctx)) return;
    const inSet = this.has(e);
    const scope = this.subtree ? withDeclarations(e, ctx.scope) : EMPTY;
    const nsIn = this.nsInSet(e, scope, inSet);
    const attrs = this.attributesInSet(e);
    let childCtx: Context;
    if (inSet) {
      const decls: [string, string][] = [];
      let ancestorNs = ctx.ancestorNs;
      let rendered = ctx.rendered;
      if (this.mode === "exclusive") {
        const utilized = new Set<string>([e.prefix ?? ""]);
        for (const a of attrs) if (a.prefix) utilized.add(a.prefix);
        const next = new Map(rendered);
        // Exc-c14n §3: a utilized prefix is rendered unless the nearest output ancestor that
        // visibly utilizes it has the same namespace node in the set; prefixes in the
        // InclusiveNamespaces PrefixList follow the inclusive rule instead.
        for (const [p, u] of nsIn) {
          const show = this.inclusive.has(p)
            ? ctx.ancestorNs.get(p) !== u
            : utilized.has(p) && rendered.get(p) !== u;
          if (show) decls.push([p, u]);
        }
        if (!nsIn.has("")) {
          const before = this.inclusive.has("")
            ? ctx.ancestorNs.get("")
            : utilized.has("")
              ? rendered.get("")
              : "";
          if ((before ?? "") !== "") decls.push(["", ""]);
        }
        for (const p of utilized) next.set(p, nsIn.get(p) ?? "");
        rendered = next;
        ancestorNs = nsIn;
      } else {
        for (const [p, u] of nsIn) if (ctx.ancestorNs.get(p) !== u) decls.push([p, u]);
        if (!nsIn.has("") && (ctx.ancestorNs.get("") ?? "") !== "") decls.push(["", ""]);
        ancestorNs = nsIn;
      }
      decls.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const rendering =
        this.mode === "exclusive" || ctx.parentInSet
          ? sortAttributes(attrs).map((a): [string, string] => [a.name, a.value])
          : this.withInherited(e, attrs);
      const name = e.nodeName;
      const parts = [`<${name}`];
      for (const [p, u] of decls)
        parts.push(p ? ` xmlns:${p}="${escapeAttribute(u)}"` : ` xmlns="${escapeAttribute(u)}"`);
      for (const [qname, value] of rendering) parts.push(` ${qname}="${escapeAttribute(value)}"`);
      parts.push(">");
      this.out += parts.join("");
      childCtx = { ancestorNs, rendered, scope, parentInSet: true };
    } else {
      // §2.3 "If the element is not in the node-set": its namespace and attribute nodes in the
      // set are still rendered (exclusive c14n renders namespace nodes only with their element).
      {
        const decls = [...nsIn]
          .filter(
            ([p, u]) => (this.mode !== "exclusive" || this.inclusive.has(p)) && ctx.ancestorNs.get(p) !== u,
          )
          .sort((a, b) => (a[0] < b[0] ? -1 : 1));
        for (const [p, u] of decls)
          this.out += p ? ` xmlns:${p}="${escapeAttribute(u)}"` : ` xmlns="${escapeAttribute(u)}"`;
      }
      for (const a of sortAttributes(attrs)) this.out += ` ${a.name}="${escapeAttribute(a.value)}"`;
      childCtx = { ...ctx, scope, parentInSet: false };
    }
    for (let c = e.firstChild; c; c = c.nextSibling) this.visit(c, childCtx);
    if (inSet) this.out += `</${e.nodeName}>`;
  }

  private attributesInSet(e: Element): Attr[] {
    const out: Attr[] = [];
    const list = e.attributes;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.namespaceURI === XMLNS_NAMESPACE) continue;
      if (this.subtree || this.set.includes(a)) out.push(a);
    }
    return out;
  }

  /**
   * c14n 1.0 §2.4 / c14n 1.1 §2.4: an element whose parent is omitted inherits the nearest xml:*
   * attributes of its ancestors (1.1: only xml:lang and xml:space; xml:id never; xml:base is
   * fixed up by joining the omitted ancestors' values).
   */
  private withInherited(e: Element, attrs: Attr[]): [string, string][] {
    const own = new Set<string>();
    const list = e.attributes;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.namespaceURI === XML_NAMESPACE) own.add(a.localName);
    }
    const inherited = new Map<string, string>();
    const bases: string[] = [];
    let omitted = true;
    for (let n: Node | null = e.parentNode; isElement(n); n = n.parentNode) {
      if (omitted && this.set.includes(n)) omitted = false;
      const al = n.attributes;
      for (let i = 0; i < al.length; i++) {
        const a = al[i]!;
        if (a.namespaceURI !== XML_NAMESPACE) continue;
        if (this.mode === "c14n11") {
          if (a.localName === "base" && omitted) bases.push(a.value);
          if (a.localName !== "lang" && a.localName !== "space") continue;
        }
        if (!own.has(a.localName) && !inherited.has(a.localName)) inherited.set(a.localName, a.value);
      }
    }
    const result: { ns: string; local: string; qname: string; value: string }[] = attrs.map((a) => ({
      ns: a.namespaceURI ?? "",
      local: a.localName,
      qname: a.name,
      value: a.value,
    }));
    for (const [local, value] of inherited)
      result.push({ ns: XML_NAMESPACE, local, qname: `xml:${local}`, value });
    if (this.mode === "c14n11" && bases.length > 0) {
      const ownBase = attrs.find((a) => a.namespaceURI === XML_NAMESPACE && a.localName === "base");
      const chain = bases.reverse();
      if (ownBase) chain.push(ownBase.value);
      let joined = chain[0]!;
      for (const next of chain.slice(1)) joined = joinUriReferences(joined, next);
      const at = result.findIndex((r) => r.ns === XML_NAMESPACE && r.local === "base");
      if (at >= 0) result.splice(at, 1);
      if (joined !== "") result.push({ ns: XML_NAMESPACE, local: "base", qname: "xml:base", value: joined });
    }
    result.sort(compareAttr);
    return result.map((r) => [r.qname, r.value]);
  }
}

function compareAttr(a: { ns: string; local: string }, b: { ns: string; local: string }): number {
  // §2.2 "Attribute order": by namespace URI (no namespace first), then local name.
  if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
  return a.local < b.local ? -1 : a.local > b.local ? 1 : 0;
}

function attrOrder(a: Attr, b: Attr): number {
  const an = a.namespaceURI ?? "";
  const bn = b.namespaceURI ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  return a.localName < b.localName ? -1 : a.localName > b.localName ? 1 : 0;
}

function sortAttributes(attrs: Attr[]): Attr[] {
  if (attrs.length < 2) return attrs;
  // Usually already in order: check before sorting (c14n §2.2 order: namespace URI, local name).
  for (let i = 1; i < attrs.length; i++)
    if (attrOrder(attrs[i - 1]!, attrs[i]!) > 0) return attrs.sort(attrOrder);
  return attrs;
}

function toSet(input: Node | NodeSet, algorithm: C14nAlgorithm): NodeSet {
  if ("walkRoot" in input && typeof (input as NodeSet).includes === "function") return input as NodeSet;
  return new SubtreeNodeSet(input as Node, algorithm.withComments);
}

function algorithmOf(spec: string | C14nAlgorithm): C14nAlgorithm {
  if (typeof spec !== "string") return spec;
  const found = c14nAlgorithmOf(spec);
  if (!found) throw new MalformedInputError(`unknown canonicalization algorithm ${spec}`);
  return found;
}

/** Canonical form as a string (UTF-16 in memory; encode as UTF-8 for digests). */
export function canonicalizeToString(input: Node | NodeSet, options: CanonicalizeOptions): string {
  const algorithm = algorithmOf(options.algorithm);
  const inclusive = algorithm.mode === "exclusive" ? (options.inclusivePrefixes ?? []) : [];
  return new Canonicalizer(toSet(input, algorithm), algorithm, inclusive).run();
}

/** Canonical form as UTF-8 octets (c14n §2.1: the output is UTF-8). */
export function canonicalize(input: Node | NodeSet, options: CanonicalizeOptions): Uint8Array {
  return Buffer.from(canonicalizeToString(input, options), "utf8");
}
