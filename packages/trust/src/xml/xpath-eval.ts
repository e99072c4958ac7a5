/**
 * Evaluator for the XPath 1.0 subset parsed by xpath-parse.ts, over the DOM plus namespace
 * nodes (node-set.ts). Values follow XPath 1.0 §3.4/§4 (comparisons of node-sets, string and
 * number conversions). Functions outside the supported core library are refused, never guessed.
 * `here()` (XMLDSig §6.6.3.3) is available when the caller supplies the node it refers to.
 */
import { MalformedInputError } from "../errors.ts";
import { isElement, NodeKind, parentOf, textOf, XMLNS_NAMESPACE } from "./dom.ts";
import { isNamespaceNode, namespaceNodesOf, type XNode, xparentOf } from "./node-set.ts";
import type { Expr, NodeTest, Step } from "./xpath-parse.ts";

export type XValue = XNode[] | string | number | boolean;

export interface XPathContext {
  /** Prefix → namespace URI for names in the expression. */
  namespaces: ReadonlyMap<string, string>;
  /** The node `here()` returns (the XPath text node's parent in a transform). */
  here?: Node;
  /** Resolves id('x') (the document's ID index). */
  idLookup?: (id: string) => Element | undefined;
  /** Upper bound on nodes visited over the evaluator's life (default 20 million): an
   *  expression evaluated for every node of a large document must not run for ever. */
  maxWork?: number;
}

interface Focus {
  node: XNode;
  position: number;
  size: number;
}

function unsupported(what: string): MalformedInputError {
  return new MalformedInputError(`XPath not supported: ${what}`);
}

export function stringValue(node: XNode): string {
  if (isNamespaceNode(node)) return node.uri;
  return textOf(node);
}

function toStr(v: XValue): string {
  if (Array.isArray(v)) return v.length === 0 ? "" : stringValue(v[0]!);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  return Number.isInteger(v) ? String(v) : String(v);
}

function toNum(v: XValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const s = toStr(v).trim();
  return s === "" || !/^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number.NaN : Number(s);
}

export function toBool(v: XValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  return v;
}

function children(node: XNode): Node[] {
  if (isNamespaceNode(node)) return [];
  const out: Node[] = [];
  if (node.nodeType === NodeKind.ELEMENT || node.nodeType === NodeKind.DOCUMENT) {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== NodeKind.DOCUMENT_TYPE) out.push(c);
    }
  }
  return out;
}

function descendants(node: XNode, out: XNode[]): void {
  const stack = children(node).reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const kids = children(n);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
}

function attributesOf(node: XNode): XNode[] {
  if (isNamespaceNode(node) || !isElement(node)) return [];
  const out: XNode[] = [];
  for (let i = 0; i < node.attributes.length; i++) {
    const a = node.attributes[i]!;
    if (a.namespaceURI !== XMLNS_NAMESPACE) out.push(a);
  }
  return out;
}

function axisNodes(node: XNode, axis: Step["axis"]): XNode[] {
  const out: XNode[] = [];
  switch (axis) {
    case "self":
      return [node];
    case "child":
      return children(node);
    case "parent": {
      const p = xparentOf(node);
      return p ? [p] : [];
    }
    case "ancestor-or-self":
    case "ancestor":
      if (axis === "ancestor-or-self") out.push(node);
      for (let p = xparentOf(node); p; p = parentOf(p)) out.push(p);
      return out;
    case "descendant-or-self":
      out.push(node);
      descendants(node, out);
      return out;
    case "descendant":
      descendants(node, out);
      return out;
    case "attribute":
      return attributesOf(node);
    case "namespace":
      return !isNamespaceNode(node) && isElement(node) ? namespaceNodesOf(node) : [];
    case "following-sibling":
    case "preceding-sibling": {
      if (isNamespaceNode(node) || node.nodeType === NodeKind.ATTRIBUTE) return [];
      const forward = axis === "following-sibling";
      for (
        let s = forward ? node.nextSibling : node.previousSibling;
        s;
        s = forward ? s.nextSibling : s.previousSibling
      )
        out.push(s);
      return out;
    }
  }
}

function principalKind(axis: Step["axis"]): number {
  return axis === "attribute" ? NodeKind.ATTRIBUTE : axis === "namespace" ? -1 : NodeKind.ELEMENT;
}

