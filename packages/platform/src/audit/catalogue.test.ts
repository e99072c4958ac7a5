/**
 * The audit-event catalogue (docs/audit-events.md) lists every action the platform writes, so an
 * operator answering a CON-9 request knows what each record means.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const source = fileURLToPath(new URL("../", import.meta.url));
const catalogue = readFileSync(
  fileURLToPath(new URL("../../../../docs/audit-events.md", import.meta.url)),
  "utf8",
);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

it("lists every audit action the code writes", () => {
  const listed = new Set([...catalogue.matchAll(/^\|\s*`([a-z0-9_.-]+)`\s*\|/gm)].map((m) => m[1]));
  const written = new Set<string>();
  for (const file of sourceFiles(source)) {
    const text = readFileSync(file, "utf8");
    // Audit actions are written as `action: "module.event"` literals, so they can be found here.
    for (const match of text.matchAll(/\baction:\s*"([a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+)"/g))
      written.add(match[1]!);
  }
  expect(written.size).toBeGreaterThan(0);
  expect([...written].filter((action) => !listed.has(action)).sort()).toEqual([]);
});
