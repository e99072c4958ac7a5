import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { C14N_10, C14N_11, C14N_11_WITH_COMMENTS, EXC_C14N } from "../c14n/algorithms.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { signXml } from "./sign.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });

const DOC = `<doc:Root xmlns:doc="urn:example:doc" xmlns:unused="urn:x" xml:lang="lv"><doc:Item Id="item-1" note="a&#9;b&#10;c&#13;">Ā &amp; B &lt; C&#13;
</doc:Item><!-- comment --><doc:Other>x</doc:Other></doc:Root>`;

describe("signXml → verifyXmlSignature round trips", () => {
  const methods = [
    { name: "RSA-SHA256", uri: U.SIG_RSA_SHA256, keys: rsa },
    { name: "RSA-PSS-SHA256", uri: U.SIG_RSA_PSS_SHA256_MGF1, keys: rsa },
    { name: "RSA-SHA512", uri: U.SIG_RSA_SHA512, keys: rsa },
    { name: "ECDSA-P256-SHA256", uri: U.SIG_ECDSA_SHA256, keys: p256 },
    { name: "ECDSA-P384-SHA384", uri: U.SIG_ECDSA_SHA384, keys: p384 },
  ];
  const c14ns = [C14N_10, C14N_11, C14N_11_WITH_COMMENTS, EXC_C14N];
  for (const m of methods) {
    for (const c14n of c14ns) {
      it(`enveloped ${m.name} with ${c14n.split("/").pop()}`, async () => {
        const { document } = parseXml(DOC);
        const signed = await signXml({
          document,
          references: [
            {
              uri: "",
              digestAlgorithm: U.DIGEST_SHA256,
              transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: c14n }],
            },
          ],
          canonicalizationAlgorithm: c14n,
          signatureAlgorithm: m.uri,
          key: m.keys.privateKey,
        });
        const r = await verifyXmlSignature(parseXml(signed.xml), { key: m.keys.publicKey });
        expect(r.errors).toEqual([]);
        expect(r.valid).toBe(true);
        // One byte changed in the signed content → digest mismatch.
        const tampered = await verifyXmlSignature(parseXml(signed.xml.replace("Ā &amp; B", "A &amp; B")), {
          key: m.keys.publicKey,
        });
        expect(tampered.valid).toBe(false);
        expect(tampered.references[0]!.status).toBe("digest-mismatch");
        expect(tampered.signatureValueValid).toBe(true);
      });
    }
  }

  it("enveloping with a #id reference and a SHA3-256 digest", async () => {
    const signed = await signXml({
      references: [
        { uri: "#payload", digestAlgorithm: U.DIGEST_SHA3_256, transforms: [{ algorithm: EXC_C14N }] },
      ],
      objects: [{ id: "payload", content: "hello world" }],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: p256.privateKey,
      signatureId: "S1",
    });
    const r = await verifyXmlSignature(parseXml(signed.xml), { key: p256.publicKey });
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signatureId).toBe("S1");
    const object = r.signature.getElementsByTagNameNS(U.DSIG_NAMESPACE, "Object")[0]!;
    expect(r.references[0]!.target).toBe(object);
    expect(r.references[0]!.covers(object.firstChild!)).toBe(true);
    expect(r.references[0]!.covers(r.signature)).toBe(false);
  });

  it("detached: external data supplied by the resolver; a changed byte fails", async () => {
    const data = new TextEncoder().encode("file contents\n");
    const signed = await signXml({
      references: [{ uri: "Sample%20File.txt", digestAlgorithm: U.DIGEST_SHA512, data }],
      canonicalizationAlgorithm: C14N_11,
      signatureAlgorithm: U.SIG_RSA_SHA256,
      key: rsa.privateKey,
    });
    const resolverFor = (bytes: Uint8Array) => async (uri: string | null) =>
      uri === "Sample%20File.txt" ? bytes : "unavailable";
    const ok = await verifyXmlSignature(parseXml(signed.xml), {
      key: rsa.publicKey,
      resolver: resolverFor(data),
    });
    expect(ok.valid).toBe(true);
    expect(ok.references[0]!.coveredBytes).toEqual(data);
    const bad = await verifyXmlSignature(parseXml(signed.xml), {
      key: rsa.publicKey,
      resolver: resolverFor(new TextEncoder().encode("file contents!")),
    });
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((e) => e.code)).toEqual(["xmldsig-digest-mismatch"]);
  });

  it("a wrong key or a changed SignatureValue fails with xmldsig-signature-invalid", async () => {
    const { document } = parseXml(DOC);
    const signed = await signXml({
      document,
      references: [
        { uri: "#item-1", digestAlgorithm: U.DIGEST_SHA256, transforms: [{ algorithm: EXC_C14N }] },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_ECDSA_SHA384,
      key: p384.privateKey,
    });
    const wrongKey = await verifyXmlSignature(parseXml(signed.xml), {
      key: generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey,
    });
    expect(wrongKey.signatureValueValid).toBe(false);
    expect(wrongKey.errors.map((e) => e.code)).toEqual(["xmldsig-signature-invalid"]);
    const rsaKey = await verifyXmlSignature(parseXml(signed.xml), { key: rsa.publicKey });
    expect(rsaKey.errors.map((e) => e.code)).toEqual(["xmldsig-key-mismatch"]);
  });

  it("refuses verify-only algorithms for signing", async () => {
    await expect(
      signXml({
        references: [],
        canonicalizationAlgorithm: C14N_10,
        signatureAlgorithm: U.SIG_RSA_SHA1,
        key: rsa.privateKey,
      }),
    ).rejects.toThrow(/verify-only/);
    await expect(
      signXml({
        references: [{ uri: "", digestAlgorithm: U.DIGEST_SHA1 }],
        canonicalizationAlgorithm: C14N_10,
        signatureAlgorithm: U.SIG_RSA_SHA256,
        key: rsa.privateKey,
      }),
    ).rejects.toThrow(/verification only/);
  });
});

