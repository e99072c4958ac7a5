import { describe, expect, it } from "vitest";
import { acrClaim, EIDAS_LOA_HIGH, levelOfAcr, readAcrValues } from "./levels.ts";

describe("acr values", () => {
  it("reads short names and eIDAS URIs; the least listed level is the minimum", () => {
    expect(readAcrValues("high substantial")).toEqual({ minimum: "substantial", eidasForm: false });
    expect(readAcrValues(`${EIDAS_LOA_HIGH}`)).toEqual({ minimum: "high", eidasForm: true });
    expect(readAcrValues(undefined)).toEqual({ minimum: undefined, eidasForm: false });
    expect(readAcrValues("urn:unknown")).toEqual({ minimum: undefined, eidasForm: false });
  });
  it("maps levels back in the form asked", () => {
    expect(acrClaim("high", true)).toBe(EIDAS_LOA_HIGH);
    expect(acrClaim("substantial", false)).toBe("substantial");
    expect(levelOfAcr("http://eidas.europa.eu/LoA/low")).toBe("low");
    expect(levelOfAcr("medium")).toBeUndefined();
  });
});
