import { describe, expect, it } from "vitest";
import { claimsOf, subjectOf } from "./claims.ts";
import { amrOf } from "./evidence.ts";

describe("claims", () => {
  const person = {
    kind: "latvian" as const,
    personalCode: "321412-91101",
    givenName: "Anna",
    familyName: "Kalniņa",
    previousCodes: ["290156-11605"],
  };

  it("uses the ETSI form as sub and lists earlier codes without the current one", () => {
    expect(subjectOf(person)).toBe("PNOLV-321412-91101");
    expect(claimsOf(person, ["PNOLV-161175-19997", "PNOLV-321412-91101"])).toEqual({
      sub: "PNOLV-321412-91101",
      given_name: "Anna",
      family_name: "Kalniņa",
      previous_personal_codes: ["PNOLV-161175-19997", "PNOLV-290156-11605"],
    });
  });

  it("adds birthdate only when known; foreign persons keep their node's identifier", () => {
    const foreign = {
      kind: "foreign" as const,
      identifier: "EE/LV/38001010000",
      givenName: "Mari",
      familyName: "Tamm",
      birthDate: "1980-01-01",
    };
    expect(claimsOf(foreign)).toEqual({
      sub: "EE/LV/38001010000",
      given_name: "Mari",
      family_name: "Tamm",
      birthdate: "1980-01-01",
    });
  });

  it("names the broker before the means in amr", () => {
    expect(amrOf({ method: "eparaksts-mobile" })).toEqual(["eparaksts-mobile"]);
    expect(amrOf({ method: "bank", via: "vpm" })).toEqual(["vpm", "bank"]);
  });
});
