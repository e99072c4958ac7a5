/**
 * `tilts ehealth copying list | lift` through the real CLI entry point on an on-disk embedded
 * database (ANX2-18: the operator sees the detections): help, an empty list, usage errors (2) and
 * an unknown detection refused (1). Listing and lifting real detections: copying-portal.int.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-copying-cli-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { LOG_LEVEL: "silent" },
  });
  return { code, out, err };
}

describe("tilts ehealth copying", () => {
  it("lists, and refuses what it cannot lift", { timeout: 300_000 }, async () => {
    const help = await run(["ehealth", "copying", "list", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: tilts ehealth copying list");

    const empty = await run(["ehealth", "copying", "list", "--data-dir", dataDir]);
    expect(empty).toMatchObject({ code: 0, out: "No open detections.\n" });
    const json = await run(["ehealth", "copying", "list", "--all", "--json", "--data-dir", dataDir]);
    expect(JSON.parse(json.out)).toEqual([]);

    expect(
      (await run(["ehealth", "copying", "lift", "x", "--reason", "ok", "--data-dir", dataDir])).code,
    ).toBe(2);
    const unknown = await run([
      "ehealth",
      "copying",
      "lift",
      "7",
      "--reason",
      "reviewed",
      "--data-dir",
      dataDir,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("detection-not-found");
  });
});