function matches(node: XNode, test: NodeTest, axis: Step["axis"], ctx: XPathContext): boolean {
  if (test.kind === "type") {
    if (test.type === "node") return true;
    if (isNamespaceNode(node)) return false;
    if (test.type === "text") return node.nodeType === NodeKind.TEXT || node.nodeType === NodeKind.CDATA;
    if (test.type === "comment") return node.nodeType === NodeKind.COMMENT;
    return (
      node.nodeType === NodeKind.PROCESSING_INSTRUCTION &&
      (test.target === undefined || (node as ProcessingInstruction).target === test.target)
    );
  }
  const kind = principalKind(axis);
  if (isNamespaceNode(node)) {
    if (kind !== -1) return false;
    return test.prefix === null && (test.local === "*" || test.local === node.prefix);
  }
  if (node.nodeType !== kind) return false;
  const el = node as Element | Attr;
  let uri: string | null = null;
  if (test.prefix !== null) {
    uri = ctx.namespaces.get(test.prefix) ?? null;
    if (uri === null) throw unsupported(`undeclared prefix "${test.prefix}"`);
  }
  if ((el.namespaceURI ?? null) !== uri) return false;
  return test.local === "*" || el.localName === test.local;
}

/** Document order index (XPath 1.0 §5), computed once per evaluator and document: an
 *  evaluator lives for one transform, so a DOM changed later is indexed afresh. */
function orderIndex(order: WeakMap<Document, Map<XNode, number>>, node: XNode): number {
  const anyNode = isNamespaceNode(node) ? node.parent : node;
  const doc = (anyNode.nodeType === NodeKind.DOCUMENT ? anyNode : anyNode.ownerDocument) as Document;
  let map = order.get(doc);
  if (!map) {
    map = new Map();
    let i = 0;
    const stack: Node[] = [doc];
    while (stack.length > 0) {
      const n = stack.pop()!;
      map.set(n, i++);
      if (isElement(n)) {
        for (const ns of namespaceNodesOf(n)) map.set(ns, i++);
        for (const a of attributesOf(n)) map.set(a, i++);
      }
      const kids = children(n);
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
    order.set(doc, map);
  }
  return map.get(node) ?? -1;
}

function sortUnique(order: WeakMap<Document, Map<XNode, number>>, nodes: XNode[]): XNode[] {
  const unique = [...new Set(nodes)];
  if (unique.length < 2) return unique;
  return unique.sort((a, b) => orderIndex(order, a) - orderIndex(order, b));
}

function compare(op: string, a: XValue, b: XValue): boolean {
  // XPath 1.0 §3.4: node-set comparisons are existential over string-values.
  if (Array.isArray(a) || Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      const bs = b.map(stringValue);
      return a.some((x) => bs.some((y) => compareAtoms(op, stringValue(x), y)));
    }
    const [set, other, flipped] = Array.isArray(a) ? [a, b, false] : [b as XNode[], a, true];
    if (typeof other === "boolean")
      return compareAtoms(op, flipped ? other : toBool(set), flipped ? toBool(set) : other);
    return set.some((n) => {
      const v: XValue = typeof other === "number" ? toNum(stringValue(n)) : stringValue(n);
      return flipped ? compareAtoms(op, other, v) : compareAtoms(op, v, other);
    });
  }
  return compareAtoms(op, a, b);
}

