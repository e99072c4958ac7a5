/**
 * The valid_policy_tree (RFC 5280 §6.1.2–§6.1.5) on hand-made certificates: only the fields
 * policy processing reads are filled in.
 */
import { describe, expect, it } from "vitest";
import type { ParsedCertificate } from "../cert/certificate.ts";
import { OID_ANY_POLICY } from "../oids.ts";
import { PolicyState } from "./process-policies.ts";

const P1 = "1.2.3.1";
const P2 = "1.2.3.2";
const P3 = "1.2.3.3";

function cert(fields: Partial<ParsedCertificate> & { oids?: string[] }): ParsedCertificate {
  const { oids, ...rest } = fields;
  return {
    selfIssued: false,
    policies: oids?.map((oid) => ({ oid, qualifiers: [] })),
    ...rest,
  } as ParsedCertificate;
}

/** Runs §6.1 policy processing over certificates (top first) and returns the first error. */
function run(
  certs: ParsedCertificate[],
  inputs: Partial<{ set: string[]; explicit: boolean; inhibitMapping: boolean; inhibitAny: boolean }> = {},
): { error?: string; state: PolicyState } {
  const state = new PolicyState(certs.length, {
    initialPolicySet: inputs.set ?? [OID_ANY_POLICY],
    initialExplicitPolicy: inputs.explicit ?? false,
    initialPolicyMappingInhibit: inputs.inhibitMapping ?? false,
    initialAnyPolicyInhibit: inputs.inhibitAny ?? false,
  });
  for (let i = 1; i <= certs.length; i++) {
    const c = certs[i - 1]!;
    const e = state.processCertificate(c, i);
    if (e) return { error: e, state };
    if (i < certs.length) {
      const p = state.prepareNext(c, i);
      if (p) return { error: p, state };
    }
  }
  return { error: state.wrapUp(certs[certs.length - 1]!), state };
}

describe("policy processing", () => {
  it("keeps a common policy and intersects it with the user's set", () => {
    const path = [cert({ oids: [P1, P2] }), cert({ oids: [P1] })];
    const r = run(path, { explicit: true });
    expect(r.error).toBeUndefined();
    expect(r.state.tree.at(2).map((n) => n.validPolicy)).toEqual([P1]);
    expect(run(path, { explicit: true, set: [P2] }).error).toBeDefined();
    // Without explicit policy the path is still valid, with an empty policy set.
    expect(run(path, { set: [P2] }).error).toBeUndefined();
  });

  it("a CA's anyPolicy passes the leaf's policies through, unless anyPolicy is inhibited", () => {
    const path = [cert({ oids: [OID_ANY_POLICY] }), cert({ oids: [P3] })];
    expect(run(path, { explicit: true }).error).toBeUndefined();
    expect(run(path, { explicit: true, inhibitAny: true }).error).toBeDefined();
  });

  it("maps policies, and refuses when mapping is inhibited", () => {
    const ca = cert({ oids: [P1], policyMappings: [{ issuer: P1, subject: P2 }] });
    const path = [ca, cert({ oids: [P2] })];
    const r = run(path, { explicit: true, set: [P1] });
    expect(r.error).toBeUndefined();
    expect(r.state.tree.at(2)[0]?.validPolicy).toBe(P2);
    expect(r.state.tree.at(2)[0]?.parent?.validPolicy).toBe(P1);
    expect(run(path, { explicit: true, inhibitMapping: true }).error).toBeDefined();
  });

  it("refuses mappings to or from anyPolicy", () => {
    const ca = cert({ oids: [P1], policyMappings: [{ issuer: OID_ANY_POLICY, subject: P2 }] });
    expect(run([ca, cert({ oids: [P2] })]).error).toMatch(/anyPolicy/);
  });

  it("requireExplicitPolicy: the path needs a policy once the skip count runs out (wrap-up included)", () => {
    const skipOne = cert({ oids: [P1], policyConstraints: { requireExplicitPolicy: 1 } });
    const skipTwo = cert({ oids: [P1], policyConstraints: { requireExplicitPolicy: 2 } });
    expect(run([skipOne, cert({})]).error).toBeDefined();
    expect(run([skipTwo, cert({})]).error).toBeUndefined();
    expect(run([skipTwo, cert({ oids: [P1] }), cert({})]).error).toBeDefined();
    expect(run([skipOne, cert({ oids: [P1] })]).error).toBeUndefined();
  });

  it("a NULL tree with no explicit policy requirement is valid", () => {
    expect(run([cert({}), cert({ oids: [P1] })]).error).toBeUndefined();
    expect(run([cert({}), cert({ oids: [P1] })], { explicit: true }).error).toBeDefined();
  });
});
