/**
 * The plain-clone rule (the product and its tests run with nothing beside the repository): a test
 * file that reads ../shared in place must be on READS_SHARED in vitest.config.ts, which leaves it
 * out when ../shared is absent. A file that reads ../shared without being listed would fail there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { READS_SHARED } from "../../../vitest.config.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Helpers under `testing/` that read ../shared, and the test files must be listed when they use them. */
const SHARED_HELPERS = ["pkits-cases"];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".browser.test.ts") ? [path] : [];
  });
}

/** Code lines only: a comment may cite ../shared without reading it. */
function readsShared(text: string): boolean {
  const code = text
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join("\n");
  return (
    /shared\/(conformance|specs)|["'/]shared["'/]/.test(code) || SHARED_HELPERS.some((h) => code.includes(h))
  );
}

describe("tests that read ../shared", () => {
  const files = readdirSync(join(ROOT, "packages")).flatMap((p) =>
    testFiles(join(ROOT, "packages", p, "src")),
  );

  it("are all listed in READS_SHARED, so a plain clone leaves them out instead of failing", () => {
    const reading = files
      .map((f) => relative(ROOT, f).split("\\").join("/"))
      .filter((f) => readsShared(readFileSync(join(ROOT, f), "utf8")));
    expect(reading.length).toBeGreaterThan(5);
    expect(reading.filter((f) => !READS_SHARED.includes(f))).toEqual([]);
  });

  it("lists only files that exist", () => {
    const present = new Set(files.map((f) => relative(ROOT, f).split("\\").join("/")));
    expect(READS_SHARED.filter((f) => !present.has(f))).toEqual([]);
  });
});
