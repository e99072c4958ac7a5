/**
 * `tilts oots validate`: valid and invalid EDM files in-process (main(argv, io)), the --json
 * shape, exit codes 0/1/2, and one real spawned run.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { sampleMessages } from "../samples.ts";

const bin = fileURLToPath(new URL("../../../bin/tilts.js", import.meta.url));
const run = promisify(execFile);

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "oots-validate-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const request10 = file("request-1.0.xml", sampleMessages("1.0")["evidence-request"]);
const dsdError20 = file("dsd-error-2.0.xml", sampleMessages("2.0")["dsd-error"]);
const badPreview = file(
  "preview-http.xml",
  sampleMessages("1.2")["evidence-error"].replace(
    "https://provider.example.de/",
    "http://provider.example.de/",
  ),
);
const notXml = file("not-xml.xml", "<query:QueryRequest");

describe("tilts oots validate", () => {
  it("exits 0 when every file is valid, with one JSON object per file", async () => {
    const { code, stdout } = await cli(["oots", "validate", request10, dsdError20, "--json"]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { file: request10, kind: "evidence-request", version: "1.0", valid: true, errors: [], warnings: [] },
      { file: dsdError20, kind: "dsd-error", version: "2.0", valid: true, errors: [], warnings: [] },
    ]);
  });

  it("exits 1 when a file is not valid and names the rule and line", async () => {
    const { code, stdout } = await cli(["oots", "validate", "--json", request10, badPreview]);
    expect(code).toBe(1);
    const [ok, bad] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ok.valid).toBe(true);
    expect(bad).toMatchObject({ file: badPreview, kind: "evidence-error", version: "1.2", valid: false });
    const text = sampleMessages("1.2")["evidence-error"];
    const line = text.slice(0, text.indexOf("https://provider.example.de/")).split("\n").length;
    expect(line).toBeGreaterThan(10);
    expect(bad.errors).toContainEqual({
      rule: "R-EDM-ERR-C019",
      message: expect.stringContaining("https"),
      line,
    });
    for (const e of bad.errors) expect(Object.keys(e).sort()).toEqual(["line", "message", "rule"]);
  });

  it("reports what is not XML as not valid (rule XML), in text form", async () => {
    const { code, stdout } = await cli(["oots", "validate", notXml]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/not-xml\.xml: NOT VALID \(unknown, EDM unknown\)\n {2}line 0: XML: /);
  });

  it("exits 2 for a missing file and for usage errors; --help lists the exit codes", async () => {
    const missing = await cli(["oots", "validate", request10, join(dir, "absent.xml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stdout).toContain("VALID");
    expect((await cli(["oots", "validate"])).code).toBe(2);
    expect((await cli(["oots", "validate", "--strict-mode", request10])).code).toBe(2);
    const h = await cli(["oots", "validate", "--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain(
      "Exit codes: 0 every file is valid; 1 at least one file is not valid; 2 usage",
    );
  });

  it("as a process: exit 1 and the text report", async () => {
    const error = await run(process.execPath, [bin, "oots", "validate", badPreview]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stdout).toContain("R-EDM-ERR-C019");
  });
});
