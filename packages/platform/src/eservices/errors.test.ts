/** The registry's error codes are catalogued in its README, each refusal with both reasons (SIG-6). */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ERROR_STATUS, SUBMISSION_REFUSALS } from "./errors.ts";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

it("README.md lists every error code, and every refusal has a Latvian and an English reason", () => {
  expect(Object.keys(ERROR_STATUS).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  for (const [code, reason] of Object.entries(SUBMISSION_REFUSALS)) {
    expect(reason.lv, code).not.toBe("");
    expect(reason.en, code).not.toBe(reason.lv);
  }
});
