/**
 * Latvija.lv configuration: VPM_* keys with their testbed defaults, the contradiction check
 * (VPM_URL without realm or certificates stops the start), and the pinned certificate file
 * (one or more PEM certificates; a missing, empty or broken file stops the start clearly).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, createVpmSigningCredential } from "@tilts/testbed";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { identityOptionsFrom } from "../config.ts";

const dir = mkdtempSync(join(tmpdir(), "tilts-vpm-config-"));

describe("Latvija.lv configuration", () => {
  it("defaults to the testbed stand-in in development, and to nothing in production", () => {
    const dev = loadConfig({ env: { DATA_DIR: dir, PORT: "8123" } });
    expect(dev).toMatchObject({
      vpmUrl: "http://127.0.0.1:8123/testbed/vpm/sts",
      vpmRealm: "http://127.0.0.1:8123",
      vpmIssuer: "http://www.latvija.lv/sts",
      vpmSigningCertificates: join(dir, "testbed", "vpm", "signing-certificate.pem"),
      vpmClockSkewSeconds: 120,
      vpmTokenType: "saml11",
    });
    const prod = loadConfig({
      env: {
        TILTS_ENV: "production",
        KEY_ENCRYPTION_SECRET: "vpm-test-key-encryption-secret-0123456789abcdefg",
        PUBLIC_URL: "https://tilts.example",
        DATA_DIR: dir,
      },
    });
    expect(prod.vpmUrl).toBeUndefined();
    expect(identityOptionsFrom(prod).vpm).toBeUndefined();
  });

  it("refuses VPM_URL without realm or certificates, and bad values", () => {
    const env = {
      TILTS_ENV: "production",
      KEY_ENCRYPTION_SECRET: "vpm-test-key-encryption-secret-0123456789abcdefg",
      PUBLIC_URL: "https://tilts.example",
      DATA_DIR: dir,
    } as const;
    expect(() => loadConfig({ env: { ...env, VPM_URL: "https://vpm.example/sts" } })).toThrow(
      "VPM_REALM: VPM_URL is set: VPM_REALM and VPM_SIGNING_CERTIFICATES are needed too",
    );
    expect(() =>
      loadConfig({ env: { ...env, VPM_URL: "https://vpm.example/sts", VPM_REALM: "urn:tilts" } }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ env: { VPM_TOKEN_TYPE: "saml3" } })).toThrow(/VPM_TOKEN_TYPE: expected one of/);
    expect(() => loadConfig({ env: { VPM_CLOCK_SKEW_SECONDS: "9999" } })).toThrow(/VPM_CLOCK_SKEW_SECONDS/);
  });

  it("pins every certificate of the PEM file; a missing, empty or broken file stops the start", () => {
    const two = join(dir, "two.pem");
    const a = createVpmSigningCredential();
    const b = createVpmSigningCredential();
    writeFileSync(two, certificateToPem(a.certificate) + certificateToPem(b.certificate));
    // The file is read where identityOptionsFrom composes the VPM settings, naming the key.
    const vpmWith = (file: string) =>
      identityOptionsFrom(
        loadConfig({
          env: {
            TILTS_ENV: "production",
            KEY_ENCRYPTION_SECRET: "vpm-test-key-encryption-secret-0123456789abcdefg",
            PUBLIC_URL: "https://tilts.example",
            DATA_DIR: dir,
            VPM_URL: "https://vpm.example/sts",
            VPM_REALM: "urn:tilts",
            VPM_SIGNING_CERTIFICATES: file,
          },
        }),
      ).vpm;
    expect(vpmWith(two)?.signingCertificates).toEqual([a.certificate, b.certificate]);
    expect(() => vpmWith(join(dir, "missing.pem"))).toThrow(/^VPM_SIGNING_CERTIFICATES: cannot read/);
    const empty = join(dir, "empty.pem");
    writeFileSync(empty, "nothing here");
    expect(() => vpmWith(empty)).toThrow(`VPM_SIGNING_CERTIFICATES: ${empty} holds no PEM certificate`);
    const broken = join(dir, "broken.pem");
    writeFileSync(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    expect(() => vpmWith(broken)).toThrow(ConfigError);
    expect(() => vpmWith(broken)).toThrow(
      `VPM_SIGNING_CERTIFICATES: ${broken}: certificate 1 is not valid X.509`,
    );

    const config = loadConfig({
      env: {
        TILTS_ENV: "production",
        KEY_ENCRYPTION_SECRET: "vpm-test-key-encryption-secret-0123456789abcdefg",
        DATA_DIR: dir,
        PUBLIC_URL: "https://tilts.example",
        VPM_URL: "https://vpm.viss.gov.lv/LVP.STS/Default.aspx",
        VPM_REALM: "urn:tilts:eveseliba",
        VPM_SIGNING_CERTIFICATES: two,
        VPM_TOKEN_TYPE: "saml20",
        VPM_CLOCK_SKEW_SECONDS: "30",
      },
    });
    expect(identityOptionsFrom(config).vpm).toEqual({
      stsUrl: "https://vpm.viss.gov.lv/LVP.STS/Default.aspx",
      realm: "urn:tilts:eveseliba",
      replyUrl: "https://tilts.example/signin/callback/latvija-lv",
      issuers: ["http://www.latvija.lv/sts"],
      signingCertificates: [a.certificate, b.certificate],
      clockSkewMs: 30_000,
      tokenType: "saml20",
    });
  });
});
