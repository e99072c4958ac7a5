/**
 * validateCertificatePath on generated PKIs: every signature algorithm, weak algorithms,
 * extended key usage, revocation by CRL (given or fetched) and by OCSP, path building among
 * same-name issuers, and the shape of failures.
 */
import { describe, expect, it } from "vitest";
import { buildCertId, buildOcspResponse, certificateFields } from "../ocsp/index.ts";
import { KEY_USAGE } from "./cert/extensions.ts";
import * as O from "./oids.ts";
import { buildCertificate, ext, generateKey, type KeySpec } from "./testing/build-pki.ts";
import { CA_NAME, ROOT_NAME, simplePki } from "./testing/simple-pki.ts";
import { validateCertificatePath } from "./validate-certificate-path.ts";

const at = new Date("2025-01-01T00:00:00Z");

describe("signature algorithms", () => {
  const specs: KeySpec[] = ["rsa2048", "rsa-pss", "p256", "p384", "p521", "ed25519", "dsa"];
  for (const spec of specs) {
    it(`validates a ${spec} path and refuses a tampered signature`, async () => {
      const pki = simplePki(spec);
      const ok = await validateCertificatePath({
        leaf: pki.leaf,
        untrusted: [pki.ca],
        anchors: [pki.root],
        at,
        revocation: "off",
      });
      expect(ok.failure).toBeUndefined();
      expect(ok.valid).toBe(true);
      expect(ok.path.map((c) => c.serial)).toEqual(["03", "02", "01"]);
      expect(ok.trustAnchor?.subject).toBe("CN=Test Root CA,O=Tilts Test,C=LV");
      const bad = Uint8Array.from(pki.leaf);
      bad[bad.length - 5]! ^= 0x01;
      const r = await validateCertificatePath({
        leaf: bad,
        untrusted: [pki.ca],
        anchors: [pki.root],
        at,
        revocation: "off",
      });
      expect(r.failure?.code).toBe("signature-invalid");
      expect(r.failure?.certificateIndex).toBe(0);
    });
  }

  it("refuses MD5 always and SHA-1 when not allowed", async () => {
    const pki = simplePki("rsa2048");
    const md5 = pki.issueLeaf({ rsaHash: "md5" });
    const r1 = await validateCertificatePath({
      leaf: md5,
      untrusted: [pki.ca],
      anchors: [pki.root],
      at,
      revocation: "off",
    });
    expect(r1.failure?.code).toBe("weak-algorithm");
    const sha1 = pki.issueLeaf({ rsaHash: "sha1" });
    const input = { leaf: sha1, untrusted: [pki.ca], anchors: [pki.root], at, revocation: "off" as const };
    expect((await validateCertificatePath(input)).valid).toBe(true);
    expect((await validateCertificatePath({ ...input, allowSha1: false })).failure?.code).toBe(
      "weak-algorithm",
    );
  });
});

