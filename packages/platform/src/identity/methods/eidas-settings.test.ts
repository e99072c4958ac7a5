/**
 * eIDAS configuration (EIDAS_NODES, EIDAS_SP_*): bad files stop the start with a ConfigError
 * naming the key; production refuses RSA keys under 3072 bits. And the RelayState form.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EidasTestbed, ensureEidasTestbed } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { parseRelayState, relayStateOf } from "./eidas-method.ts";
import { eidasSettingsFrom, readKeyPair, readNodes } from "./eidas-settings.ts";

let dir: string;
let testbed: EidasTestbed;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-eidas-settings-"));
  testbed = ensureEidasTestbed({ stateDir: dir, baseUrl: "https://tilts.test/testbed/eidas" });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.key;
    throw error;
  }
  throw new Error("no error");
}

describe("eIDAS settings", () => {
  it("reads the testbed's nodes file and key files", () => {
    const nodes = readNodes(join(dir, "nodes.json"));
    expect(nodes.map((n) => n.country)).toEqual(["EE", "LT"]);
    expect(nodes[0]!.url).toBe("https://tilts.test/testbed/eidas/EE/sso");
    expect(nodes[0]!.certificates).toHaveLength(1);
    expect(readKeyPair(join(dir, "connector-signing.pem"), "K").certificate).toEqual(
      testbed.connectorSigning.certificate,
    );
  });

  it("refuses a node for our own country: its PersonIdentifiers would become PNOLV-… subjects, a Latvian person's", () => {
    const nodes = JSON.parse(readFileSync(join(dir, "nodes.json"), "utf8")) as { country: string }[];
    nodes[0]!.country = "LV";
    expect(configError(() => readNodes(file("lv.json", JSON.stringify(nodes))))).toBe("EIDAS_NODES");
  });

  it("refuses broken node lists", () => {
    expect(configError(() => readNodes(file("a.json", "{")))).toBe("EIDAS_NODES");
    expect(configError(() => readNodes(file("b.json", '[{"country":"ee"}]')))).toBe("EIDAS_NODES");
    expect(
      configError(() =>
        readNodes(
          file(
            "c.json",
            '[{"country":"EE","name":{"lv":"a","en":"b"},"url":"https://x","certificates":"none"}]',
          ),
        ),
      ),
    ).toBe("EIDAS_NODES");
  });

  it("refuses a key file whose key does not belong to its certificate", () => {
    const signing = readFileSync(join(dir, "connector-signing.pem"), "utf8");
    const encryption = readFileSync(join(dir, "connector-encryption.pem"), "utf8");
    const keyOnly = signing.split("-----BEGIN CERTIFICATE-----")[0]!;
    const certOnly = `-----BEGIN CERTIFICATE-----${encryption.split("-----BEGIN CERTIFICATE-----")[1]}`;
    expect(
      configError(() => readKeyPair(file("mixed.pem", keyOnly + certOnly), "EIDAS_SP_SIGNING_KEY")),
    ).toBe("EIDAS_SP_SIGNING_KEY");
  });

  it("production refuses the testbed's 2048-bit keys; development takes them", () => {
    const env = {
      TILTS_TESTBED: "false",
      PUBLIC_URL: "https://tilts.test",
      DATA_DIR: dir,
      EIDAS_NODES: join(dir, "nodes.json"),
      EIDAS_SP_SIGNING_KEY: join(dir, "connector-signing.pem"),
      EIDAS_SP_ENCRYPTION_KEY: join(dir, "connector-encryption.pem"),
    };
    expect(eidasSettingsFrom(loadConfig({ env }))?.nodes).toHaveLength(2);
    expect(
      configError(() => eidasSettingsFrom(loadConfig({ env: { ...env, TILTS_ENV: "production" } }))),
    ).toBe("EIDAS_SP_SIGNING_KEY");
  });
});

describe("RelayState", () => {
  it("round-trips state, country and level, and refuses anything else", () => {
    const relay = relayStateOf({ state: "abcdefghijklmnopqrstuvwx", country: "EE", level: "high" });
    expect(parseRelayState(relay)).toEqual({
      state: "abcdefghijklmnopqrstuvwx",
      country: "EE",
      level: "high",
    });
    expect(parseRelayState("abcdefghijklmnopqrstuvwx.EE.medium")).toBeUndefined();
    expect(parseRelayState("abcdefghijklmnopqrstuvwx.ee.high")).toBeUndefined();
    expect(parseRelayState("short.EE.high")).toBeUndefined();
    expect(parseRelayState(undefined)).toBeUndefined();
  });
});
