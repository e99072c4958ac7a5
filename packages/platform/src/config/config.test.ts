import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificateToPem, issueInstitution, TestPki } from "@tilts/testbed";
import { describe, expect, it } from "vitest";
import { ConfigError, keyEncryptionOf, loadConfig } from "./config.ts";

const SECRET = "config-test-key-encryption-secret-0123456789abcdef";

describe("configuration", () => {
  it("has working defaults for a fresh machine", () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      environment: "development",
      port: 8080,
      host: "127.0.0.1",
      testbed: true,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe("http://127.0.0.1:8080");
  });

  it("names the key and the problem for a bad value", () => {
    expect(() => loadConfig({ env: { PORT: "abc" } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PORT: "abc" } })).toThrow(
      'PORT: expected a whole number from 0 to 65535, got "abc"',
    );
    expect(() => loadConfig({ env: { DATABASE_URL: "mysql://x" } })).toThrow(
      /DATABASE_URL: expected a postgres: or postgresql: URL/,
    );
    expect(() => loadConfig({ env: { LOG_LEVEL: "loud" } })).toThrow(/LOG_LEVEL: expected one of/);
  });

  it("reads a JSON file, lets the environment win, and refuses unknown keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilts-config-"));
    const file = join(dir, "tilts.json");
    writeFileSync(file, JSON.stringify({ port: 9001, logLevel: "warn" }));
    expect(loadConfig({ env: { TILTS_CONFIG: file } })).toMatchObject({ port: 9001, logLevel: "warn" });
    expect(loadConfig({ env: { TILTS_CONFIG: file, PORT: "9002" } }).port).toBe(9002);
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ env: { TILTS_CONFIG: file } })).toThrow(/prot: unknown configuration key/);
  });

  it("refuses the testbed in production", () => {
    expect(() => loadConfig({ env: { TILTS_ENV: "production", TILTS_TESTBED: "true" } })).toThrow(
      /TILTS_TESTBED/,
    );
    expect(
      loadConfig({
        env: { TILTS_ENV: "production", PUBLIC_URL: "https://tilts.example", KEY_ENCRYPTION_SECRET: SECRET },
      }).testbed,
    ).toBe(false);
  });

  it("refuses http:// addresses and short secrets in production, naming the key", () => {
    const production = {
      TILTS_ENV: "production",
      PUBLIC_URL: "https://tilts.example",
      KEY_ENCRYPTION_SECRET: SECRET,
    };
    expect(() =>
      loadConfig({ env: { TILTS_ENV: "production", PUBLIC_URL: "http://tilts.example" } }),
    ).toThrow("PUBLIC_URL: must be an https:// address in production");
    // The default public URL is http on loopback: production must be told its address.
    expect(() => loadConfig({ env: { TILTS_ENV: "production" } })).toThrow(/^PUBLIC_URL/);
    expect(() => loadConfig({ env: { ...production, EPARAKSTS_URL: "http://eparaksts.example" } })).toThrow(
      "EPARAKSTS_URL: must be an https:// address in production",
    );
    expect(() => loadConfig({ env: { ...production, AUDIT_TSA_URL: "http://tsa.example/tsa" } })).toThrow(
      "AUDIT_TSA_URL: must be an https:// address in production",
    );
    expect(() => loadConfig({ env: { ...production, EPARAKSTS_CLIENT_SECRET: "short" } })).toThrow(
      "EPARAKSTS_CLIENT_SECRET: is too short for production (at least 16 characters)",
    );
    // Development keeps the loopback http the testbed needs.
    expect(loadConfig({ env: { PUBLIC_URL: "http://127.0.0.1:8080" } }).publicUrl).toBe(
      "http://127.0.0.1:8080",
    );
    expect(
      loadConfig({ env: { ...production, EPARAKSTS_CLIENT_SECRET: "a-long-enough-secret-value" } })
        .environment,
    ).toBe("production");
  });

  it("keeps private keys encrypted: production refuses to start without a key-encryption secret (CON-13)", () => {
    const production = { TILTS_ENV: "production", PUBLIC_URL: "https://tilts.example" };
    expect(() => loadConfig({ env: production })).toThrow(
      "KEY_ENCRYPTION_SECRET: production keeps private keys encrypted: set it or KEY_ENCRYPTION_KEY_FILE",
    );
    expect(() =>
      loadConfig({ env: { ...production, KEY_ENCRYPTION_SECRET: "too-short-to-hold-256-bits" } }),
    ).toThrow(/^KEY_ENCRYPTION_SECRET: must be at least 43 characters/);
    expect(loadConfig({ env: { ...production, KEY_ENCRYPTION_SECRET: SECRET } }).keyEncryptionSecret).toBe(
      SECRET,
    );
    expect(
      loadConfig({ env: { ...production, KEY_ENCRYPTION_KEY_FILE: "/etc/tilts/kek" } }).keyEncryptionKeyFile,
    ).toBe("/etc/tilts/kek");
  });

  it("in development creates the key-encryption secret in the data folder, 0600, once", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilts-config-kek-"));
    try {
      const config = loadConfig({ env: { DATA_DIR: dir } });
      expect(config.keyEncryptionKeyFile).toBe(join(dir, "keys", "key-encryption.key"));
      const first = keyEncryptionOf(config);
      const file = config.keyEncryptionKeyFile!;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, "utf8").trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The same secret on the next start: what it encrypted opens.
      const key = generateKeyPairSync("ed25519").privateKey;
      expect(
        keyEncryptionOf(loadConfig({ env: { DATA_DIR: dir } }))
          .decrypt(first.encrypt(key))
          .equals(key),
      ).toBe(true);
      // A file the operator named must exist.
      expect(() =>
        keyEncryptionOf(loadConfig({ env: { DATA_DIR: dir, KEY_ENCRYPTION_KEY_FILE: join(dir, "none") } })),
      ).toThrow(/^KEY_ENCRYPTION_KEY_FILE: .* does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lets command-line overrides win", () => {
    expect(loadConfig({ env: { PORT: "1" }, overrides: { port: "8123" } }).port).toBe(8123);
  });
});

