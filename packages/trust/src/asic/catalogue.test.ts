import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASIC_ERROR_CODES } from "./errors.ts";
import { ASIC_WARNING_CODES } from "./warnings.ts";

// DESIGN "keep a catalogue of codes … checked by a test": the README lists every code.
describe("code catalogue", () => {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  it.each([...Object.keys(ASIC_ERROR_CODES), ...Object.keys(ASIC_WARNING_CODES)])(
    "README documents %s",
    (code) => {
      expect(readme).toContain(`\`${code}\``);
    },
  );
});
