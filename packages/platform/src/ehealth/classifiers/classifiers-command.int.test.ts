/**
 * `tilts ehealth classifiers` through the real CLI entry point (main), on an on-disk embedded
 * database: a CSV file loads as version 2 (JSON result), list shows it, a FHIR file that changes
 * nothing keeps the version, a bad file is refused with each problem's line (exit 1, nothing
 * loaded), a missing --name is a usage error (exit 2), a contract for an unknown institution is
 * refused (exit 1), and --help documents the CSV header.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-classifiers-cli-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main([...args, "--data-dir", dataDir], {
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

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const HEADER = "code,display_lv,display_en,valid_from,valid_to";

describe("tilts ehealth classifiers", () => {
  it("loads, lists, refuses bad files and unknown institutions, and documents the format", async () => {
    const csv = file(
      "institution-kinds.csv",
      `${HEADER}\nhospital,slimnīca,hospital,2024-01-01,\npractice,ģimenes ārsta prakse,general practice,2024-01-01,\npharmacy,aptieka,pharmacy,2024-01-01,\nlaboratory,laboratorija,laboratory,2024-01-01,\n`,
    );
    const loaded = await run([
      "ehealth",
      "classifiers",
      "load",
      csv,
      "--name",
      "institution-kinds",
      "--json",
    ]);
    expect(loaded.err).toBe("");
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.out)).toEqual({
      name: "institution-kinds",
      format: "csv",
      version: 2,
      added: 0,
      changed: 1,
      retired: 0,
    });

    const listed = JSON.parse((await run(["ehealth", "classifiers", "list", "--json"])).out) as {
      name: string;
      version: number;
      codes: number;
    }[];
    expect(listed.find((c) => c.name === "institution-kinds")).toMatchObject({ version: 2, codes: 4 });
    expect(listed.map((c) => c.name)).toContain("countries");

    const fhir = file(
      "kinds.json",
      JSON.stringify({
        resourceType: "CodeSystem",
        url: "urn:tilts:classifier:institution-kind",
        concept: [
          ["hospital", "slimnīca", "hospital"],
          ["practice", "ģimenes ārsta prakse", "general practice"],
          ["pharmacy", "aptieka", "pharmacy"],
          ["laboratory", "laboratorija", "laboratory"],
        ].map(([code, lv, en]) => ({
          code,
          display: lv,
          designation: [{ language: "en", value: en }],
          property: [{ code: "effectiveDate", valueDateTime: "2024-01-01" }],
        })),
      }),
    );
    const same = await run(["ehealth", "classifiers", "load", fhir, "--name", "institution-kinds"]);
    expect(same.out).toBe("Classifier institution-kinds: the file changes nothing; version 2 stays.\n");

    const bad = file(
      "bad.csv",
      `${HEADER}\nhospital,slimnīca,hospital,2024-01-01,\nclinic,klīnika,,2024-01-01,\n`,
    );
    const refused = await run(["ehealth", "classifiers", "load", bad, "--name", "institution-kinds"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("refused (classifier-file-invalid)");
    expect(refused.err).toContain("  line 3: display_en is empty\n");

    const noName = await run(["ehealth", "classifiers", "load", csv]);
    expect(noName.code).toBe(2);
    expect(noName.err).toContain("--name is required");

    const contract = await run([
      "ehealth",
      "classifiers",
      "contract",
      "40009999999",
      "--number",
      "KL-1",
      "--date",
      "2026-12-01",
    ]);
    expect(contract.code).toBe(1);
    expect(contract.err).toContain("refused (institution-not-found)");

    const help = await run(["ehealth", "classifiers", "load", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain(HEADER);
  }, 120_000);
});