describe("EHEALTH_SIGNATURE_ANCHORS (SIG-5: trust anchors of clinical documents' signatures)", () => {
  const key = "EHEALTH_SIGNATURE_ANCHORS";

  it("takes a PEM file of CA certificates, stops the start on a missing file, one without PEM or with a non-CA", () => {
    const dir = mkdtempSync(join(tmpdir(), "tilts-config-anchors-"));
    try {
      const pki = TestPki.create(join(dir, "pki"), { baseUrl: "http://127.0.0.1:9/testbed" });
      const good = join(dir, "anchors.pem");
      writeFileSync(
        good,
        `# LV roots\n${certificateToPem(pki.ca("root").certificate)}${certificateToPem(pki.ca("org").certificate)}`,
      );
      expect(loadConfig({ env: { [key]: good } }).ehealthSignatureAnchors).toBe(good);
      expect(loadConfig({ env: {} }).ehealthSignatureAnchors).toBeUndefined();

      const missing = join(dir, "nowhere.pem");
      expect(() => loadConfig({ env: { [key]: missing } })).toThrow(ConfigError);
      expect(() => loadConfig({ env: { [key]: missing } })).toThrow(
        new RegExp(`^${key}: cannot read ${missing}: ENOENT`),
      );

      const notPem = join(dir, "root.der");
      writeFileSync(notPem, pki.ca("root").certificate);
      expect(() => loadConfig({ env: { [key]: notPem } })).toThrow(
        `${key}: ${notPem} holds no PEM certificate`,
      );

      const broken = join(dir, "broken.pem");
      writeFileSync(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
      expect(() => loadConfig({ env: { [key]: broken } })).toThrow(
        `${key}: ${broken}: certificate 1 is not valid X.509`,
      );

      const leaf = join(dir, "leaf.pem");
      const institution = issueInstitution(pki, { name: "Slimnīca", registrationNumber: "40003000001" });
      writeFileSync(leaf, certificateToPem(institution.certificate));
      expect(() => loadConfig({ env: { [key]: leaf } })).toThrow(
        /^EHEALTH_SIGNATURE_ANCHORS: .* is not a CA certificate$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("SYSTEM_ACCESS_* (the mutual-TLS listener for institutions' systems, ANX2-7/9/14)", () => {
  it("is off unless SYSTEM_ACCESS_PORT is set; the testbed supplies its files", () => {
    const off = loadConfig({ env: { DATA_DIR: "/srv/tilts" } });
    expect(off.systemAccessPort).toBeUndefined();
    expect(off).toMatchObject({
      systemAccessHost: "127.0.0.1",
      systemAccessMinRsaBits: 2048,
      systemAccessMinEcBits: 256,
      systemAccessCrlRefreshSeconds: 3600,
      systemAccessClientCas: "/srv/tilts/testbed/pki/ca/org.crt.pem",
      systemAccessServerCertificate: "/srv/tilts/ehealth/system-access/server.crt.pem",
      systemAccessServerKey: "/srv/tilts/ehealth/system-access/server.key.pem",
    });
    expect(loadConfig({ env: { SYSTEM_ACCESS_PORT: "8443" } }).systemAccessPort).toBe(8443);
  });

  it("needs its key, certificate and client CAs when on without the testbed", () => {
    expect(() => loadConfig({ env: { TILTS_TESTBED: "false", SYSTEM_ACCESS_PORT: "8443" } })).toThrow(
      "SYSTEM_ACCESS_SERVER_CERTIFICATE: SYSTEM_ACCESS_PORT is set: this file is needed too",
    );
  });

  it("lets the operator raise the key minimums, never lower them below ANX2-7", () => {
    expect(loadConfig({ env: { SYSTEM_ACCESS_MIN_RSA_BITS: "3072" } }).systemAccessMinRsaBits).toBe(3072);
    expect(() => loadConfig({ env: { SYSTEM_ACCESS_MIN_RSA_BITS: "1024" } })).toThrow(
      "SYSTEM_ACCESS_MIN_RSA_BITS: expected a whole number from 2048 to 16384",
    );
    expect(() => loadConfig({ env: { SYSTEM_ACCESS_CRL_REFRESH_SECONDS: "172800" } })).toThrow(
      /SYSTEM_ACCESS_CRL_REFRESH_SECONDS: expected a whole number from 1 to 86400/,
    );
  });
});