describe("KeyInfo X509Data when signing", () => {
  it("embeds the certificate; the verifier reports it as the signing certificate", async () => {
    await import("reflect-metadata");
    const x509 = await import("@peculiar/x509");
    const { webcrypto, KeyObject } = await import("node:crypto");
    const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const pair = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "0a1b",
      name: "CN=Signer",
      notBefore: new Date("2026-01-01T00:00:00Z"),
      notAfter: new Date("2027-01-01T00:00:00Z"),
      signingAlgorithm: alg,
      keys: pair,
    });
    const der = new Uint8Array(cert.rawData);
    const signed = await signXml({
      document: parseXml(DOC).document,
      references: [
        {
          uri: "",
          digestAlgorithm: U.DIGEST_SHA256,
          transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: KeyObject.from(pair.privateKey),
      certificates: [der],
    });
    const r = await verifyXmlSignature(parseXml(signed.xml));
    expect(r.valid).toBe(true);
    expect(r.signingKey?.source).toBe("x509-certificate");
    expect(r.signingKey?.certificate).toEqual(der);
    expect(r.keyInfo.certificates).toEqual([der]);
  });
});

describe("RSA-PSS with explicit RSAPSSParams (RFC 6931 §2.3.10)", () => {
  async function pssSigned(saltInParams: number): Promise<string> {
    const { sign, constants } = await import("node:crypto");
    const { canonicalize } = await import("../c14n/canonicalize.ts");
    const { serializeXml } = await import("../xml/serialize.ts");
    const signed = await signXml({
      document: parseXml(DOC).document,
      references: [
        {
          uri: "",
          digestAlgorithm: U.DIGEST_SHA256,
          transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_RSA_PSS_SHA256_MGF1,
      key: rsa.privateKey,
    });
    // Rewrite SignatureMethod as rsa-pss with parameters, then re-sign SignedInfo by hand.
    const pss = `<ds:SignatureMethod Algorithm="${U.SIG_RSA_PSS}"><pss:RSAPSSParams xmlns:pss="${U.DSIG_MORE_2007_NAMESPACE}"><ds:DigestMethod Algorithm="${U.DIGEST_SHA256}"/><pss:MaskGenerationFunction Algorithm="${U.MGF1}"><ds:DigestMethod Algorithm="${U.DIGEST_SHA256}"/></pss:MaskGenerationFunction><pss:SaltLength>${saltInParams}</pss:SaltLength><pss:TrailerField>1</pss:TrailerField></pss:RSAPSSParams></ds:SignatureMethod>`;
    const xml = signed.xml.replace(`<ds:SignatureMethod Algorithm="${U.SIG_RSA_PSS_SHA256_MGF1}"/>`, pss);
    const { document } = parseXml(xml);
    const si = document.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignedInfo")[0]!;
    const value = sign("sha256", canonicalize(si, { algorithm: EXC_C14N }), {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    const sv = document.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignatureValue")[0]!;
    sv.replaceChild(document.createTextNode(value.toString("base64")), sv.firstChild!);
    return serializeXml(document);
  }
  it("verifies with the parameters the signer used", async () => {
    const r = await verifyXmlSignature(parseXml(await pssSigned(32)), { key: rsa.publicKey });
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });
  it("fails when the declared salt length differs from the one used", async () => {
    const r = await verifyXmlSignature(parseXml(await pssSigned(20)), { key: rsa.publicKey });
    expect(r.signatureValueValid).toBe(false);
  });
});

describe("a DOM changed between verifications", () => {
  it("is canonicalized from its current namespace declarations", async () => {
    const signed = await signXml({
      document: parseXml(DOC).document,
      references: [
        { uri: "#item-1", digestAlgorithm: U.DIGEST_SHA256, transforms: [{ algorithm: C14N_10 }] },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: p256.privateKey,
    });
    const parsed = parseXml(signed.xml);
    expect((await verifyXmlSignature(parsed, { key: p256.publicKey })).valid).toBe(true);
    // Inclusive c14n of #item-1 renders the root's namespaces: declaring one more there must
    // change the digest input, so the reference no longer matches.
    parsed.document.documentElement!.setAttributeNS(
      "http://www.w3.org/2000/xmlns/",
      "xmlns:extra",
      "urn:extra",
    );
    const again = await verifyXmlSignature(parsed, { key: p256.publicKey });
    expect(again.references[0]!.status).toBe("digest-mismatch");
  });
});

describe("legacy RSA DigestInfo without the NULL parameter (real 2017 eDocs)", () => {
  async function legacySigned(oidHex: string): Promise<string> {
    const { createHash, privateEncrypt, constants } = await import("node:crypto");
    const { canonicalize } = await import("../c14n/canonicalize.ts");
    const { serializeXml } = await import("../xml/serialize.ts");
    const signed = await signXml({
      document: parseXml(DOC).document,
      references: [
        {
          uri: "",
          digestAlgorithm: U.DIGEST_SHA256,
          transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }],
        },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_RSA_SHA256,
      key: rsa.privateKey,
    });
    const { document } = parseXml(signed.xml);
    const si = document.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignedInfo")[0]!;
    const digest = createHash("sha256")
      .update(canonicalize(si, { algorithm: EXC_C14N }))
      .digest();
    const oid = Buffer.from(oidHex, "hex");
    // SEQUENCE { SEQUENCE { OID } , OCTET STRING } — AlgorithmIdentifier without NULL.
    const algorithm = Buffer.concat([Buffer.from([0x30, oid.length + 2, 0x06, oid.length]), oid]);
    const body = Buffer.concat([algorithm, Buffer.from([0x04, digest.length]), digest]);
    const digestInfo = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    const value = privateEncrypt({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
    const sv = document.getElementsByTagNameNS(U.DSIG_NAMESPACE, "SignatureValue")[0]!;
    sv.replaceChild(document.createTextNode(value.toString("base64")), sv.firstChild!);
    return serializeXml(document);
  }
  const SHA256_OID = "608648016503040201";
  it("verifies when allowed, with a warning", async () => {
    const r = await verifyXmlSignature(parseXml(await legacySigned(SHA256_OID)), {
      key: rsa.publicKey,
      allowLegacyDigestInfo: true,
    });
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(["xmldsig-legacy-digest-info"]);
  });
  it("is refused by default", async () => {
    const r = await verifyXmlSignature(parseXml(await legacySigned(SHA256_OID)), { key: rsa.publicKey });
    expect(r.signatureValueValid).toBe(false);
  });
  it("a DigestInfo naming another hash is not accepted", async () => {
    const r = await verifyXmlSignature(parseXml(await legacySigned("608648016503040203")), {
      key: rsa.publicKey,
      allowLegacyDigestInfo: true,
    });
    expect(r.signatureValueValid).toBe(false);
    expect(r.warnings).toEqual([]);
  });
});
