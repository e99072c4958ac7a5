/**
 * RFC 5937 trust-anchor constraints: an anchor certificate's pathLenConstraint, name constraints
 * and validity apply by default ("enforce") and are ignored with anchorConstraints: "ignore".
 */
import { describe, expect, it } from "vitest";
import { KEY_USAGE } from "../cert/extensions.ts";
import * as D from "../der/writer.ts";
import { buildCertificate, ext, generateKey } from "../testing/build-pki.ts";
import { CA_NAME, LEAF_NAME, ROOT_NAME } from "../testing/simple-pki.ts";
import { validateCertificatePath } from "../validate-certificate-path.ts";

const at = new Date("2025-01-01T00:00:00Z");
const rootKey = generateKey("p256");
const caKey = generateKey("p256");
const leafKey = generateKey("p256");
const caUsage = ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]);

const rootWith = (extensions: Uint8Array[], notAfter?: Date) =>
  buildCertificate({
    serial: 1,
    subject: ROOT_NAME,
    issuer: ROOT_NAME,
    publicKey: rootKey.publicKey,
    issuerKey: rootKey.privateKey,
    extensions: [caUsage, ...extensions],
    notAfter,
  });
const ca = buildCertificate({
  serial: 2,
  subject: CA_NAME,
  issuer: ROOT_NAME,
  publicKey: caKey.publicKey,
  issuerKey: rootKey.privateKey,
  extensions: [ext.ca(), caUsage],
});
const leaf = buildCertificate({
  serial: 3,
  subject: LEAF_NAME,
  issuer: CA_NAME,
  publicKey: leafKey.publicKey,
  issuerKey: caKey.privateKey,
  extensions: [ext.dnsNames(["portal.example.lv"])],
});

async function both(anchor: Uint8Array, certificate = leaf, untrusted = [ca]) {
  const input = { leaf: certificate, untrusted, anchors: [anchor], at, revocation: "off" as const };
  const enforced = await validateCertificatePath(input);
  // The strict profile changes nothing here: these certificates conform to RFC 5280 §4.
  const strict = await validateCertificatePath({ ...input, profile: "strict" });
  expect(strict.failure).toEqual(enforced.failure);
  return { enforced, ignored: await validateCertificatePath({ ...input, anchorConstraints: "ignore" }) };
}

describe("trust-anchor constraints (RFC 5937)", () => {
  it("a plain anchor validates either way", async () => {
    const { enforced, ignored } = await both(rootWith([ext.ca()]));
    expect(enforced.valid).toBe(true);
    expect(ignored.valid).toBe(true);
  });

  it("the anchor's pathLenConstraint 0 forbids an intermediate CA", async () => {
    const { enforced, ignored } = await both(rootWith([ext.ca(0)]));
    expect(enforced.failure).toMatchObject({ code: "path-length", certificateIndex: 1 });
    expect(ignored.valid).toBe(true);
    // …but allows a leaf issued directly by the anchor.
    const direct = buildCertificate({
      serial: 4,
      subject: LEAF_NAME,
      issuer: ROOT_NAME,
      publicKey: leafKey.publicKey,
      issuerKey: rootKey.privateKey,
    });
    expect((await both(rootWith([ext.ca(0)]), direct, [])).enforced.valid).toBe(true);
  });

  it("the anchor's name constraints apply to the whole path", async () => {
    const permitted = ext.nameConstraints([D.implicit(2, Buffer.from("vm.gov.lv"))]);
    const { enforced, ignored } = await both(rootWith([ext.ca(), permitted]));
    expect(enforced.failure).toMatchObject({ code: "name-constraints", certificateIndex: 0 });
    expect(enforced.failure?.message).toMatch(/portal\.example\.lv/);
    expect(ignored.valid).toBe(true);
  });

  it("an expired anchor fails at its own index, also when it is the certificate validated", async () => {
    const expired = rootWith([ext.ca()], new Date("2024-06-01T00:00:00Z"));
    const { enforced, ignored } = await both(expired);
    expect(enforced.failure).toMatchObject({ code: "expired", certificateIndex: 2 });
    expect(enforced.path).toHaveLength(3);
    expect(ignored.valid).toBe(true);
    const self = await validateCertificatePath({ leaf: expired, anchors: [expired], at });
    expect(self.failure).toMatchObject({ code: "expired", certificateIndex: 0 });
  });
});
