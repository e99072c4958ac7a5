/**
 * The platform's module boundaries, checked over the source as a lint rule would: a domain module
 * (identity, e-health, OOTS, the AS4 access point `delivery`, the e-service registry) is entered by another only through its front door (`index.ts`; test
 * helpers through its `testing/` folder, from tests and test helpers only), the shared core
 * (config, db, http, web, core, audit) imports no domain module, and the runtime import graph has
 * no cycles. Boundaries between packages are enforced by their `exports` (front doors only).
 *
 * A module has a second, light door: its manifest (`manifest.ts`), which the composition root
 * (manifests.ts) imports to assemble configuration, migrations, commands and routes without
 * loading the module's code; a manifest's runtime imports stay within the core's module kit and
 * the module's own key specs (checked below), so `tilts --version` loads no module code.
 *
 * KNOWN_CROSSINGS lists what still crosses today (nothing): the list may only shrink — a new
 * crossing fails, and so does an entry that no longer crosses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SOURCE = fileURLToPath(new URL("./", import.meta.url));
const MODULES = new Set(["identity", "ehealth", "oots", "delivery", "eservices", "signing"]);
const CORE = new Set(["config", "db", "http", "web", "core", "audit"]);

const KNOWN_CROSSINGS: string[] = [];

interface SourceFile {
  /** Path relative to src/, with "/". */
  path: string;
  text: string;
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path);
const isTestHelper = (path: string) => path.split("/").includes("testing");

function sourceFiles(folder = SOURCE): SourceFile[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return [{ path: relative(SOURCE, path).split("\\").join("/"), text: readFileSync(path, "utf8") }];
  });
}

/** Relative imports and re-exports of a file, resolved to paths under src/; `typeOnly` marks `import type`. */
function importsOf(file: SourceFile): { target: string; typeOnly: boolean; dynamic: boolean }[] {
  const found: { target: string; typeOnly: boolean; dynamic: boolean }[] = [];
  const statics = /(?:^|\n)\s*(import|export)(\s+type)?\b[^;]*?\bfrom\s*"(\.[^"]+)"/g;
  for (const m of file.text.matchAll(statics)) {
    found.push({
      target: normalize(join(dirname(file.path), m[3]!))
        .split("\\")
        .join("/"),
      typeOnly: m[2] !== undefined,
      dynamic: false,
    });
  }
  for (const m of file.text.matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g)) {
    found.push({
      target: normalize(join(dirname(file.path), m[1]!))
        .split("\\")
        .join("/"),
      typeOnly: false,
      dynamic: true,
    });
  }
  return found;
}

/** Every crossing of a boundary in these files, as "from → to". */
function boundaryCrossings(files: readonly SourceFile[]): string[] {
  const crossings: string[] = [];
  for (const file of files) {
    const from = file.path.split("/")[0]!;
    for (const { target } of importsOf(file)) {
      const to = target.split("/")[0]!;
      if (to === from || !MODULES.has(to)) continue;
      const viaFrontDoor = target === `${to}/index.ts` || target === `${to}/manifest.ts`;
      const viaTestHelpers =
        target.startsWith(`${to}/testing/`) && (isTest(file.path) || isTestHelper(file.path));
      if (CORE.has(from) || (!(viaFrontDoor || viaTestHelpers) && !isTest(file.path))) {
        crossings.push(`${file.path} → ${target}`);
      }
    }
  }
  return crossings.sort();
}

/**
 * Files a manifest loads at once (static runtime imports, followed): only the core's and the
 * module's own `manifest.ts` and `config-keys.ts` may be among them.
 */
function heavyImportsOfManifests(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const heavy: string[] = [];
  for (const manifest of files.filter((f) => /^[^/]+\/manifest\.ts$/.test(f.path))) {
    const module = manifest.path.split("/")[0]!;
    const seen = new Set<string>([manifest.path]);
    const queue = [manifest.path];
    while (queue.length > 0) {
      const file = byPath.get(queue.pop()!);
      if (!file) continue;
      // A package imported at once (e.g. @tilts/trust, megabytes of ASN.1) is not light either.
      for (const m of file.text.matchAll(/(?:^|\n)\s*import\s+(?!type\b)[^;]*?\bfrom\s*"([^".][^"]*)"/g))
        if (!m[1]!.startsWith("node:") && m[1] !== "kysely")
          heavy.push(`${manifest.path} → ${file.path} → ${m[1]}`);
      for (const { target, typeOnly, dynamic } of importsOf(file)) {
        if (typeOnly || dynamic || seen.has(target)) continue;
        seen.add(target);
        const top = target.split("/")[0]!;
        const light = CORE.has(top) || target === `${module}/config-keys.ts`;
        if (!light) heavy.push(`${manifest.path} → ${target}`);
        else queue.push(target);
      }
    }
  }
  return heavy.sort();
}

/** Cycles among runtime imports (type-only and dynamic imports load nothing up front). */
function importCycles(files: readonly SourceFile[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of files.filter((f) => !isTest(f.path))) {
    graph.set(
      file.path,
      importsOf(file)
        .filter((i) => !i.typeOnly && !i.dynamic)
        .map((i) => i.target),
    );
  }
  // Tarjan's strongly connected components; a component of more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe("module boundaries", () => {
  const files = sourceFiles();

  it("a module is entered only through its front door, and the core imports no module", () => {
    const crossings = boundaryCrossings(files);
    expect(crossings.filter((c) => !KNOWN_CROSSINGS.includes(c))).toEqual([]);
    // The list only shrinks: an entry that no longer crosses must be removed from it.
    expect(KNOWN_CROSSINGS.filter((known) => !crossings.includes(known))).toEqual([]);
  });

  it("the rule itself: a deliberate import into another module's inside is found, the front door is not", () => {
    const fixture: SourceFile[] = [
      { path: "oots/portal.ts", text: 'import { decide } from "../ehealth/core/rights-policy.ts";\n' },
      { path: "oots/ok.ts", text: 'import { ehealthModule } from "../ehealth/index.ts";\n' },
      { path: "http/server.ts", text: 'import { identityModule } from "../identity/index.ts";\n' },
      { path: "ehealth/x.test.ts", text: 'import { a } from "../identity/testing/test-platform.ts";\n' },
    ];
    expect(boundaryCrossings(fixture)).toEqual([
      "http/server.ts → identity/index.ts",
      "oots/portal.ts → ehealth/core/rights-policy.ts",
    ]);
  });

  it("a manifest loads no module code up front: its runtime imports stay in the core and its key specs", () => {
    expect(heavyImportsOfManifests(files)).toEqual([]);
    // And the check finds a manifest that imports its module's code.
    expect(
      heavyImportsOfManifests([
        { path: "oots/manifest.ts", text: 'import { validate } from "./edm/check.ts";\n' },
        { path: "oots/edm/check.ts", text: "export const validate = 1;\n" },
      ]),
    ).toEqual(["oots/manifest.ts → oots/edm/check.ts"]);
  });

  it("the runtime import graph has no cycles", () => {
    expect(importCycles(files)).toEqual([]);
    // And the check finds one when there is one.
    expect(
      importCycles([
        { path: "a/x.ts", text: 'import { y } from "./y.ts";\n' },
        { path: "a/y.ts", text: 'export { x } from "./x.ts";\n' },
      ]),
    ).toEqual([["a/x.ts", "a/y.ts"]]);
  });
});