describe("checks on generated certificates", () => {
  const pki = simplePki("p256");
  const base = { untrusted: [pki.ca], anchors: [pki.root], at, revocation: "off" as const };

  it("extended key usage for the requested purpose", async () => {
    const leaf = pki.issueLeaf({ extensions: [ext.extKeyUsage([O.OID_KP_SERVER_AUTH])] });
    expect((await validateCertificatePath({ ...base, leaf, purpose: "serverAuth" })).valid).toBe(true);
    const r = await validateCertificatePath({ ...base, leaf, purpose: "clientAuth" });
    expect(r.failure).toMatchObject({ code: "extended-key-usage", certificateIndex: 0 });
    expect((await validateCertificatePath({ ...base, leaf, purpose: "any" })).valid).toBe(true);
  });

  it("validity period", async () => {
    const leaf = pki.issueLeaf({ notAfter: new Date("2024-01-01T00:00:00Z") });
    expect((await validateCertificatePath({ ...base, leaf })).failure?.code).toBe("expired");
    const early = await validateCertificatePath({
      ...base,
      leaf: pki.leaf,
      at: new Date("2019-01-01T00:00:00Z"),
    });
    expect(early.failure?.code).toBe("not-yet-valid");
    // The anchor's own validity applies first (RFC 5937); ignoring it, the CA is checked first.
    expect(early.failure?.certificateIndex).toBe(2);
    const nameAndKeyOnly = await validateCertificatePath({
      ...base,
      leaf: pki.leaf,
      at: new Date("2019-01-01T00:00:00Z"),
      anchorConstraints: "ignore",
    });
    expect(nameAndKeyOnly.failure).toMatchObject({ code: "not-yet-valid", certificateIndex: 1 });
  });

  it("an unknown critical extension fails, a non-critical one does not", async () => {
    const critical = pki.issueLeaf({
      extensions: [ext.raw("1.3.6.1.4.1.99999.7", Uint8Array.of(5, 0), true)],
    });
    expect((await validateCertificatePath({ ...base, leaf: critical })).failure?.code).toBe(
      "unknown-critical-extension",
    );
    const plain = pki.issueLeaf({ extensions: [ext.raw("1.3.6.1.4.1.99999.7", Uint8Array.of(5, 0))] });
    expect((await validateCertificatePath({ ...base, leaf: plain })).valid).toBe(true);
  });

  it("no path to an unrelated anchor: no-path and an empty path", async () => {
    const key = generateKey("p256");
    const otherName: [string, string][] = [["2.5.4.3", "Other Root"]];
    const otherRoot = buildCertificate({
      serial: 1,
      subject: otherName,
      issuer: otherName,
      publicKey: key.publicKey,
      issuerKey: key.privateKey,
      extensions: [ext.ca()],
    });
    const r = await validateCertificatePath({ ...base, leaf: pki.leaf, anchors: [otherRoot] });
    expect(r).toMatchObject({ valid: false, path: [], failure: { code: "no-path" } });
    // Same-name root with another key: a path is found, and its signature fails.
    const sameName = simplePki("p256");
    const r2 = await validateCertificatePath({ ...base, leaf: pki.leaf, anchors: [sameName.root] });
    expect(r2.failure).toMatchObject({ code: "signature-invalid", certificateIndex: 1 });
  });

  it("garbage leaf: malformed, garbage in the pool is skipped", async () => {
    const r = await validateCertificatePath({ ...base, leaf: Uint8Array.of(0x30, 0x03, 1, 2, 3) });
    expect(r.failure?.code).toBe("malformed");
    const ok = await validateCertificatePath({
      ...base,
      leaf: pki.leaf,
      untrusted: [Uint8Array.of(1, 2), pki.ca],
    });
    expect(ok.valid).toBe(true);
  });

  it("a leaf that is itself an anchor is valid on its own", async () => {
    const r = await validateCertificatePath({ ...base, leaf: pki.root });
    expect(r.valid).toBe(true);
    expect(r.path).toHaveLength(1);
  });

  it("tries a cross-certificate path after an expired one, and reports the furthest failure", async () => {
    const otherKey = generateKey("p256");
    const otherName: [string, string][] = [["2.5.4.3", "Bridge Root"]];
    const bridge = buildCertificate({
      serial: 1,
      subject: otherName,
      issuer: otherName,
      publicKey: otherKey.publicKey,
      issuerKey: otherKey.privateKey,
      extensions: [ext.ca()],
    });
    // The same CA key, cross-certified by the bridge, but that cross-certificate has expired.
    const cross = buildCertificate({
      serial: 77,
      subject: CA_NAME,
      issuer: otherName,
      publicKey: pki.caKey.publicKey,
      issuerKey: otherKey.privateKey,
      notAfter: new Date("2024-06-01T00:00:00Z"),
      extensions: [ext.ca(), ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])],
    });
    const ok = await validateCertificatePath({
      ...base,
      leaf: pki.leaf,
      untrusted: [cross, pki.ca],
      anchors: [bridge, pki.root],
    });
    expect(ok.valid).toBe(true);
    expect(ok.trustAnchor?.subject).toBe("CN=Test Root CA,O=Tilts Test,C=LV");
    const only = await validateCertificatePath({
      ...base,
      leaf: pki.leaf,
      untrusted: [cross],
      anchors: [bridge, pki.root],
    });
    expect(only.failure).toMatchObject({ code: "expired", certificateIndex: 1 });
    expect(only.path.map((c) => c.serial)).toEqual(["03", "4d", "01"]);
  });

  it("finds the right issuer among same-name CAs (key rollover), AKI only as a hint", async () => {
    const oldKey = generateKey("p256");
    const oldCa = buildCertificate({
      serial: 9,
      subject: CA_NAME,
      issuer: ROOT_NAME,
      publicKey: oldKey.publicKey,
      issuerKey: pki.rootKey.privateKey,
      extensions: [ext.ca(), ext.keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])],
    });
    const r = await validateCertificatePath({ ...base, leaf: pki.leaf, untrusted: [oldCa, pki.ca] });
    expect(r.valid).toBe(true);
    expect(r.path[1]?.serial).toBe("02");
  });
});

