/** The strict profile's codes are catalogued in the x509 README (codes are an API: DESIGN.md). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILE_FAILURE_CODES } from "./codes.ts";

describe("strict-profile failure codes", () => {
  it("every code is in the README's table, and the table names no other", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const listed = [...readme.matchAll(/^\| `(profile-[a-z-]+)`/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(PROFILE_FAILURE_CODES).sort());
  });
});
