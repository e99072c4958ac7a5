import { execFileSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePerson } from "./issue-credentials.ts";
import { buildPkcs12 } from "./pkcs12.ts";
import { TestPki } from "./test-pki.ts";

let dir: string;
let pki: TestPki;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-p12-"));
  pki = TestPki.create(join(dir, "state"), {
    baseUrl: "http://127.0.0.1:1/testbed",
    caKeys: { org: "p256" },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openssl = (args: string[]) =>
  execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("PKCS#12", () => {
  it("is readable by openssl pkcs12 with the password (key + certificate + chain), and refused with a wrong one", async () => {
    const person = issuePerson(pki, { givenName: "Līga", surname: "Ozoliņa", key: "p384" });
    const p12 = await buildPkcs12({ ...person, password: "test-pass ā", friendlyName: "Līga Ozoliņa" });
    const file = join(dir, "p.p12");
    writeFileSync(file, p12);
    const out = openssl(["pkcs12", "-in", file, "-passin", "pass:test-pass ā", "-nodes", "-info"]);
    expect(out).toContain("BEGIN PRIVATE KEY");
    expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(out).toContain("PNOLV-");
    // The extracted key is the issued one.
    const key = openssl(["pkcs12", "-in", file, "-passin", "pass:test-pass ā", "-nodes", "-nocerts"]);
    const publicFromP12 = execFileSync("openssl", ["pkey", "-pubout"], { input: key, encoding: "utf8" });
    expect(publicFromP12.trim()).toBe(
      createPublicKey(person.privateKey).export({ type: "spki", format: "pem" }).toString().trim(),
    );
    expect(() => openssl(["pkcs12", "-in", file, "-passin", "pass:wrong", "-nodes", "-info"])).toThrow();
  });

  it("holds RSA keys too", async () => {
    const person = issuePerson(pki, { givenName: "A", surname: "B", key: "rsa2048", ca: "eparaksts" });
    const p12 = await buildPkcs12({
      certificate: person.certificate,
      privateKey: person.privateKey,
      password: "x",
    });
    writeFileSync(join(dir, "r.p12"), p12);
    expect(
      openssl(["pkcs12", "-in", join(dir, "r.p12"), "-passin", "pass:x", "-nodes", "-nocerts"]),
    ).toContain("BEGIN PRIVATE KEY");
  });
});
