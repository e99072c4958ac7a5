/**
 * An independent check of the strict profile: `openssl verify -x509_strict` (OpenSSL 3) refuses
 * the same RFC 5280 §4 violations the strict profile does, and plain `openssl verify` accepts
 * them as our default profile does. Needs the openssl binary (Debian `openssl`); skipped, and
 * said so, without it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import * as O from "../oids.ts";
import { buildCertificate, type CertificateSpec, ext } from "../testing/build-pki.ts";
import { CA_NAME, ROOT_NAME, simplePki } from "../testing/simple-pki.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";
import type { ProfileFailureCode } from "./codes.ts";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const at = new Date("2025-01-01T00:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "tilts-x509-strict-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;

let files = 0;
function opensslAccepts(leaf: Uint8Array, ca: Uint8Array, root: Uint8Array, strict: boolean): boolean {
  const prefix = join(dir, String(files++));
  writeFileSync(`${prefix}-root.pem`, pem(root));
  writeFileSync(`${prefix}-ca.pem`, pem(ca));
  writeFileSync(`${prefix}-leaf.pem`, pem(leaf));
  const args = ["verify", ...(strict ? ["-x509_strict"] : []), "-attime", String(at.getTime() / 1000)];
  args.push("-CAfile", `${prefix}-root.pem`, "-untrusted", `${prefix}-ca.pem`, `${prefix}-leaf.pem`);
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  return run.status === 0;
}

const pki = simplePki("p256");
const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);
const caWith = (overrides: Partial<CertificateSpec>) =>
  buildCertificate({
    serial: 2,
    subject: CA_NAME,
    issuer: ROOT_NAME,
    publicKey: pki.caKey.publicKey,
    issuerKey: pki.rootKey.privateKey,
    extensions: [ext.ca(0), caUsage],
    ...overrides,
  });

/** `plainRefuses`: OpenSSL refuses it without -x509_strict too (it treats a critical AKI or SKI as unhandled). */
const cases: {
  name: string;
  leaf?: Uint8Array;
  ca?: Uint8Array;
  code?: ProfileFailureCode;
  plainRefuses?: boolean;
}[] = [
  { name: "a conforming path" },
  {
    name: "leaf without authorityKeyIdentifier",
    leaf: pki.issueLeaf({ keyIdentifiers: { authority: false } }),
    code: "profile-authority-key-id",
  },
  {
    name: "critical authorityKeyIdentifier",
    leaf: pki.issueLeaf({ keyIdentifiers: { authority: "critical" } }),
    code: "profile-authority-key-id",
    plainRefuses: true,
  },
  {
    name: "CA without subjectKeyIdentifier",
    ca: caWith({ keyIdentifiers: { subject: false } }),
    code: "profile-subject-key-id",
  },
  {
    name: "critical subjectKeyIdentifier",
    leaf: pki.issueLeaf({ keyIdentifiers: { subject: "critical" } }),
    code: "profile-subject-key-id",
    plainRefuses: true,
  },
  {
    name: "CA basicConstraints not critical",
    ca: caWith({ extensions: [ext.raw(O.OID_BASIC_CONSTRAINTS, D.seq(D.bool(true))), caUsage] }),
    code: "profile-basic-constraints-not-critical",
  },
  {
    name: "keyCertSign without cA",
    leaf: pki.issueLeaf({ extensions: [ext.keyUsage([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign])] }),
    code: "profile-key-cert-sign-without-ca",
  },
  {
    name: "empty subject, non-critical subjectAltName",
    leaf: pki.issueLeaf({ subject: [], extensions: [ext.dnsNames(["portal.vm.gov.lv"])] }),
    code: "profile-empty-subject",
  },
];

describe.skipIf(!hasOpenssl)("strict profile agrees with openssl verify -x509_strict", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const leaf = c.leaf ?? pki.leaf;
      const ca = c.ca ?? pki.ca;
      const input = { leaf, untrusted: [ca], anchors: [pki.root], at, revocation: "off" as const };
      const strict = await validateCertificatePath({ ...input, profile: "strict" });
      const lenient = await validateCertificatePath(input);
      expect(strict.failure?.code).toBe(c.code);
      expect(opensslAccepts(leaf, ca, pki.root, true)).toBe(c.code === undefined);
      expect(lenient.valid).toBe(true);
      expect(opensslAccepts(leaf, ca, pki.root, false)).toBe(!c.plainRefuses);
    });
  }
});

it.skipIf(hasOpenssl)(
  "openssl is missing: the -x509_strict comparison is skipped (install Debian openssl)",
  () => {
    expect(hasOpenssl).toBe(false);
  },
);
