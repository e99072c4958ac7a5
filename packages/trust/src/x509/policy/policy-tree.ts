/**
 * The valid_policy_tree of RFC 5280 §6.1.2 (a), with the operations §6.1.3 (d), §6.1.4 (b) and
 * §6.1.5 (g) perform on it. Depth 0 holds the root anyPolicy node; depth i the policies of
 * certificate i. A tree becomes NULL by `isNull()` (no nodes at the deepest level processed).
 */
import type { DerNode } from "../der/reader.ts";
import { OID_ANY_POLICY } from "../oids.ts";

export interface PolicyNode {
  validPolicy: string;
  qualifiers: DerNode[];
  expected: Set<string>;
  parent: PolicyNode | undefined;
  children: PolicyNode[];
  depth: number;
}

/** Bound on the tree's size: policy mapping can make it grow quickly (a known DoS vector). */
const MAX_NODES = 10_000;

export class PolicyTree {
  private levels: PolicyNode[][];
  private count = 1;
  private nullTree = false;

  constructor() {
    const root: PolicyNode = {
      validPolicy: OID_ANY_POLICY,
      qualifiers: [],
      expected: new Set([OID_ANY_POLICY]),
      parent: undefined,
      children: [],
      depth: 0,
    };
    this.levels = [[root]];
  }

  isNull(): boolean {
    return this.nullTree;
  }

  setNull(): void {
    this.nullTree = true;
    this.levels = [];
  }

  at(depth: number): PolicyNode[] {
    return this.levels[depth] ?? [];
  }

  addChild(
    parent: PolicyNode,
    validPolicy: string,
    qualifiers: DerNode[],
    expected: Set<string>,
  ): PolicyNode {
    this.count++;
    if (this.count > MAX_NODES) throw new PolicyTreeTooLarge();
    const node: PolicyNode = {
      validPolicy,
      qualifiers,
      expected,
      parent,
      children: [],
      depth: parent.depth + 1,
    };
    parent.children.push(node);
    const level = this.levels[node.depth] ?? [];
    level.push(node);
    this.levels[node.depth] = level;
    return node;
  }

  /** Deletes a node and its whole subtree. */
  remove(node: PolicyNode): void {
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const level = this.levels[n.depth];
      if (level) this.levels[n.depth] = level.filter((x) => x !== n);
      this.count--;
      stack.push(...n.children);
    }
    if (node.parent) node.parent.children = node.parent.children.filter((x) => x !== node);
  }

  /** Deletes, from depth `below - 1` up to the root, every node without children; NULL if the root goes. */
  prune(below: number): void {
    for (let d = below - 1; d >= 0; d--) {
      for (const n of [...this.at(d)]) if (n.children.length === 0) this.remove(n);
    }
    if (this.at(0).length === 0) this.setNull();
  }
}

export class PolicyTreeTooLarge extends Error {
  override name = "PolicyTreeTooLarge";
}
