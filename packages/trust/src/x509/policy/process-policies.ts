/**
 * Certificate-policy processing of RFC 5280 §6.1 as a small state machine: the policy steps of
 * §6.1.3 (d)–(f), §6.1.4 (a), (b), (h)–(j) and §6.1.5 (a), (b), (g).
 */
import type { ParsedCertificate } from "../cert/certificate.ts";
import { OID_ANY_POLICY } from "../oids.ts";
import { PolicyTree } from "./policy-tree.ts";

export interface PolicyInputs {
  initialPolicySet: string[];
  initialExplicitPolicy: boolean;
  initialPolicyMappingInhibit: boolean;
  initialAnyPolicyInhibit: boolean;
}

export class PolicyState {
  readonly tree = new PolicyTree();
  explicitPolicy: number;
  inhibitAnyPolicy: number;
  policyMapping: number;

  /** RFC 5280 §6.1.2 (d)–(f): n + 1 when the input is not set, 0 when it is. */
  constructor(
    private readonly n: number,
    private readonly inputs: PolicyInputs,
  ) {
    this.explicitPolicy = inputs.initialExplicitPolicy ? 0 : n + 1;
    this.inhibitAnyPolicy = inputs.initialAnyPolicyInhibit ? 0 : n + 1;
    this.policyMapping = inputs.initialPolicyMappingInhibit ? 0 : n + 1;
  }

  /** §6.1.3 (d)–(f) for certificate i (1-based). Returns an error message or undefined. */
  processCertificate(cert: ParsedCertificate, i: number): string | undefined {
    const tree = this.tree;
    if (cert.policies && !tree.isNull()) {
      const parents = tree.at(i - 1);
      let anyQualifiers: ParsedCertificate["policies"];
      for (const p of cert.policies) {
        if (p.oid === OID_ANY_POLICY) {
          anyQualifiers = [p];
          continue;
        }
        // (d)(1)(i): children of every node expecting P.
        let matched = false;
        for (const parent of parents) {
          if (parent.expected.has(p.oid)) {
            tree.addChild(parent, p.oid, p.qualifiers, new Set([p.oid]));
            matched = true;
          }
        }
        // (d)(1)(ii): otherwise under an anyPolicy node.
        if (!matched) {
          for (const parent of parents) {
            if (parent.validPolicy === OID_ANY_POLICY)
              tree.addChild(parent, p.oid, p.qualifiers, new Set([p.oid]));
          }
        }
      }
      // (d)(2): anyPolicy in the certificate.
      const any = anyQualifiers?.[0];
      if (any && (this.inhibitAnyPolicy > 0 || (i < this.n && cert.selfIssued))) {
        for (const parent of parents) {
          const present = new Set(parent.children.map((c) => c.validPolicy));
          for (const e of parent.expected) {
            if (!present.has(e)) tree.addChild(parent, e, any.qualifiers, new Set([e]));
          }
        }
      }
      // (d)(3): prune childless nodes above depth i.
      tree.prune(i);
      if (!tree.isNull() && tree.at(i).length === 0) tree.setNull();
    }
    // (e): no certificatePolicies → NULL tree.
    if (!cert.policies) tree.setNull();
    // (f)
    if (this.explicitPolicy <= 0 && tree.isNull()) return "no valid certificate policy at this certificate";
    return undefined;
  }

  /** §6.1.4 (a), (b), (h)–(j): preparation for certificate i + 1. */
  prepareNext(cert: ParsedCertificate, i: number): string | undefined {
    const mappings = cert.policyMappings;
    if (mappings) {
      // (a): anyPolicy may not be mapped to or from.
      if (mappings.some((m) => m.issuer === OID_ANY_POLICY || m.subject === OID_ANY_POLICY)) {
        return "policyMappings maps anyPolicy";
      }
      const bySource = new Map<string, Set<string>>();
      for (const m of mappings) {
        const set = bySource.get(m.issuer) ?? new Set<string>();
        set.add(m.subject);
        bySource.set(m.issuer, set);
      }
      const tree = this.tree;
      if (!tree.isNull()) {
        for (const [source, targets] of bySource) {
          const nodes = tree.at(i).filter((n) => n.validPolicy === source);
          if (this.policyMapping > 0) {
            // (b)(1)
            if (nodes.length > 0) {
              for (const n of nodes) n.expected = new Set(targets);
            } else {
              const anyNode = tree.at(i).find((n) => n.validPolicy === OID_ANY_POLICY);
              if (anyNode?.parent)
                tree.addChild(anyNode.parent, source, anyNode.qualifiers, new Set(targets));
            }
          } else {
            // (b)(2)
            for (const n of nodes) tree.remove(n);
          }
        }
        if (this.policyMapping <= 0) {
          tree.prune(i);
          if (!tree.isNull() && tree.at(i).length === 0) tree.setNull();
        }
      }
    }
    // (h): counters decrease below self-issued certificates only.
    if (!cert.selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--;
      if (this.policyMapping > 0) this.policyMapping--;
      if (this.inhibitAnyPolicy > 0) this.inhibitAnyPolicy--;
    }
    // (i)
    const pc = cert.policyConstraints;
    if (pc?.requireExplicitPolicy !== undefined && pc.requireExplicitPolicy < this.explicitPolicy) {
      this.explicitPolicy = pc.requireExplicitPolicy;
    }
    if (pc?.inhibitPolicyMapping !== undefined && pc.inhibitPolicyMapping < this.policyMapping) {
      this.policyMapping = pc.inhibitPolicyMapping;
    }
    // (j)
    if (cert.inhibitAnyPolicy !== undefined && cert.inhibitAnyPolicy < this.inhibitAnyPolicy) {
      this.inhibitAnyPolicy = cert.inhibitAnyPolicy;
    }
    return undefined;
  }

  /** §6.1.5 (a), (b), (g) for the end-entity certificate n. Returns an error message or undefined. */
  wrapUp(cert: ParsedCertificate): string | undefined {
    const n = this.n;
    if (this.explicitPolicy > 0) this.explicitPolicy--;
    if (cert.policyConstraints?.requireExplicitPolicy === 0) this.explicitPolicy = 0;
    const tree = this.tree;
    const userSet = this.inputs.initialPolicySet;
    if (!tree.isNull() && !userSet.includes(OID_ANY_POLICY)) {
      // (g)(iii)(1): nodes whose parent is anyPolicy.
      const nodeSet = [];
      for (let d = 1; d <= n; d++) {
        for (const node of tree.at(d)) if (node.parent?.validPolicy === OID_ANY_POLICY) nodeSet.push(node);
      }
      // (g)(iii)(2)
      const user = new Set(userSet);
      const kept = new Set<string>();
      for (const node of nodeSet) {
        if (node.validPolicy !== OID_ANY_POLICY && !user.has(node.validPolicy)) tree.remove(node);
        else kept.add(node.validPolicy);
      }
      // (g)(iii)(3)
      const anyLeaf = tree.at(n).find((x) => x.validPolicy === OID_ANY_POLICY);
      if (anyLeaf?.parent) {
        for (const p of userSet) {
          if (!kept.has(p)) tree.addChild(anyLeaf.parent, p, anyLeaf.qualifiers, new Set([p]));
        }
        tree.remove(anyLeaf);
      }
      // (g)(iii)(4)
      tree.prune(n);
      if (!tree.isNull() && tree.at(n).length === 0) tree.setNull();
    }
    if (this.explicitPolicy <= 0 && tree.isNull()) return "no certificate policy acceptable to the user";
    return undefined;
  }
}
