import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KeyEncryption } from "../core/keys/index.ts";
import {
  AuditKeyError,
  ensureGeneratedAuditKey,
  keyIdOf,
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

const SECRET = "test-key-encryption-secret-0123456789abcdefghij";
const encryption = new KeyEncryption(SECRET);

const folder = () => mkdtempSync(join(tmpdir(), "tilts-audit-key-"));

function roundTrip(key: ReturnType<typeof readAuditSigningKey>, publicKeyFile?: string) {
  const { unstamped } = signCheckpoint(key, { seq: 42n, headHash: "ab".repeat(32), sealedAt: new Date() });
  const checkpoint = parseCheckpoint(serialiseCheckpoint({ ...unstamped, timeStampToken: "AAAA" }));
  const publicKey = publicKeyFile ? readAuditPublicKey(publicKeyFile) : key;
  return checkpointSignatureValid(checkpoint, publicKey);
}

describe("the audit key", () => {
  it("is generated once (Ed25519, encrypted PKCS#8 openssl reads with the secret, mode 0600) with its public key beside it", () => {
    const path = join(folder(), "audit-key", "audit-signing-key.pem");
    const first = ensureGeneratedAuditKey(path, encryption);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    const pem = readFileSync(path, "utf8");
    expect(pem).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(pem).not.toContain("BEGIN PRIVATE KEY");
    expect(first.publicKey.asymmetricKeyType).toBe("ed25519");
    // An independent reader: openssl opens it with the secret and derives the same public key.
    const spki = execFileSync("openssl", ["pkey", "-in", path, "-passin", `pass:${SECRET}`, "-pubout"], {
      encoding: "utf8",
    });
    expect(keyIdOf(createPublicKey(spki))).toBe(first.keyId);
    expect(() =>
      execFileSync("openssl", ["pkey", "-in", path, "-passin", "pass:wrong", "-noout"], { stdio: "ignore" }),
    ).toThrow();
    // Read again, not replaced: the same key signs every checkpoint.
    expect(ensureGeneratedAuditKey(path, encryption).keyId).toBe(first.keyId);
    // Another secret does not open it.
    expect(() => ensureGeneratedAuditKey(path, new KeyEncryption("y".repeat(43)))).toThrow(AuditKeyError);
    expect(readAuditPublicKey(publicKeyPathOf(path)).keyId).toBe(first.keyId);
    expect(roundTrip(first, publicKeyPathOf(path))).toBe(true);
  });

  it("left in clear by an older data folder is rewritten encrypted on start, same key", () => {
    const path = join(folder(), "audit-key", "audit-signing-key.pem");
    const pair = generateKeyPairSync("ed25519");
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o644 });
    const key = ensureGeneratedAuditKey(path, encryption);
    expect(key.keyId).toBe(keyIdOf(pair.publicKey));
    expect(readFileSync(path, "utf8")).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, ".."))).toEqual(["audit-signing-key.pem"]);
    expect(roundTrip(ensureGeneratedAuditKey(path, encryption))).toBe(true);
  });

  it("an encrypted configured key needs the secret; its public half is read without it", () => {
    const path = join(folder(), "key.pem");
    writeFileSync(path, encryption.encrypt(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey));
    expect(() => readAuditSigningKey(path)).toThrow(/encrypted/);
    expect(roundTrip(readAuditSigningKey(path, encryption))).toBe(true);
    expect(readAuditPublicKey(path, encryption).keyId).toBe(readAuditSigningKey(path, encryption).keyId);
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
