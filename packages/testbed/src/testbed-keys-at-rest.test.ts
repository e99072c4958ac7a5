/**
 * The testbed's other key files at rest (beside the PKI's CA, OCSP and TSA keys): the eIDAS nodes'
 * and connector's keys, the Latvija.lv stand-in's signing key and the trusted lists' signers are
 * written encrypted under the key passphrase the platform passes (its key-encryption secret), and a
 * clear file from an older state folder is rewritten encrypted — the same key — when read with it.
 */
import { createPublicKey } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEidasTestbed } from "./eidas/eidas-keys.ts";
import { privateKeyToPem } from "./pki/keys.ts";
import { TestPki } from "./pki/test-pki.ts";
import { listSigner } from "./trusted-list/list-signers.ts";
import { ensureVpmSigningCredential } from "./vpm/vpm-credential.ts";

const PASSPHRASE = "testbed-key-files-passphrase-0123456789abcdefghij";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tilts-testbed-keys-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pemsIn = (folder: string) =>
  readdirSync(folder)
    .filter((f) => f.endsWith(".pem"))
    .map((f) => readFileSync(join(folder, f), "utf8"))
    .filter((pem) => pem.includes("PRIVATE KEY"));

function expectEncrypted(pems: string[], count: number): void {
  expect(pems).toHaveLength(count);
  for (const pem of pems) {
    expect(pem).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(pem).not.toContain("BEGIN PRIVATE KEY");
  }
}

describe("testbed key files at rest", () => {
  it("eIDAS: the nodes' and connector's keys are encrypted and open again with the passphrase", () => {
    const stateDir = join(dir, "eidas");
    const options = { stateDir, baseUrl: "https://tilts.test/testbed/eidas", keyPassphrase: PASSPHRASE };
    const first = ensureEidasTestbed(options);
    expectEncrypted(pemsIn(stateDir), 4); // EE, LT, connector signing and encryption
    const again = ensureEidasTestbed(options);
    expect(again.connectorSigning.key.export({ format: "jwk" })).toEqual(
      first.connectorSigning.key.export({ format: "jwk" }),
    );
    expect(() => ensureEidasTestbed({ stateDir, baseUrl: options.baseUrl })).toThrow(/is encrypted/);
  });

  it("eIDAS: a clear file of an older state folder is rewritten encrypted, keeping its key and certificate", () => {
    const stateDir = join(dir, "eidas-old");
    const clear = ensureEidasTestbed({ stateDir, baseUrl: "https://tilts.test/testbed/eidas" });
    expect(readFileSync(join(stateDir, "connector-signing.pem"), "utf8")).toContain("BEGIN PRIVATE KEY");
    const upgraded = ensureEidasTestbed({
      stateDir,
      baseUrl: "https://tilts.test/testbed/eidas",
      keyPassphrase: PASSPHRASE,
    });
    expectEncrypted(pemsIn(stateDir), 4);
    expect(upgraded.connectorSigning.certificate).toEqual(clear.connectorSigning.certificate);
    expect(upgraded.nodes.get("EE")!.key.export({ format: "jwk" })).toEqual(
      clear.nodes.get("EE")!.key.export({ format: "jwk" }),
    );
  });

  it("Latvija.lv stand-in: its signing key is encrypted; an older clear one is rewritten", () => {
    const stateDir = join(dir, "vpm");
    const credential = ensureVpmSigningCredential(stateDir, PASSPHRASE);
    expectEncrypted(pemsIn(stateDir), 1);
    expect(
      createPublicKey(ensureVpmSigningCredential(stateDir, PASSPHRASE).key).export({ format: "jwk" }),
    ).toEqual(createPublicKey(credential.key).export({ format: "jwk" }));
    const older = join(dir, "vpm-old");
    const clear = ensureVpmSigningCredential(older);
    expect(pemsIn(older)[0]).toContain("BEGIN PRIVATE KEY");
    ensureVpmSigningCredential(older, PASSPHRASE);
    expectEncrypted(pemsIn(older), 1);
    // Written back by hand in clear (a restored backup): read, and encrypted again.
    writeFileSync(join(older, "signing-key.pem"), privateKeyToPem(clear.key));
    expect(ensureVpmSigningCredential(older, PASSPHRASE).key.export({ format: "jwk" })).toEqual(
      clear.key.export({ format: "jwk" }),
    );
    expectEncrypted(pemsIn(older), 1);
  });

  it("trusted lists: the list signers' keys are encrypted under the PKI's passphrase", () => {
    const stateDir = join(dir, "pki");
    const pki = TestPki.create(stateDir, {
      baseUrl: "http://127.0.0.1:1/testbed",
      caKeys: { org: "p256" },
      keyPassphrase: PASSPHRASE,
    });
    const signer = listSigner(pki, "lotl");
    expectEncrypted(pemsIn(join(stateDir, "tl")), 1);
    expect(
      listSigner(TestPki.load(stateDir, { keyPassphrase: PASSPHRASE }), "lotl").key.export({ format: "jwk" }),
    ).toEqual(signer.key.export({ format: "jwk" }));
  });
});
