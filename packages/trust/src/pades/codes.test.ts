import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REPORT_MESSAGE_CODES } from "../validation/codes.ts";
import { PADES_REPORT_CODES } from "./codes.ts";
import { PADES_ERROR_CODES, PDF_ERROR_CODES } from "./errors.ts";

/** Every code literal the PAdES code emits is catalogued (here, in validation/codes.ts or errors.ts). */
describe("PAdES code catalogues", () => {
  it("list every code the code emits", () => {
    const folder = fileURLToPath(new URL("./", import.meta.url));
    const known = new Set([
      ...Object.keys(PADES_REPORT_CODES),
      ...Object.keys(REPORT_MESSAGE_CODES),
      ...Object.keys(PDF_ERROR_CODES),
      ...Object.keys(PADES_ERROR_CODES),
    ]);
    const used = new Set<string>();
    for (const file of readdirSync(folder)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts") || file === "codes.ts" || file === "errors.ts")
        continue;
      const text = readFileSync(folder + file, "utf8");
      for (const m of text.matchAll(/code: "([a-z0-9-]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/new (?:Pdf|Pades)Error\(\s*"([a-z0-9-]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/"(byte-range-[a-z-]+|pdf-disallowed-changes)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(15);
    for (const code of used) expect(known, code).toContain(code);
  });
});
