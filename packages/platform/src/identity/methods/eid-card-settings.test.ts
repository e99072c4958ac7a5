/** EID_CARD_* configuration: testbed defaults, explicit values, and the refusals that stop a start. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, TESTBED_EID_CARD_POLICY } from "../../config/config.ts";
import { eidCardSettingsFrom, pemFileCertificates } from "./eid-card-settings.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-eid-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("eID card settings (EID_CARD_TRUSTED_CAS, EID_CARD_HIGH_POLICIES)", () => {
  it("default to the test PKI's eID CA and policy when the testbed is on", () => {
    const config = loadConfig({ env: { DATA_DIR: dir, TILTS_TESTBED: "true" } });
    expect(config.eidCardTrustedCas).toBe(join(dir, "testbed", "pki", "ca", "eid.crt.pem"));
    expect(config.eidCardHighPolicies).toEqual([TESTBED_EID_CARD_POLICY]);
    const settings = eidCardSettingsFrom(config);
    expect(settings?.origin).toBe(new URL(config.publicUrl).origin);
    expect(settings?.trustedCas()).toEqual([]); // no PKI yet: nothing trusted
  });

  it("leave the method unavailable without the testbed and without configuration", () => {
    const config = loadConfig({ env: { DATA_DIR: dir, TILTS_TESTBED: "false" } });
    expect(eidCardSettingsFrom(config)).toBeUndefined();
  });

  it("read explicit OIDs and refuse a malformed list", () => {
    const config = loadConfig({
      env: {
        DATA_DIR: dir,
        TILTS_TESTBED: "false",
        EID_CARD_HIGH_POLICIES: " 1.3.6.1.4.1.32061.2.1.1.1 ,2.5.29.32.0",
      },
    });
    expect(config.eidCardHighPolicies).toEqual(["1.3.6.1.4.1.32061.2.1.1.1", "2.5.29.32.0"]);
    expect(() => loadConfig({ env: { DATA_DIR: dir, EID_CARD_HIGH_POLICIES: "high" } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { DATA_DIR: dir, EID_CARD_HIGH_POLICIES: "1.2,x" } })).toThrow(
      /EID_CARD_HIGH_POLICIES/,
    );
  });

  it("stop the start when trusted CAs are given without the high policies", () => {
    const config = loadConfig({
      env: { DATA_DIR: dir, TILTS_TESTBED: "false", EID_CARD_TRUSTED_CAS: join(dir, "cas.pem") },
    });
    expect(() => eidCardSettingsFrom(config)).toThrow(/EID_CARD_HIGH_POLICIES/);
  });

  it("re-read the CA bundle when the file changes", () => {
    const file = join(dir, "bundle.pem");
    const pem = (bytes: number[]) =>
      `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString("base64")}\n-----END CERTIFICATE-----\n`;
    writeFileSync(file, pem([1, 2, 3]));
    const read = pemFileCertificates(file);
    expect(read().map((c) => [...c])).toEqual([[1, 2, 3]]);
    writeFileSync(file, pem([4, 5]) + pem([6]));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(read().map((c) => [...c])).toEqual([[4, 5], [6]]);
  });
});
