/**
 * eIDAS configuration (EIDAS_NODES, EIDAS_SP_*): bad files stop the start with a ConfigError
 * naming the key; production refuses RSA keys under 3072 bits. And the RelayState form.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EidasTestbed, ensureEidasTestbed } from "@tilts/testbed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { configErrorOf } from "../../config/testing/config-error-of.ts";
import { encryptKeyFileInPlace, KeyEncryption } from "../../core/keys/index.ts";
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
  return configErrorOf(run).key;
}

/** A self-signed certificate (PEM) whose key openssl makes from `newkey` (e.g. rsa:1024, ec). */
function nodeCertificate(name: string, newkey: string, ...keyOptions: string[]): string {
  const out = join(dir, `${name}.crt`);
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", newkey, ...keyOptions, "-nodes", "-keyout", join(dir, `${name}.key`)].concat([
      "-subj",
      `/C=EE/CN=${name}`,
      "-days",
      "2",
      "-sha256",
      "-out",
      out,
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return readFileSync(out, "utf8");
}

/** A nodes file whose only node (country EE) has the given certificate. */
function nodesWith(name: string, certificates: string): string {
  return file(
    `${name}.json`,
    JSON.stringify([
      { country: "EE", name: { lv: "Igaunija", en: "Estonia" }, url: "https://ee.test/sso", certificates },
    ]),
  );
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
    const brokenPem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    const nodes = nodesWith("broken-certificate", brokenPem);
    expect(configErrorOf(() => readNodes(nodes)).message).toBe(
      `EIDAS_NODES: ${nodes} [0] (country EE) certificates: certificate 1 is not valid X.509`,
    );
  });

  it("refuses a key file whose certificate is not X.509, or that lacks one, naming the key", () => {
    const keyOnly = readFileSync(join(dir, "connector-signing.pem"), "utf8").split(
      "-----BEGIN CERTIFICATE-----",
    )[0]!;
    const broken = file(
      "broken-cert.pem",
      `${keyOnly}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
    );
    expect(configErrorOf(() => readKeyPair(broken, "EIDAS_SP_SIGNING_KEY")).message).toBe(
      `EIDAS_SP_SIGNING_KEY: ${broken}: certificate 1 is not valid X.509`,
    );
    const noCertificate = file("no-cert.pem", keyOnly);
    expect(configErrorOf(() => readKeyPair(noCertificate, "EIDAS_SP_ENCRYPTION_KEY")).message).toBe(
      `EIDAS_SP_ENCRYPTION_KEY: ${noCertificate} needs a PKCS#8 private key and a certificate`,
    );
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

  it("production refuses the testbed's 2048-bit keys, the nodes' and ours; development takes them", () => {
    const env = {
      TILTS_TESTBED: "false",
      PUBLIC_URL: "https://tilts.test",
      DATA_DIR: dir,
      EIDAS_NODES: join(dir, "nodes.json"),
      EIDAS_SP_SIGNING_KEY: join(dir, "connector-signing.pem"),
      EIDAS_SP_ENCRYPTION_KEY: join(dir, "connector-encryption.pem"),
    };
    expect(eidasSettingsFrom(loadConfig({ env }))?.nodes).toHaveLength(2);
    const production = {
      ...env,
      TILTS_ENV: "production",
      KEY_ENCRYPTION_SECRET: "eidas-test-key-encryption-secret-0123456789abc",
    };
    const nodes = configErrorOf(() => eidasSettingsFrom(loadConfig({ env: production })));
    expect(nodes.key).toBe("EIDAS_NODES");
    expect(nodes.message).toContain("country EE");
    expect(nodes.message).toContain("2048 bits (at least 3072 needed)");
    // With a 3072-bit node, our own SP key is what production refuses: first for lying in clear,
    // then, encrypted under the secret, for its 2048 bits.
    const strong = nodesWith("rsa3072", nodeCertificate("rsa3072", "rsa:3072"));
    const clear = configErrorOf(() =>
      eidasSettingsFrom(loadConfig({ env: { ...production, EIDAS_NODES: strong } })),
    );
    expect(clear.key).toBe("EIDAS_SP_SIGNING_KEY");
    expect(clear.message).toContain("in clear");
    const encrypted = file("signing-encrypted.pem", readFileSync(production.EIDAS_SP_SIGNING_KEY, "utf8"));
    encryptKeyFileInPlace(encrypted, new KeyEncryption(production.KEY_ENCRYPTION_SECRET));
    const weak = configErrorOf(() =>
      eidasSettingsFrom(
        loadConfig({ env: { ...production, EIDAS_NODES: strong, EIDAS_SP_SIGNING_KEY: encrypted } }),
      ),
    );
    expect(weak.key).toBe("EIDAS_SP_SIGNING_KEY");
    expect(weak.message).toContain("at least 3072 bits");
  });

  it("refuses a node certificate with an RSA key under 2048 bits or an EC key below P-256, naming the country", () => {
    const rsa1024 = configErrorOf(() =>
      readNodes(nodesWith("rsa1024", nodeCertificate("rsa1024", "rsa:1024"))),
    );
    expect(rsa1024.key).toBe("EIDAS_NODES");
    expect(rsa1024.message).toContain("country EE");
    expect(rsa1024.message).toContain("RSA key of 1024 bits");
    const p224 = nodeCertificate("p224", "ec", "-pkeyopt", "ec_paramgen_curve:secp224r1");
    const ec = configErrorOf(() => readNodes(nodesWith("p224", p224)));
    expect(ec.key).toBe("EIDAS_NODES");
    expect(ec.message).toContain("country EE");
    expect(ec.message).toContain("secp224r1");
    // A weak certificate next to a good one is still refused (every listed certificate is trusted).
    const good = readFileSync(join(dir, "nodes.json"), "utf8");
    const [first] = JSON.parse(good) as { certificates: string }[];
    expect(configError(() => readNodes(nodesWith("mixed", first!.certificates + p224)))).toBe("EIDAS_NODES");
    // P-256 and the testbed's RSA-2048 are enough outside production.
    const p256 = nodeCertificate("p256", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
    expect(readNodes(nodesWith("p256", p256))[0]!.certificates).toHaveLength(1);
    expect(readNodes(nodesWith("rsa2048", first!.certificates))[0]!.country).toBe("EE");
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
