/** EID_CARD_* configuration: testbed defaults, explicit values, and the refusals that stop a start. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, createVpmSigningCredential } from "@tilts/testbed";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { TESTBED_EID_CARD_POLICY } from "../config-keys.ts";
import { eidCardSettingsFrom } from "./eid-card-settings.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-eid-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The settings with EID_CARD_TRUSTED_CAS = `file` (and the policy), without the testbed. */
function settingsWithCas(file: string) {
  return eidCardSettingsFrom(
    loadConfig({
      env: {
        DATA_DIR: dir,
        TILTS_TESTBED: "false",
        EID_CARD_TRUSTED_CAS: file,
        EID_CARD_HIGH_POLICIES: TESTBED_EID_CARD_POLICY,
      },
    }),
  );
}

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

  it("trust nothing while the CA bundle is missing, then re-read it when the file changes", () => {
    const file = join(dir, "bundle.pem");
    const read = settingsWithCas(file)!.trustedCas;
    expect(read()).toEqual([]);
    const [a, b, c] = [0, 1, 2].map(() => createVpmSigningCredential().certificate);
    writeFileSync(file, certificateToPem(a!));
    expect(read()).toEqual([a]);
    writeFileSync(file, certificateToPem(b!) + certificateToPem(c!));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(read()).toEqual([b, c]);
    // A renewal half written: the last good set stays.
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const later2 = new Date(Date.now() + 10_000);
    utimesSync(file, later2, later2);
    expect(read()).toEqual([b, c]);
  });

  it("refuse a CA bundle that is not X.509 at the start, naming the key", () => {
    const file = join(dir, "broken.pem");
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    expect(() => settingsWithCas(file)).toThrow(
      `EID_CARD_TRUSTED_CAS: ${file}: certificate 1 is not valid X.509`,
    );
  });
});
