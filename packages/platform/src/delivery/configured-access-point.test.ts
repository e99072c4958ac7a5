/** The access point from AS4_* configuration: what it reads, and what stops the start. */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.ts";
import { configuredAccessPoint } from "./configured-access-point.ts";
import { testAccessPointPki, writeAccessPointFiles } from "./testing/two-access-points.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-as4-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pki = testAccessPointPki();
const endpoints = { lv: "http://127.0.0.1:1/as4", sk: "http://127.0.0.1:2/as4" };

describe("configuredAccessPoint", () => {
  it("reads the P-Mode, our key and certificate, the partner's certificate and the anchors", () => {
    const env = writeAccessPointFiles(join(dir, "ok"), pki, "ap_lv", endpoints);
    const ap = configuredAccessPoint(loadConfig({ env }));
    expect(ap.pmode.self).toBe("ap_lv");
    expect(Buffer.from(ap.certificate).equals(Buffer.from(pki.lv.certificate))).toBe(true);
    const sk = ap.pmode.parties.find((p) => p.name === "ap_sk")!;
    expect(sk.endpoint).toBe(endpoints.sk);
    expect(Buffer.from(sk.certificates[0]!).equals(Buffer.from(pki.sk.certificate))).toBe(true);
    expect(ap.trust.anchors).toHaveLength(2);
    expect(ap.trust.revocation).toBe("if-available");
  });

  it("AS4_PARTY overrides the file's own party", () => {
    const env = writeAccessPointFiles(join(dir, "party"), pki, "ap_lv", endpoints);
    expect(() => configuredAccessPoint(loadConfig({ env: { ...env, AS4_PARTY: "ap_xx" } }))).toThrow(
      /AS4_PARTY: party ap_xx is not in/,
    );
  });

  it("refuses a partner without a certificate (any trusted certificate could speak for it)", () => {
    const env = writeAccessPointFiles(join(dir, "nocert"), pki, "ap_lv", endpoints);
    unlinkSync(join(dir, "nocert", "partners", "ap_sk.pem"));
    expect(() => configuredAccessPoint(loadConfig({ env }))).toThrow(/no certificate for party ap_sk/);
  });

  it("refuses a key file without a private key, and AS4_PMODE_FILE without the other files", () => {
    const env = writeAccessPointFiles(join(dir, "nokey"), pki, "ap_lv", endpoints);
    writeFileSync(env.AS4_KEY!, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    expect(() => configuredAccessPoint(loadConfig({ env }))).toThrow(/AS4_KEY: .* no PKCS#8 private key/);
    expect(() => loadConfig({ env: { AS4_PMODE_FILE: env.AS4_PMODE_FILE! } })).toThrow(
      /AS4_KEY: AS4_PMODE_FILE is set/,
    );
  });
});
