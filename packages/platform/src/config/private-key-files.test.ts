/**
 * Operators' key files (AS4_KEY, EIDAS_SP_*, SYSTEM_ACCESS_SERVER_KEY; CON-13): encrypted under the
 * key-encryption secret they open; clear ones only in development; `tilts keys encrypt` turns a clear
 * file into an encrypted one that keeps its certificates and that openssl opens with the secret.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as runCli } from "../cli/main.ts";
import { KeyEncryption } from "../core/keys/index.ts";
import { type PrivateKeyContext, readPrivateKeyFile } from "./private-key-files.ts";
import { configErrorOf } from "./testing/config-error-of.ts";

const SECRET = "operator-key-files-test-secret-0123456789abcdefgh";
const OTHER_SECRET = "operator-key-files-other-secret-0123456789abcdefgh";
let dir: string;
let certificatePem: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-operator-keys-"));
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      join(dir, "openssl.key"),
      "-out",
      join(dir, "openssl.crt"),
      "-subj",
      "/CN=key file test",
      "-days",
      "2",
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  certificatePem = readFileSync(join(dir, "openssl.crt"), "utf8");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(production: boolean, secret = SECRET): PrivateKeyContext {
  return { production, encryption: () => new KeyEncryption(secret) };
}

function keyFile(name: string, keyPem: string): string {
  const path = join(dir, name);
  writeFileSync(path, certificatePem + keyPem, { mode: 0o600 });
  return path;
}

describe("operators' private key files", () => {
  it("development reads a clear key; production refuses it, naming the key and the command that fixes it", () => {
    const path = keyFile("clear.pem", readFileSync(join(dir, "openssl.key"), "utf8"));
    expect(readPrivateKeyFile(path, "AS4_KEY", context(false)).key.asymmetricKeyType).toBe("ec");
    const refused = configErrorOf(() => readPrivateKeyFile(path, "AS4_KEY", context(true)));
    expect(refused.key).toBe("AS4_KEY");
    expect(refused.message).toContain("in clear");
    expect(refused.message).toContain(`tilts keys encrypt ${path}`);
  });

  it("opens a key encrypted under the secret in production; another secret is refused", () => {
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const path = keyFile("encrypted.pem", new KeyEncryption(SECRET).encrypt(key));
    const read = readPrivateKeyFile(path, "EIDAS_SP_SIGNING_KEY", context(true));
    expect(read.key.export({ format: "jwk" })).toEqual(key.export({ format: "jwk" }));
    const wrong = configErrorOf(() =>
      readPrivateKeyFile(path, "EIDAS_SP_SIGNING_KEY", context(true, OTHER_SECRET)),
    );
    expect(wrong.key).toBe("EIDAS_SP_SIGNING_KEY");
    expect(wrong.message).toContain("cannot be decrypted");
  });

  it("refuses a file without a private key", () => {
    const path = keyFile("certificate-only.pem", "");
    expect(configErrorOf(() => readPrivateKeyFile(path, "AS4_KEY", context(false))).message).toContain(
      "holds no PKCS#8 private key",
    );
  });

  it("tilts keys encrypt rewrites the key encrypted, keeps the certificate, and openssl opens it with the secret", async () => {
    const path = keyFile("to-encrypt.pem", readFileSync(join(dir, "openssl.key"), "utf8"));
    const env = { DATA_DIR: join(dir, "data"), KEY_ENCRYPTION_SECRET: SECRET, TILTS_TESTBED: "false" };
    const out: string[] = [];
    const io = { env, stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    expect(await runCli(["keys", "encrypt", path], io)).toBe(0);
    const pem = readFileSync(path, "utf8");
    expect(pem).toContain("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    expect(pem).not.toContain("-----BEGIN PRIVATE KEY-----");
    expect(pem.startsWith(certificatePem)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readPrivateKeyFile(path, "AS4_KEY", context(true)).key.asymmetricKeyType).toBe("ec");
    const secretFile = join(dir, "secret.txt");
    writeFileSync(secretFile, SECRET);
    const opened = execFileSync("openssl", ["pkey", "-in", path, "-passin", `file:${secretFile}`], {
      encoding: "utf8",
    });
    expect(opened).toContain("-----BEGIN PRIVATE KEY-----");
    // A second run leaves it alone; under another secret it says the key does not open.
    expect(await runCli(["keys", "encrypt", path], io)).toBe(0);
    expect(out.join("")).toContain("is encrypted already");
    const other = { ...io, env: { ...env, KEY_ENCRYPTION_SECRET: OTHER_SECRET } };
    expect(await runCli(["keys", "encrypt", path], other)).toBe(2);
  });
});
