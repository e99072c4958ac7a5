import { describe, expect, it } from "vitest";
import {
  evidenceFromTrustedX,
  TRUSTEDX_AMR_MOBILE,
  TRUSTEDX_AMR_SMART_CARD,
  TRUSTEDX_FLOW_MOBILE,
} from "./trustedx-evidence.ts";

const base = {
  sub: "abc",
  given_name: "Jānis",
  family_name: "Bērziņš",
  serial_number: "PNOLV-290156-11605",
  acr: "urn:safelayer:tws:policies:authentication:level:high",
  amr: [TRUSTEDX_AMR_MOBILE],
};

describe("evidenceFromTrustedX", () => {
  it("maps LVRTC user info to eParaksts Mobile evidence at level high", () => {
    const result = evidenceFromTrustedX(base);
    expect(result).toEqual({
      ok: true,
      evidence: {
        method: "eparaksts-mobile",
        level: "high",
        person: {
          kind: "latvian",
          personalCode: "290156-11605",
          givenName: "Jānis",
          familyName: "Bērziņš",
          birthDate: "1956-01-29",
          previousCodes: [],
        },
      },
    });
  });

  it("accepts amr as a string and maps the smart-card flow", () => {
    const result = evidenceFromTrustedX({ ...base, amr: TRUSTEDX_AMR_SMART_CARD });
    expect(result.ok && result.evidence.method).toBe("eid-card");
  });

  it("resolves the demo quirk (acr echoing the flow) through amr", () => {
    const result = evidenceFromTrustedX({ ...base, acr: TRUSTEDX_FLOW_MOBILE });
    expect(result.ok && result.evidence.level).toBe("high");
    // …but a flow URN that does not match the method used is not evidence of anything.
    const mismatch = evidenceFromTrustedX({
      ...base,
      acr: TRUSTEDX_FLOW_MOBILE,
      amr: [TRUSTEDX_AMR_SMART_CARD],
    });
    expect(mismatch).toEqual({ ok: false, code: "unknown-method" });
  });

  it("takes a stated lower level as stated", () => {
    const result = evidenceFromTrustedX({
      ...base,
      acr: "urn:safelayer:tws:policies:authentication:level:low",
    });
    expect(result.ok && result.evidence.level).toBe("low");
  });

  it("refuses incomplete or malformed user info", () => {
    expect(evidenceFromTrustedX({ ...base, serial_number: undefined })).toEqual({
      ok: false,
      code: "userinfo-incomplete",
    });
    expect(evidenceFromTrustedX({ ...base, amr: ["pwd"] })).toEqual({ ok: false, code: "unknown-method" });
    expect(evidenceFromTrustedX({ ...base, acr: "something" })).toEqual({
      ok: false,
      code: "unknown-method",
    });
    expect(evidenceFromTrustedX({ ...base, serial_number: "PNOEE-38001010000" })).toEqual({
      ok: false,
      code: "bad-serial-number",
    });
    expect(evidenceFromTrustedX({ ...base, serial_number: "PNOLV-290156-11604" })).toEqual({
      ok: false,
      code: "bad-serial-number",
    });
  });
});