function compareAtoms(op: string, a: XValue, b: XValue): boolean {
  if (op === "=" || op === "!=") {
    let eq: boolean;
    if (typeof a === "boolean" || typeof b === "boolean") eq = toBool(a) === toBool(b);
    else if (typeof a === "number" || typeof b === "number") eq = toNum(a) === toNum(b);
    else eq = toStr(a) === toStr(b);
    return op === "=" ? eq : !eq;
  }
  const x = toNum(a);
  const y = toNum(b);
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

export class XPathEvaluator {
  private work = 0;
  private readonly order = new WeakMap<Document, Map<XNode, number>>();
  private readonly maxWork: number;
  constructor(private readonly ctx: XPathContext) {
    this.maxWork = ctx.maxWork ?? 20_000_000;
  }

  private charge(n: number): void {
    this.work += n;
    if (this.work > this.maxWork)
      throw new MalformedInputError(`XPath evaluation exceeds ${this.maxWork} node visits`);
  }

  evaluate(expr: Expr, node: XNode, position = 1, size = 1): XValue {
    return this.eval(expr, { node, position, size });
  }

  private eval(e: Expr, f: Focus): XValue {
    switch (e.kind) {
      case "number":
        return e.value;
      case "literal":
        return e.value;
      case "negate":
        return -toNum(this.eval(e.operand, f));
      case "call":
        return this.call(e.name, e.args, f);
      case "path":
        return this.path(e, f);
      case "binary":
        return this.binary(e.op, e.left, e.right, f);
    }
  }

  private binary(op: string, l: Expr, r: Expr, f: Focus): XValue {
    if (op === "or") return toBool(this.eval(l, f)) || toBool(this.eval(r, f));
    if (op === "and") return toBool(this.eval(l, f)) && toBool(this.eval(r, f));
    const a = this.eval(l, f);
    const b = this.eval(r, f);
    if (op === "|") {
      if (!Array.isArray(a) || !Array.isArray(b)) throw unsupported("union of non-node-sets");
      return sortUnique(this.order, [...a, ...b]);
    }
    if (["=", "!=", "<", "<=", ">", ">="].includes(op)) return compare(op, a, b);
    const x = toNum(a);
    const y = toNum(b);
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "div":
        return x / y;
      case "mod":
        return x % y;
    }
    throw unsupported(`operator ${op}`);
  }

  private path(e: Extract<Expr, { kind: "path" }>, f: Focus): XNode[] {
    let current: XNode[];
    if (e.filter) {
      const v = this.eval(e.filter, f);
      if (!Array.isArray(v)) throw unsupported("a path step after a non-node-set");
      current = this.filter(v, e.filterPredicates ?? []);
    } else if (e.absolute) {
      const n = isNamespaceNode(f.node) ? f.node.parent : f.node;
      current = [n.nodeType === NodeKind.DOCUMENT ? n : (n.ownerDocument as Node)];
    } else {
      current = [f.node];
    }
    for (const step of e.steps) {
      const next: XNode[] = [];
      for (const n of current) {
        const axis = axisNodes(n, step.axis);
        this.charge(axis.length + 1);
        const candidates = axis.filter((c) => matches(c, step.test, step.axis, this.ctx));
        next.push(...this.filter(candidates, step.predicates));
      }
      current = sortUnique(this.order, next);
    }
    return current;
  }

  private filter(nodes: XNode[], predicates: Expr[]): XNode[] {
    let current = nodes;
    for (const p of predicates) {
      const size = current.length;
      current = current.filter((node, i) => {
        const v = this.eval(p, { node, position: i + 1, size });
        return typeof v === "number" ? v === i + 1 : toBool(v);
      });
    }
    return current;
  }

  private nodeArg(args: Expr[], f: Focus): XNode | undefined {
    if (args.length === 0) return f.node;
    const v = this.eval(args[0]!, f);
    if (!Array.isArray(v)) throw unsupported("a node-set function applied to a non-node-set");
    return v[0];
  }

  private call(name: string, args: Expr[], f: Focus): XValue {
    const arg = (i: number) => this.eval(args[i]!, f);
    switch (name) {
      case "not":
        return !toBool(arg(0));
      case "true":
        return true;
      case "false":
        return false;
      case "boolean":
        return toBool(arg(0));
      case "number":
        return args.length ? toNum(arg(0)) : toNum(stringValue(f.node));
      case "string":
        return args.length ? toStr(arg(0)) : stringValue(f.node);
      case "count": {
        const v = arg(0);
        if (!Array.isArray(v)) throw unsupported("count() of a non-node-set");
        return v.length;
      }
      case "last":
        return f.size;
      case "position":
        return f.position;
      case "concat":
        return args.map((_, i) => toStr(arg(i))).join("");
      case "contains":
        return toStr(arg(0)).includes(toStr(arg(1)));
      case "starts-with":
        return toStr(arg(0)).startsWith(toStr(arg(1)));
      case "string-length":
        return (args.length ? toStr(arg(0)) : stringValue(f.node)).length;
      case "normalize-space":
        return (args.length ? toStr(arg(0)) : stringValue(f.node)).trim().replace(/[ \t\r\n]+/g, " ");
      case "name":
      case "local-name":
      case "namespace-uri": {
        const n = this.nodeArg(args, f);
        if (!n) return "";
        if (isNamespaceNode(n)) return name === "namespace-uri" ? "" : n.prefix;
        if (n.nodeType === NodeKind.ELEMENT || n.nodeType === NodeKind.ATTRIBUTE) {
          const el = n as Element | Attr;
          if (name === "name") return el.nodeName;
          if (name === "local-name") return el.localName ?? el.nodeName;
          return el.namespaceURI ?? "";
        }
        if (n.nodeType === NodeKind.PROCESSING_INSTRUCTION && name !== "namespace-uri")
          return (n as ProcessingInstruction).target;
        return "";
      }
      case "here": {
        if (!this.ctx.here) throw unsupported("here() outside a signature transform");
        return [this.ctx.here];
      }
      case "id": {
        if (!this.ctx.idLookup) throw unsupported("id() without an ID index");
        const ids = toStr(arg(0))
          .trim()
          .split(/[ \t\r\n]+/);
        const found = ids.map((id) => this.ctx.idLookup!(id)).filter((x): x is Element => !!x);
        return sortUnique(this.order, found);
      }
      default:
        throw unsupported(`function ${name}()`);
    }
  }
}
