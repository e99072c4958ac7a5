import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REPORT_MESSAGE_CODES } from "./codes.ts";

/** Every `code: "…"` literal the validation and eDoc code emits is catalogued. */
describe("report message code catalogue", () => {
  it("lists every code the code emits", () => {
    const folders = ["./", "../edoc/"].map((f) => fileURLToPath(new URL(f, import.meta.url)));
    const used = new Set<string>();
    for (const folder of folders) {
      for (const file of readdirSync(folder)) {
        if (!file.endsWith(".ts") || file.endsWith(".test.ts") || file === "codes.ts") continue;
        const text = readFileSync(folder + file, "utf8");
        for (const m of text.matchAll(/code: "([a-z0-9-]+)"/g)) used.add(m[1]!);
        for (const m of text.matchAll(/"(sha1-accepted[a-z-]*|ocsp-before-timestamp|unsupported-document)"/g))
          used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(10);
    for (const code of used) expect(Object.keys(REPORT_MESSAGE_CODES)).toContain(code);
  });
});
