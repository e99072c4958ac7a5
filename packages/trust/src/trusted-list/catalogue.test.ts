import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TRUSTED_LIST_FORMAT_REASONS, TRUSTED_LIST_PROBLEM_CODES } from "./errors.ts";

// DESIGN "keep a catalogue of codes … checked by a test": the README lists every code.
describe("trusted-list code catalogue", () => {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  it.each([...TRUSTED_LIST_FORMAT_REASONS, ...TRUSTED_LIST_PROBLEM_CODES])("README documents %s", (code) => {
    expect(readme).toContain(`\`${code}\``);
  });
});
