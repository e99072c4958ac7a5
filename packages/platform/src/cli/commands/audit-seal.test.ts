import { verify } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publicKeyPathOf, readAuditPublicKey } from "../../audit/index.ts";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { hasSoftHsm, initSoftHsmToken } from "../../core/keys/testing/softhsm.ts";
import { auditSealingOf } from "./audit-seal.ts";

describe("audit sealing from configuration", () => {
  it("refuses production without a TSA for checkpoints", async () => {
    const config = loadConfig({
      env: {
        TILTS_ENV: "production",
        KEY_ENCRYPTION_SECRET: "audit-seal-test-key-encryption-secret-0123456789",
        PUBLIC_URL: "https://tilts.example",
        DATA_DIR: mkdtempSync(join(tmpdir(), "tilts-")),
      },
    });
    await expect(auditSealingOf(config)).rejects.toThrow(ConfigError);
    await expect(auditSealingOf(config)).rejects.toThrow(/AUDIT_TSA_URL/);
  });

  it("uses a configured TSA URL and a configured key file that must exist", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tilts-"));
    const config = loadConfig({
      env: {
        TILTS_ENV: "production",
        KEY_ENCRYPTION_SECRET: "audit-seal-test-key-encryption-secret-0123456789",
        PUBLIC_URL: "https://tilts.example",
        DATA_DIR: dataDir,
        AUDIT_TSA_URL: "https://tsa.example.lv/tsa",
        AUDIT_SIGNING_KEY: join(dataDir, "no-such-key.pem"),
      },
    });
    expect(config).toMatchObject({
      auditTsaUrl: "https://tsa.example.lv/tsa",
      auditCheckpointDir: join(dataDir, "audit-checkpoints"),
      auditCheckpointIntervalSeconds: 300,
    });
    // A configured key is never generated: a missing file stops the start.
    await expect(auditSealingOf(config)).rejects.toThrow(/AUDIT_SIGNING_KEY/);
  });

  it.skipIf(!hasSoftHsm)(
    "holds the audit checkpoint key in a PKCS#11 token when one is configured (SoftHSM2; skipped without softhsm2-util)",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "tilts-"));
      const token = initSoftHsmToken(dataDir, "tilts-audit", "246810");
      const env = {
        DATA_DIR: dataDir,
        PKCS11_MODULE: token.module,
        PKCS11_TOKEN_LABEL: token.tokenLabel,
        PKCS11_PIN: token.pin,
      };
      const { key } = await auditSealingOf(loadConfig({ env }));
      const config = loadConfig({ env });
      // No private key file: the token signs; auditors get the public key beside the key's path.
      expect(existsSync(config.auditSigningKey)).toBe(false);
      const published = readAuditPublicKey(publicKeyPathOf(config.auditSigningKey));
      expect(published.keyId).toBe(key.keyId);
      const bytes = Buffer.from("checkpoint 42");
      expect(verify("sha256", bytes, published.publicKey, key.signer.sign(bytes))).toBe(true);
      // The next start finds the same key in the token.
      expect((await auditSealingOf(loadConfig({ env }))).key.keyId).toBe(key.keyId);
      expect(() => loadConfig({ env: { ...env, PKCS11_PIN: "" } })).toThrow(
        /^PKCS11_PIN: PKCS11_MODULE is set/,
      );
    },
  );

  it("refuses an interval outside 10 s – 1 day", () => {
    expect(() => loadConfig({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: "5" } })).toThrow(
      /AUDIT_CHECKPOINT_INTERVAL_SECONDS/,
    );
  });
});