describe("revocation", () => {
  const pki = simplePki("p256");
  const base = { leaf: pki.leaf, untrusted: [pki.ca], anchors: [pki.root], at };

  it("accepts a CRL issued slightly after the validation time (clock skew), not one issued much later", async () => {
    // simplePki's CRLs are issued 2021-01-01T00:00:00Z.
    const issued = new Date("2021-01-01T00:00:00Z").getTime();
    const options = { ...base, crls: [pki.rootCrl, pki.caCrl], revocation: "require" as const };
    const skewed = await validateCertificatePath({ ...options, at: new Date(issued - 60_000) });
    expect(skewed.valid).toBe(true);
    const early = await validateCertificatePath({ ...options, at: new Date(issued - 10 * 60_000) });
    expect(early.failure).toMatchObject({ code: "revocation-unavailable" });
    const strict = await validateCertificatePath({
      ...options,
      at: new Date(issued - 60_000),
      clockSkewMs: 0,
    });
    expect(strict.failure).toMatchObject({ code: "revocation-unavailable" });
  });

  it("CRLs: good, revoked, missing (require vs if-available), off", async () => {
    const good = await validateCertificatePath({
      ...base,
      crls: [pki.rootCrl, pki.caCrl],
      revocation: "require",
    });
    expect(good.valid).toBe(true);
    const revoked = await validateCertificatePath({
      ...base,
      crls: [pki.rootCrl, pki.caCrlRevoking([3])],
      revocation: "if-available",
    });
    expect(revoked.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    const missing = await validateCertificatePath({ ...base, crls: [pki.rootCrl], revocation: "require" });
    expect(missing.failure).toMatchObject({ code: "revocation-unavailable", certificateIndex: 0 });
    expect(
      (await validateCertificatePath({ ...base, crls: [pki.rootCrl], revocation: "if-available" })).valid,
    ).toBe(true);
    expect(
      (await validateCertificatePath({ ...base, crls: [pki.caCrlRevoking([3])], revocation: "off" })).valid,
    ).toBe(true);
  });

  it("fetches CRLs from distribution points through the injected function", async () => {
    const leaf = pki.issueLeaf({ extensions: [ext.crlDistributionPoint("http://127.0.0.1:9/ca.crl")] });
    const asked: string[] = [];
    const r = await validateCertificatePath({
      ...base,
      leaf,
      crls: [pki.rootCrl],
      revocation: "require",
      fetchCrl: async (url) => {
        asked.push(url);
        return pki.caCrlRevoking([3]);
      },
    });
    expect(asked).toEqual(["http://127.0.0.1:9/ca.crl"]);
    expect(r.failure?.code).toBe("revoked");
  });

  it("OCSP answers are used first; CRLs are the fallback", async () => {
    const certId = buildCertId(certificateFields(pki.leaf), certificateFields(pki.ca));
    const ocsp = (answer: { status: "good" } | { status: "revoked"; revocationTime: Date }) =>
      buildOcspResponse({
        responses: [
          {
            certId,
            answer,
            thisUpdate: new Date("2024-12-31T00:00:00Z"),
            nextUpdate: new Date("2025-01-02T00:00:00Z"),
          },
        ],
        signerKey: pki.caKey.privateKey,
        signerCertificate: pki.ca,
        producedAt: new Date("2024-12-31T00:00:00Z"),
      });
    const revoked = await validateCertificatePath({
      ...base,
      crls: [pki.rootCrl, pki.caCrl],
      ocspResponses: [ocsp({ status: "revoked", revocationTime: new Date("2024-06-01T00:00:00Z") })],
      revocation: "require",
    });
    expect(revoked.failure?.code).toBe("revoked");
    expect(revoked.failure?.message).toContain("OCSP");
    const good = await validateCertificatePath({
      ...base,
      crls: [pki.rootCrl],
      ocspResponses: [ocsp({ status: "good" })],
      revocation: "require",
    });
    expect(good.valid).toBe(true);
    // An OCSP response about another certificate settles nothing: the CRL decides.
    const other = await validateCertificatePath({
      ...base,
      crls: [pki.rootCrl, pki.caCrlRevoking([3])],
      ocspResponses: [ocsp({ status: "good" }).slice(0, 40)],
      revocation: "require",
    });
    expect(other.failure?.code).toBe("revoked");
    expect(other.failure?.message).toContain("CRL");
  });

  it("asks the responder named in the certificate through the injected fetchOcsp", async () => {
    const leaf = pki.issueLeaf({ extensions: [ext.ocspUrl("http://127.0.0.1:9/ocsp")] });
    const certId = buildCertId(certificateFields(leaf), certificateFields(pki.ca));
    const urls: string[] = [];
    const r = await validateCertificatePath({
      ...base,
      leaf,
      crls: [pki.rootCrl],
      revocation: "require",
      fetchOcsp: async (url, request) => {
        urls.push(url);
        expect(request[0]).toBe(0x30);
        return buildOcspResponse({
          responses: [
            {
              certId,
              answer: { status: "revoked", revocationTime: new Date("2024-06-01T00:00:00Z") },
              thisUpdate: new Date("2024-12-31T00:00:00Z"),
              nextUpdate: new Date("2025-01-02T00:00:00Z"),
            },
          ],
          signerKey: pki.caKey.privateKey,
          signerCertificate: pki.ca,
          producedAt: new Date("2024-12-31T00:00:00Z"),
        });
      },
    });
    expect(urls).toEqual(["http://127.0.0.1:9/ocsp"]);
    expect(r.failure).toMatchObject({ code: "revoked", certificateIndex: 0 });
    // A responder that fails leaves the decision to CRLs (none for the leaf here).
    const down = await validateCertificatePath({
      ...base,
      leaf,
      crls: [pki.rootCrl],
      revocation: "require",
      fetchOcsp: async () => {
        throw new Error("connection refused");
      },
    });
    expect(down.failure?.code).toBe("revocation-unavailable");
  });
});
