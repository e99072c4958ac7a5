/**
 * The test PKI's CA, OCSP responder and TSA keys at rest: with a key passphrase (the platform
 * passes its key-encryption secret) they are encrypted PKCS#8 that openssl opens with it; a clear
 * state folder from an older version is rewritten encrypted when its keys are first used.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInstitution } from "./issue-credentials.ts";
import { TestPki } from "./test-pki.ts";

const PASSPHRASE = "testbed-pki-key-passphrase-0123456789abcdefghij";
const base = "http://127.0.0.1:1/testbed";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-pki-keys-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyFiles = (stateDir: string) =>
  ["ca", "ocsp", "tsa"].flatMap((sub) =>
    readdirSync(join(stateDir, sub))
      .filter((f) => f.endsWith(".key.pem"))
      .map((f) => join(stateDir, sub, f)),
  );

describe("test PKI keys at rest", () => {
  it("are written encrypted under the key passphrase, 0600, and openssl opens them with it", () => {
    const stateDir = join(dir, "encrypted");
    const pki = TestPki.create(stateDir, {
      baseUrl: base,
      caKeys: { org: "p256" },
      keyPassphrase: PASSPHRASE,
    });
    const files = keyFiles(stateDir);
    expect(files.length).toBeGreaterThanOrEqual(9); // 4 CAs, 4 OCSP responders, the TSA
    for (const file of files) {
      const pem = readFileSync(file, "utf8");
      expect(pem).toContain("BEGIN ENCRYPTED PRIVATE KEY");
      expect(pem).not.toContain("BEGIN PRIVATE KEY");
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const rootKey = join(stateDir, "ca", "root.key.pem");
    const fromKey = execFileSync(
      "openssl",
      ["pkey", "-in", rootKey, "-passin", `pass:${PASSPHRASE}`, "-pubout"],
      {
        encoding: "utf8",
      },
    );
    const fromCert = execFileSync(
      "openssl",
      ["x509", "-in", join(stateDir, "ca", "root.crt.pem"), "-noout", "-pubkey"],
      {
        encoding: "utf8",
      },
    );
    expect(fromKey).toBe(fromCert);
    // Still a working PKI for whoever holds the passphrase.
    expect(
      issueInstitution(pki, { name: "Slimnīca", registrationNumber: "40000000001" }).certificate.length,
    ).toBeGreaterThan(0);
    // Without it, the keys are refused with a reason, not misread.
    const withoutPassphrase = TestPki.load(stateDir);
    expect(() =>
      issueInstitution(withoutPassphrase, { name: "X", registrationNumber: "40000000002" }),
    ).toThrow(/encrypted: open the test PKI with its keyPassphrase/);
  });

  it("a clear state folder of an older version is rewritten encrypted when opened with the passphrase", () => {
    const stateDir = join(dir, "clear");
    TestPki.create(stateDir, { baseUrl: base, caKeys: { org: "p256" } });
    expect(readFileSync(join(stateDir, "ca", "org.key.pem"), "utf8")).toContain("BEGIN PRIVATE KEY");
    const pki = TestPki.load(stateDir, { keyPassphrase: PASSPHRASE });
    issueInstitution(pki, { name: "Slimnīca", registrationNumber: "40000000003" });
    expect(readFileSync(join(stateDir, "ca", "org.key.pem"), "utf8")).toContain(
      "BEGIN ENCRYPTED PRIVATE KEY",
    );
    expect(readdirSync(join(stateDir, "ca")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // The same key: the next reader with the passphrase issues under the same CA certificate.
    const again = TestPki.load(stateDir, { keyPassphrase: PASSPHRASE });
    expect(
      issueInstitution(again, { name: "Cita", registrationNumber: "40000000004" }).certificate.length,
    ).toBeGreaterThan(0);
  });
});
