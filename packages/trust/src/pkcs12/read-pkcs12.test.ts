import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { simplePki } from "../x509/testing/simple-pki.ts";
import { Pkcs12Error, readPkcs12 } from "./read-pkcs12.ts";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"]);
    return true;
  } catch {
    return false;
  }
}

describe("readPkcs12", () => {
  const pki = simplePki("p384");
  const pem = (der: Uint8Array, label: string) =>
    `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

  it.skipIf(!hasOpenssl())(
    "reads a file written by openssl pkcs12 -export (AES-256, SHA-256 MAC)",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "p12-"));
      writeFileSync(join(dir, "key.pem"), pki.leafKey.privateKey.export({ type: "pkcs8", format: "pem" }));
      writeFileSync(join(dir, "cert.pem"), pem(pki.leaf, "CERTIFICATE"));
      writeFileSync(join(dir, "chain.pem"), pem(pki.ca, "CERTIFICATE") + pem(pki.root, "CERTIFICATE"));
      execFileSync("openssl", [
        "pkcs12",
        "-export",
        "-inkey",
        join(dir, "key.pem"),
        "-in",
        join(dir, "cert.pem"),
        "-certfile",
        join(dir, "chain.pem"),
        "-out",
        join(dir, "s.p12"),
        "-passout",
        "pass:sala-1",
      ]);
      const p12 = new Uint8Array(readFileSync(join(dir, "s.p12")));
      const read = await readPkcs12(p12, "sala-1");
      expect(Buffer.from(read.certificate).equals(Buffer.from(pki.leaf))).toBe(true);
      expect(read.chain).toHaveLength(2);
      expect(read.privateKey.asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
      await expect(readPkcs12(p12, "wrong")).rejects.toBeInstanceOf(Pkcs12Error);
    },
  );

  it("refuses garbage with MalformedInputError", async () => {
    await expect(readPkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), "x")).rejects.toBeInstanceOf(
      MalformedInputError,
    );
    await expect(readPkcs12(new Uint8Array(2 * 1024 * 1024), "x")).rejects.toBeInstanceOf(
      MalformedInputError,
    );
  });
});
