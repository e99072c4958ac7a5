/**
 * Interop with an independent implementation: the XAdES signature file of an eDoc we make
 * (c14n 1.1 SignedInfo, inclusive c14n 1.1 of SignedProperties with the namespaces inherited
 * from asic:XAdESSignatures — the classic ASiC-E pitfall — and percent-encoded detached
 * references) verifies with `xmlsec1 --verify` (Debian package xmlsec1), with the chain
 * checked against our test root; a changed data file fails there too.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAsicE } from "../asic/asic-read.ts";
import { signEdoc } from "../edoc/sign-edoc.ts";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { XADES_NAMESPACE } from "./constants.ts";

const hasXmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "xades-xmlsec1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64")}\n-----END CERTIFICATE-----\n`;

describe.skipIf(!hasXmlsec)("xmlsec1 verifies our eDoc signatures", () => {
  for (const key of ["p384", "rsa2048"] as const) {
    it(`${key}, level LTA`, async () => {
      const pki = edocTestPki();
      const edoc = await signEdoc({
        dataFiles: [
          { name: "Sample File.txt", content: new TextEncoder().encode("sveiki\n"), mediaType: "text/plain" },
        ],
        signer: pki.issueSigner({ key }),
        level: "LTA",
        tsa: pki.tsa,
        fetchers: pki.fetchers,
      });
      const folder = join(dir, key);
      spawnSync("mkdir", ["-p", folder]);
      const c = readAsicE(edoc);
      // The signature file beside the data, so relative URIs resolve as inside the container.
      writeFileSync(join(folder, "Sample File.txt"), c.dataFiles[0]!.content);
      writeFileSync(join(folder, "signatures0.xml"), c.signatureFiles[0]!.content);
      writeFileSync(join(folder, "root.pem"), pem(pki.root));
      writeFileSync(join(folder, "ca.pem"), pem(pki.ca));
      const args = [
        "--verify",
        "--id-attr:Id",
        `${XADES_NAMESPACE}:SignedProperties`,
        "--trusted-pem",
        join(folder, "root.pem"),
        "--untrusted-pem",
        join(folder, "ca.pem"),
        join(folder, "signatures0.xml"),
      ];
      // xmlsec1 resolves relative URIs against the working directory.
      const ok = spawnSync("xmlsec1", args, { encoding: "utf8", cwd: folder });
      expect(ok.stderr).toContain("SignedInfo References (ok/all): 2/2");
      expect(ok.status).toBe(0);
      writeFileSync(join(folder, "Sample File.txt"), "changed\n");
      expect(spawnSync("xmlsec1", args, { encoding: "utf8", cwd: folder }).status).not.toBe(0);
    });
  }
});
