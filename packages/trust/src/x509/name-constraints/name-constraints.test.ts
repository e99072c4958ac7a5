/**
 * Name constraints end to end on generated certificates: DNS and IP forms (PKITS has none for
 * IP), permitted and excluded, and self-issued intermediates exempt (RFC 5280 §6.1.3 (b)).
 */
import { describe, expect, it } from "vitest";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import type { CertificateProfile } from "../profile/codes.ts";
import { buildCertificate, ext, generateKey } from "../testing/build-pki.ts";
import { CA_NAME, LEAF_NAME, ROOT_NAME } from "../testing/simple-pki.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";

const at = new Date("2025-01-01T00:00:00Z");
const root = generateKey("p256");
const ca = generateKey("p256");
const leafKey = generateKey("p256");
const rootCert = buildCertificate({
  serial: 1,
  subject: ROOT_NAME,
  issuer: ROOT_NAME,
  publicKey: root.publicKey,
  issuerKey: root.privateKey,
  extensions: [ext.ca()],
});
const dns = (n: string) => D.implicit(2, Buffer.from(n));
const ip = (...b: number[]) => D.implicit(7, Uint8Array.from(b));

function caWith(constraints: Uint8Array) {
  return buildCertificate({
    serial: 2,
    subject: CA_NAME,
    issuer: ROOT_NAME,
    publicKey: ca.publicKey,
    issuerKey: root.privateKey,
    extensions: [ext.ca(), ext.keyUsage([KEY_USAGE.keyCertSign]), constraints],
  });
}

function leafWith(names: Uint8Array[]) {
  return buildCertificate({
    serial: 3,
    subject: LEAF_NAME,
    issuer: CA_NAME,
    publicKey: leafKey.publicKey,
    issuerKey: ca.privateKey,
    extensions: [ext.subjectAltNames(names)],
  });
}

async function check(caCert: Uint8Array, leaf: Uint8Array, profile: CertificateProfile = "default") {
  return validateCertificatePath({
    leaf,
    untrusted: [caCert],
    anchors: [rootCert],
    at,
    revocation: "off",
    profile,
  });
}

describe("name constraints", () => {
  it("DNS: permitted subtree and excluded subtree", async () => {
    const caCert = caWith(ext.nameConstraints([dns("vm.gov.lv")], [dns("secret.vm.gov.lv")]));
    expect((await check(caCert, leafWith([dns("www.vm.gov.lv")]))).valid).toBe(true);
    expect((await check(caCert, leafWith([dns("www.example.lv")]))).failure?.code).toBe("name-constraints");
    expect((await check(caCert, leafWith([dns("a.secret.vm.gov.lv")]))).failure?.code).toBe(
      "name-constraints",
    );
  });

  it("IP: IPv4 network and mask", async () => {
    const caCert = caWith(ext.nameConstraints([ip(10, 20, 0, 0, 255, 255, 0, 0)]));
    expect((await check(caCert, leafWith([ip(10, 20, 3, 4)]))).valid).toBe(true);
    const r = await check(caCert, leafWith([ip(10, 21, 3, 4)]));
    expect(r.failure).toMatchObject({ code: "name-constraints", certificateIndex: 0 });
  });

  for (const profile of ["default", "strict"] as const) {
    it(`a wildcard SAN: excluded when a covered name is excluded, permitted only when all are (${profile})`, async () => {
      const wildcardLeaf = leafWith([dns("*.example.com")]);
      const excluding = caWith(ext.nameConstraints([], [dns("bar.example.com")]));
      const r = await check(excluding, wildcardLeaf, profile);
      expect(r.failure).toMatchObject({ code: "name-constraints", certificateIndex: 0 });
      expect(r.failure?.message).toMatch(/\*\.example\.com.*excluded/);
      const narrow = caWith(ext.nameConstraints([dns("bar.example.com")]));
      expect((await check(narrow, wildcardLeaf, profile)).failure?.code).toBe("name-constraints");
      const wide = caWith(ext.nameConstraints([dns("example.com")], [dns("a.bar.example.com")]));
      expect((await check(wide, wildcardLeaf, profile)).valid).toBe(true);
    });
  }

  it("DN: the subject must lie under a permitted directory subtree", async () => {
    const caCert = caWith(ext.nameConstraints([D.explicit(4, D.name([["2.5.4.6", "EE"]]))]));
    const r = await check(caCert, leafWith([dns("x.lv")]));
    expect(r.failure?.code).toBe("name-constraints");
    expect(r.failure?.message).toMatch(/directory name/);
  });
});
