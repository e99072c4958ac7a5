/**
 * NIST PKITS, all 246 cases, through the library API (issue 3 acceptance).
 */
import { afterAll, describe, expect, it } from "vitest";
import { codeMatches, loadPkitsCases, pkitsAvailable, pkitsInput } from "./testing/pkits-cases.ts";
import { validateCertificatePath } from "./validate-certificate-path.ts";

const cases = pkitsAvailable ? loadPkitsCases() : [];
let passed = 0;

describe.skipIf(!pkitsAvailable)("PKITS through validateCertificatePath", () => {
  it("has all 246 cases", () => {
    expect(cases.length).toBe(246);
  });

  for (const c of cases) {
    it(`${c.id} ${c.name}`, async () => {
      const result = await validateCertificatePath(pkitsInput(c));
      const detail = JSON.stringify({
        expected: c.error?.class ?? "valid",
        failure: result.failure,
        pathLength: result.path.length,
      });
      expect(codeMatches(c.error?.class, result.failure?.code), detail).toBe(true);
      expect(result.valid).toBe(!c.error);
      // The path found (or the one that got furthest) is the one PKITS intends.
      if (!c.error || result.path.length > 0) expect(result.path.length).toBe(c.path_len);
      passed++;
    });
  }

  // RFC 5937: PKITS's anchor carries no constraints and is valid at PKITS_TIME, so the cases
  // pass whether the anchor's constraints are enforced (the default, above) or ignored.
  it("gives the same outcomes with anchorConstraints: ignore", async () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const result = await validateCertificatePath({ ...pkitsInput(c), anchorConstraints: "ignore" });
      if (!codeMatches(c.error?.class, result.failure?.code) || result.valid !== !c.error)
        mismatches.push(c.id);
    }
    expect(mismatches).toEqual([]);
  });

  afterAll(() => {
    console.log(`PKITS (library): ${passed} of ${cases.length} cases passed`);
  });
});
