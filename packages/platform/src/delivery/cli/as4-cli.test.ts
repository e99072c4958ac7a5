/**
 * `tilts as4 pmode import` and `tilts as4 send` (OOTS-10): output, --json, exit codes. The
 * receipted path of `send` against a running server is in two-processes.int.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.ts";
import { ConfigError } from "../../config/config.ts";
import {
  OOTS_PROPERTIES,
  PMODE_FIXTURE,
  testAccessPointPki,
  writeAccessPointFiles,
} from "../testing/two-access-points.ts";
import { as4PmodeImportCommand } from "./as4-pmode-import.ts";
import { as4SendCommand } from "./as4-send.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-as4-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env },
  };
}

describe("tilts as4 pmode import", () => {
  const fixture = fileURLToPath(PMODE_FIXTURE);

  it("prints our party, the parties with their endpoints and the legs with service and action", async () => {
    const { out, io: cli } = io();
    expect(await as4PmodeImportCommand.run([fixture], cli)).toBe(0);
    expect(out.stdout).toContain("P-Mode of ap_lv");
    expect(out.stdout).toContain("ap_sk: AP_SK_01 → https://oots-ap.example.sk/domibus/services/msh");
    expect(out.stdout).toMatch(
      /ootsRequestLeg: QueryManager ExecuteQueryRequest \(signed, encrypted; retry 12;4;CONSTANT\)/,
    );
  });

  it("--json gives the same as one object", async () => {
    const { out, io: cli } = io();
    expect(await as4PmodeImportCommand.run([fixture, "--json"], cli)).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({ valid: true, self: "ap_lv" });
    expect(json.parties.map((p: { name: string }) => p.name).sort()).toEqual(["ap_lv", "ap_sk"]);
    const legs = json.processes.flatMap((p: { legs: { name: string }[] }) => p.legs);
    expect(legs.find((l: { name: string }) => l.name === "ootsRequestLeg")).toMatchObject({
      action: "ExecuteQueryRequest",
      sign: true,
      encrypt: true,
      duplicateDetection: true,
      requiredProperties: expect.arrayContaining(["originalSender", "finalRecipient"]),
    });
  });

  it("exits 1 naming the dangling reference of a broken P-Mode", async () => {
    const broken = join(dir, "broken.xml");
    writeFileSync(
      broken,
      readFileSync(fixture, "utf8").replaceAll(
        'security="eDeliveryAS4Policy_BST"',
        'security="noSuchPolicy"',
      ),
    );
    const { out, io: cli } = io();
    expect(await as4PmodeImportCommand.run([broken], cli)).toBe(1);
    expect(out.stderr).toMatch(/not a usable P-Mode: .*noSuchPolicy/);
  });

  it("exits 2 for a missing file and refuses a wrong number of files", async () => {
    const { out, io: cli } = io();
    expect(await as4PmodeImportCommand.run([join(dir, "absent.xml")], cli)).toBe(2);
    expect(out.stderr).toContain("cannot read");
    await expect(as4PmodeImportCommand.run([], cli)).rejects.toThrow(UsageError);
  });
});

describe("tilts as4 send", () => {
  const pki = testAccessPointPki();
  // Nothing listens on port 9 (discard) of loopback: the first post fails.
  const env = writeAccessPointFiles(join(dir, "lv"), pki, "ap_lv", {
    lv: "http://127.0.0.1:9/as4",
    sk: "http://127.0.0.1:9/as4",
  });
  const payload = join(dir, "q.xml");
  writeFileSync(payload, "<q/>");
  const props = OOTS_PROPERTIES.flatMap((p) => ["--property", `${p.name}=${p.value}`]);

  it("exits 1 and prints status queued when the recipient does not answer (the server resends it)", async () => {
    const { out, io: cli } = io({ ...env, LOG_LEVEL: "silent" });
    const args = [
      "--leg",
      "ootsRequestLeg",
      "--to",
      "AP_SK_01",
      ...props,
      "--json",
      "--data-dir",
      join(dir, "data"),
    ];
    expect(await as4SendCommand.run([...args, payload], cli)).toBe(1);
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({ status: "queued", attempts: 1 });
    expect(result.messageId).toMatch(/@tilts$/);
    expect(result.error).toBeTruthy();
  }, 60_000);

  it("refuses unknown legs and parties, missing options and a missing AS4 configuration", async () => {
    const { io: cli } = io(env);
    await expect(as4SendCommand.run(["--to", "AP_SK_01", payload], cli)).rejects.toThrow(UsageError);
    await expect(as4SendCommand.run(["--leg", "ootsRequestLeg", "--to", "AP_SK_01"], cli)).rejects.toThrow(
      UsageError,
    );
    await expect(
      as4SendCommand.run(["--leg", "noSuchLeg", "--to", "AP_SK_01", payload], cli),
    ).rejects.toThrow(/no leg noSuchLeg/);
    await expect(
      as4SendCommand.run(["--leg", "ootsRequestLeg", "--to", "AP_XX_99", payload], cli),
    ).rejects.toThrow(/no party .* AP_XX_99/);
    const bare = io({});
    await expect(
      as4SendCommand.run(["--leg", "ootsRequestLeg", "--to", "AP_SK_01", payload], bare.io),
    ).rejects.toThrow(ConfigError);
  });
});
