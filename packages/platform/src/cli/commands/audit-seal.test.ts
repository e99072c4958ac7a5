import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
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

  it("refuses an interval outside 10 s – 1 day", () => {
    expect(() => loadConfig({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: "5" } })).toThrow(
      /AUDIT_CHECKPOINT_INTERVAL_SECONDS/,
    );
  });
});
