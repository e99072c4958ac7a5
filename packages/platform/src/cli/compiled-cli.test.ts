/**
 * The compiled CLI is trusted only while every input it was built from is unchanged
 * (bin/compiled-cli.js): a changed, grown, removed file makes it stale; a file whose mtime moved
 * but whose bytes did not (a checkout, a `touch`) does not force a rebuild.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

interface Stamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}
interface CurrentBuild {
  build: string;
  inputs: Record<string, Stamp>;
}
// Plain JavaScript (bin/ runs without tsx), so typed here by hand.
const { changedInput } = (await import(new URL("../../bin/compiled-cli.js", import.meta.url).href)) as {
  changedInput: (current: CurrentBuild, baseDir: string) => Promise<string | undefined>;
};
const { stampOf } = (await import(new URL("../../bin/build-cli.js", import.meta.url).href)) as {
  stampOf: (file: string) => Stamp;
};

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function builtFrom(files: Record<string, string>): { dir: string; current: CurrentBuild } {
  const dir = mkdtempSync(join(tmpdir(), "tilts-compiled-cli-"));
  folders.push(dir);
  const inputs: Record<string, Stamp> = {};
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    inputs[name] = stampOf(join(dir, name));
  }
  return { dir, current: { build: "build-test", inputs } };
}

describe("compiled CLI freshness", () => {
  it("is current while no input changed", async () => {
    const { dir, current } = builtFrom({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = 2;\n" });
    expect(await changedInput(current, dir)).toBeUndefined();
  });

  it("stays current when only an mtime moved", async () => {
    const { dir, current } = builtFrom({ "a.ts": "export const a = 1;\n" });
    utimesSync(join(dir, "a.ts"), new Date(), new Date(Date.now() + 5_000));
    expect(await changedInput(current, dir)).toBeUndefined();
  });

  it("is stale when an input's bytes changed at the same size", async () => {
    const { dir, current } = builtFrom({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = 2;\n" });
    writeFileSync(join(dir, "b.ts"), "export const b = 3;\n");
    expect(await changedInput(current, dir)).toBe("b.ts");
    // Same bytes back, different mtime: current again.
    writeFileSync(join(dir, "b.ts"), "export const b = 2;\n");
    expect(await changedInput(current, dir)).toBeUndefined();
  });

  it("is stale when an input grew or was removed", async () => {
    const { dir, current } = builtFrom({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = 2;\n" });
    writeFileSync(join(dir, "a.ts"), "export const a = 10;\n");
    expect(await changedInput(current, dir)).toBe("a.ts");
    writeFileSync(join(dir, "a.ts"), "export const a = 1;\n");
    rmSync(join(dir, "b.ts"));
    expect(await changedInput(current, dir)).toBe("b.ts");
  });
});
