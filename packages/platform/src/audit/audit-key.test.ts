import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AuditKeyError,
  ensureGeneratedAuditKey,
  publicKeyPathOf,
  readAuditPublicKey,
  readAuditSigningKey,
} from "./audit-key.ts";
import {
  checkpointSignatureValid,
  parseCheckpoint,
  serialiseCheckpoint,
  signCheckpoint,
} from "./checkpoint.ts";

const folder = () => mkdtempSync(join(tmpdir(), "tilts-audit-key-"));

function roundTrip(key: ReturnType<typeof readAuditSigningKey>, publicKeyFile?: string) {
  const { unstamped } = signCheckpoint(key, { seq: 42n, headHash: "ab".repeat(32), sealedAt: new Date() });
  const checkpoint = parseCheckpoint(serialiseCheckpoint({ ...unstamped, timeStampToken: "AAAA" }));
  const publicKey = publicKeyFile ? readAuditPublicKey(publicKeyFile) : key;
  return checkpointSignatureValid(checkpoint, publicKey);
}

describe("the audit key", () => {
  it("is generated once (Ed25519, PKCS#8, mode 0600) with its public key beside it for auditors", () => {
    const path = join(folder(), "audit-key", "audit-signing-key.pem");
    const first = ensureGeneratedAuditKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, "utf8")).toContain("BEGIN PRIVATE KEY");
    expect(first.privateKey.asymmetricKeyType).toBe("ed25519");
    // Read again, not replaced: the same key signs every checkpoint.
    expect(ensureGeneratedAuditKey(path).keyId).toBe(first.keyId);
    expect(readAuditPublicKey(publicKeyPathOf(path)).keyId).toBe(first.keyId);
    expect(roundTrip(first, publicKeyPathOf(path))).toBe(true);
  });

  it("may be a configured PKCS#8 file: ECDSA P-256 and RSA sign checkpoints that verify", () => {
    for (const pair of [
      generateKeyPairSync("ec", { namedCurve: "P-256" }),
      generateKeyPairSync("rsa", { modulusLength: 2048 }),
    ]) {
      const path = join(folder(), "key.pem");
      writeFileSync(path, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
      expect(roundTrip(readAuditSigningKey(path))).toBe(true);
    }
  });

  it("refuses a key that is not PKCS#8 or of an unsupported type", () => {
    const dir = folder();
    const pkcs1 = join(dir, "pkcs1.pem");
    writeFileSync(
      pkcs1,
      generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }),
    );
    expect(() => readAuditSigningKey(pkcs1)).toThrow(AuditKeyError);
    const secp256k1 = join(dir, "k1.pem");
    writeFileSync(
      secp256k1,
      generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }),
    );
    expect(() => readAuditSigningKey(secp256k1)).toThrow(/Ed25519, ECDSA P-256\/P-384 or RSA/);
    expect(() => readAuditSigningKey(join(dir, "missing.pem"))).toThrow(AuditKeyError);
  });
});
