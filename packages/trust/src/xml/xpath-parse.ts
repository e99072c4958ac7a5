/**
 * A parser for the XPath 1.0 subset that XML-DSig transforms use (XPath 1.0 §2–§3): location
 * paths over every axis but preceding/following, node tests, predicates, the operators
 * or, and, =, !=, <, <=, >, >=, +, -, *, div, mod and |, literals, numbers and function calls.
 * Variables and anything else are refused with a MalformedInputError (never guessed at).
 */
import { MalformedInputError } from "../errors.ts";

export type Axis =
  | "self"
  | "child"
  | "parent"
  | "ancestor"
  | "ancestor-or-self"
  | "descendant"
  | "descendant-or-self"
  | "attribute"
  | "namespace"
  | "following-sibling"
  | "preceding-sibling";

export type NodeTest =
  | { kind: "name"; prefix: string | null; local: string } // local "*" = any
  | { kind: "type"; type: "node" | "text" | "comment" | "processing-instruction"; target?: string };

export interface Step {
  axis: Axis;
  test: NodeTest;
  predicates: Expr[];
}

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "literal"; value: string }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "binary"; op: string; left: Expr; right: Expr }
  | { kind: "negate"; operand: Expr }
  | { kind: "path"; absolute: boolean; filter?: Expr; filterPredicates?: Expr[]; steps: Step[] };

const AXES = new Set<Axis>([
  "self",
  "child",
  "parent",
  "ancestor",
  "ancestor-or-self",
  "descendant",
  "descendant-or-self",
  "attribute",
  "namespace",
  "following-sibling",
  "preceding-sibling",
]);

type Token = { t: "op" | "name" | "num" | "str"; v: string };

const NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["!=", "<=", ">=", "//", "::", ".."].includes(two)) {
      out.push({ t: "op", v: two });
      i += 2;
    } else if ("()[]@,|=<>+-*/:".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw bad("unterminated string literal");
      out.push({ t: "str", v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+(\.\d*)?|\.\d+)/.exec(src.slice(i));
      if (!m) {
        out.push({ t: "op", v: "." });
        i++;
      } else {
        out.push({ t: "num", v: m[0] });
        i += m[0].length;
      }
    } else {
      const m = NAME.exec(src.slice(i));
      if (!m) throw bad(`unexpected character "${c}"`);
      out.push({ t: "name", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

function bad(message: string): MalformedInputError {
  return new MalformedInputError(`XPath not supported: ${message}`);
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(k = 0): Token | undefined {
    return this.toks[this.i + k];
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return !!t && t.t === "op" && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw bad(`expected "${v}"`);
    this.i++;
  }

  parseAll(): Expr {
    const e = this.or();
    if (this.i !== this.toks.length) throw bad(`unexpected token "${this.peek()?.v}"`);
    return e;
  }

  private binaryLevel(next: () => Expr, ops: string[], named: boolean): Expr {
    let left = next();
    for (;;) {
      const t = this.peek();
      if (!t) return left;
      const isOp = named ? t.t === "name" && ops.includes(t.v) : t.t === "op" && ops.includes(t.v);
      if (!isOp) return left;
      this.i++;
      left = { kind: "binary", op: t.v, left, right: next() };
    }
  }

  private or = (): Expr => this.binaryLevel(this.and, ["or"], true);
  private and = (): Expr => this.binaryLevel(this.equality, ["and"], true);
  private equality = (): Expr => this.binaryLevel(this.relational, ["=", "!="], false);
  private relational = (): Expr => this.binaryLevel(this.additive, ["<", "<=", ">", ">="], false);
  private additive = (): Expr => this.binaryLevel(this.multiplicative, ["+", "-"], false);
  private multiplicative = (): Expr => {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t && ((t.t === "op" && t.v === "*") || (t.t === "name" && (t.v === "div" || t.v === "mod")))) {
        this.i++;
        left = { kind: "binary", op: t.v, left, right: this.unary() };
      } else return left;
    }
  };
  private unary = (): Expr => {
    if (this.isOp("-")) {
      this.i++;
      return { kind: "negate", operand: this.unary() };
    }
    return this.binaryLevel(this.pathExpr, ["|"], false);
  };

  private pathExpr = (): Expr => {
    const t = this.peek();
    if (!t) throw bad("unexpected end of expression");
    const isFilterStart =
      t.t === "num" ||
      t.t === "str" ||
      (t.t === "op" && t.v === "(") ||
      (t.t === "name" &&
        this.isOp("(", 1) &&
        !["node", "text", "comment", "processing-instruction"].includes(t.v));
    if (isFilterStart) {
      const filter = this.primary();
      const filterPredicates = this.predicates();
      const steps: Step[] = [];
      if (this.isOp("/") || this.isOp("//")) this.relativeSteps(steps, true);
      if (steps.length === 0 && filterPredicates.length === 0) return filter;
      return { kind: "path", absolute: false, filter, filterPredicates, steps };
    }
    const steps: Step[] = [];
    if (this.isOp("/") || this.isOp("//")) {
      const canStop = this.isOp("/");
      this.relativeSteps(steps, true, canStop);
      return { kind: "path", absolute: true, steps };
    }
    steps.push(this.step());
    this.relativeSteps(steps, false);
    return { kind: "path", absolute: false, steps };
  };

  private relativeSteps(steps: Step[], leadingSeparator: boolean, lonelySlashAllowed = false): void {
    let first = leadingSeparator;
    while (this.isOp("/") || this.isOp("//")) {
      const sep = this.peek()!.v;
      this.i++;
      if (sep === "//")
        steps.push({ axis: "descendant-or-self", test: { kind: "type", type: "node" }, predicates: [] });
      if (first && lonelySlashAllowed && sep === "/" && !this.canStartStep()) return;
      steps.push(this.step());
      first = false;
    }
  }

  private canStartStep(): boolean {
    const t = this.peek();
    if (!t) return false;
    return t.t === "name" || (t.t === "op" && ["@", ".", "..", "*"].includes(t.v));
  }

  private step(): Step {
    if (this.isOp(".")) {
      this.i++;
      return { axis: "self", test: { kind: "type", type: "node" }, predicates: [] };
    }
    if (this.isOp("..")) {
      this.i++;
      return { axis: "parent", test: { kind: "type", type: "node" }, predicates: [] };
    }
    let axis: Axis = "child";
    if (this.isOp("@")) {
      this.i++;
      axis = "attribute";
    } else if (this.peek()?.t === "name" && this.isOp("::", 1)) {
      const name = this.peek()!.v as Axis;
      if (!AXES.has(name)) throw bad(`axis "${name}"`);
      axis = name;
      this.i += 2;
    }
    const test = this.nodeTest();
    return { axis, test, predicates: this.predicates() };
  }

  private nodeTest(): NodeTest {
    const t = this.peek();
    if (!t) throw bad("missing node test");
    if (t.t === "op" && t.v === "*") {
      this.i++;
      return { kind: "name", prefix: null, local: "*" };
    }
    if (t.t !== "name") throw bad(`unexpected "${t.v}" in a step`);
    this.i++;
    if (this.isOp("(") && ["node", "text", "comment", "processing-instruction"].includes(t.v)) {
      this.i++;
      let target: string | undefined;
      if (t.v === "processing-instruction" && this.peek()?.t === "str") target = this.toks[this.i++]!.v;
      this.expect(")");
      const test: NodeTest = { kind: "type", type: t.v as "node" };
      if (target !== undefined) test.target = target;
      return test;
    }
    if (this.isOp(":")) {
      this.i++;
      const local = this.peek();
      if (local?.t === "op" && local.v === "*") {
        this.i++;
        return { kind: "name", prefix: t.v, local: "*" };
      }
      if (local?.t !== "name") throw bad("bad qualified name");
      this.i++;
      return { kind: "name", prefix: t.v, local: local.v };
    }
    return { kind: "name", prefix: null, local: t.v };
  }

  private predicates(): Expr[] {
    const out: Expr[] = [];
    while (this.isOp("[")) {
      this.i++;
      out.push(this.or());
      this.expect("]");
    }
    return out;
  }

  private primary(): Expr {
    const t = this.toks[this.i++]!;
    if (t.t === "num") return { kind: "number", value: Number(t.v) };
    if (t.t === "str") return { kind: "literal", value: t.v };
    if (t.t === "op" && t.v === "(") {
      const e = this.or();
      this.expect(")");
      return e;
    }
    if (t.t === "name") {
      let name = t.v;
      if (this.isOp(":")) throw bad(`prefixed function ${name}:…`);
      this.expect("(");
      const args: Expr[] = [];
      if (!this.isOp(")")) {
        args.push(this.or());
        while (this.isOp(",")) {
          this.i++;
          args.push(this.or());
        }
      }
      this.expect(")");
      name = name.trim();
      return { kind: "call", name, args };
    }
    throw bad(`unexpected "${t.v}"`);
  }
}

export function parseXPath(source: string): Expr {
  if (source.length > 10_000) throw bad("expression too long");
  return new Parser(tokenize(source)).parseAll();
}
