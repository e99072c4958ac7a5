/**
 * Interop with an independent implementation, xmlsec1 (Debian package `xmlsec1`, libxml2 +
 * OpenSSL): signatures we make verify with `xmlsec1 --verify`, and signatures `xmlsec1 --sign`
 * makes from a template verify with us. Keys and certificates are generated here.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { C14N_11, EXC_C14N } from "../c14n/algorithms.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { signXml } from "./sign.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

const hasXmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "xmlsec-interop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xmlsec(args: string[]) {
  const r = spawnSync("xmlsec1", args, { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function writeKeys(name: string, keys: { privateKey: KeyObject; publicKey: KeyObject }) {
  const priv = join(dir, `${name}-key.pem`);
  const pub = join(dir, `${name}-pub.pem`);
  writeFileSync(priv, keys.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(pub, keys.publicKey.export({ type: "spki", format: "pem" }));
  return { priv, pub };
}

const DOCUMENT = `<inv:Invoice xmlns:inv="urn:example:invoice" xml:lang="lv"><inv:Line Id="line-1" qty="2">Ārsta konsultācija &amp; analīzes</inv:Line><inv:Total currency="EUR">42.00</inv:Total></inv:Invoice>`;

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });

describe.skipIf(!hasXmlsec)("xmlsec1 verifies what we sign", () => {
  const cases = [
    { name: "rsa-sha256-exc", keys: rsa, method: U.SIG_RSA_SHA256, c14n: EXC_C14N },
    { name: "rsa-sha256-c14n11", keys: rsa, method: U.SIG_RSA_SHA256, c14n: C14N_11 },
    { name: "ecdsa-p256-exc", keys: p256, method: U.SIG_ECDSA_SHA256, c14n: EXC_C14N },
    { name: "ecdsa-p256-c14n11", keys: p256, method: U.SIG_ECDSA_SHA256, c14n: C14N_11 },
  ];
  for (const c of cases) {
    it(`enveloped ${c.name}`, async () => {
      const { document } = parseXml(DOCUMENT);
      const signed = await signXml({
        document,
        references: [
          {
            uri: "",
            digestAlgorithm: U.DIGEST_SHA256,
            transforms: [{ algorithm: U.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: c.c14n }],
          },
        ],
        canonicalizationAlgorithm: c.c14n,
        signatureAlgorithm: c.method,
        key: c.keys.privateKey,
      });
      const { pub } = writeKeys(c.name, c.keys);
      const file = join(dir, `${c.name}.xml`);
      writeFileSync(file, signed.xml);
      const ok = xmlsec(["--verify", "--pubkey-pem", pub, file]);
      expect(ok.output).toContain("OK");
      expect(ok.status).toBe(0);
      // xmlsec1 must also reject a tampered copy (the test can fail).
      writeFileSync(file, signed.xml.replace("42.00", "420.00"));
      expect(xmlsec(["--verify", "--pubkey-pem", pub, file]).status).not.toBe(0);
    });
  }

  it("a #id reference, with --id-attr telling xmlsec1 which attribute is the ID", async () => {
    const { document } = parseXml(DOCUMENT);
    const signed = await signXml({
      document,
      references: [
        { uri: "#line-1", digestAlgorithm: U.DIGEST_SHA384, transforms: [{ algorithm: EXC_C14N }] },
      ],
      canonicalizationAlgorithm: EXC_C14N,
      signatureAlgorithm: U.SIG_ECDSA_SHA256,
      key: p256.privateKey,
    });
    const { pub } = writeKeys("id-ref", p256);
    const file = join(dir, "id-ref.xml");
    writeFileSync(file, signed.xml);
    const r = xmlsec(["--verify", "--pubkey-pem", pub, "--id-attr:Id", "urn:example:invoice:Line", file]);
    expect(r.output).toContain("OK");
    expect(r.status).toBe(0);
  });
});

describe.skipIf(!hasXmlsec)("we verify what xmlsec1 signs", () => {
  const template = (method: string, c14n: string, keyInfo: string, digest: string = U.DIGEST_SHA256) =>
    `<inv:Invoice xmlns:inv="urn:example:invoice"><inv:Line Id="line-1">Ārsts, visit 1</inv:Line><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="${c14n}"/><SignatureMethod Algorithm="${method}"/><Reference URI=""><Transforms><Transform Algorithm="${U.TRANSFORM_ENVELOPED_SIGNATURE}"/><Transform Algorithm="${c14n}"/></Transforms><DigestMethod Algorithm="${digest}"/><DigestValue></DigestValue></Reference></SignedInfo><SignatureValue/>${keyInfo}</Signature></inv:Invoice>`;

  it("RSA-SHA256, c14n 1.1, key from the RSAKeyValue xmlsec1 wrote", async () => {
    const { priv } = writeKeys("xs-rsa", rsa);
    const tmpl = join(dir, "xs-rsa.tmpl.xml");
    const out = join(dir, "xs-rsa.xml");
    writeFileSync(tmpl, template(U.SIG_RSA_SHA256, C14N_11, "<KeyInfo><KeyValue/></KeyInfo>"));
    const r = xmlsec(["--sign", "--privkey-pem", priv, "--output", out, tmpl]);
    expect(r.status, r.output).toBe(0);
    const signed = readFileSync(out);
    const result = await verifyXmlSignature(parseXml(signed));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.signingKey?.source).toBe("key-value");
    expect(result.signingKey?.key.export({ format: "jwk" }).n).toBe(
      rsa.publicKey.export({ format: "jwk" }).n,
    );
  });

  it("ECDSA-P256-SHA256, exclusive c14n, X.509 certificate in KeyInfo", async () => {
    const { priv } = writeKeys("xs-ec", p256);
    const cert = join(dir, "xs-ec-cert.pem");
    const made = spawnSync("openssl", [
      "req",
      "-x509",
      "-new",
      "-key",
      priv,
      "-subj",
      "/CN=xmlsec interop",
      "-days",
      "2",
      "-out",
      cert,
    ]);
    expect(made.status).toBe(0);
    const tmpl = join(dir, "xs-ec.tmpl.xml");
    const out = join(dir, "xs-ec.xml");
    writeFileSync(
      tmpl,
      template(U.SIG_ECDSA_SHA256, EXC_C14N, "<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>"),
    );
    const r = xmlsec(["--sign", "--privkey-pem", `${priv},${cert}`, "--output", out, tmpl]);
    expect(r.status, r.output).toBe(0);
    const result = await verifyXmlSignature(parseXml(readFileSync(out)));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.signingKey?.source).toBe("x509-certificate");
    // And with the caller's key, ignoring KeyInfo.
    expect((await verifyXmlSignature(parseXml(readFileSync(out)), { key: p256.publicKey })).valid).toBe(true);
    // A changed byte fails.
    const tampered = readFileSync(out, "utf8").replace("visit 1", "visit 9");
    expect(tampered).not.toBe(readFileSync(out, "utf8"));
    expect((await verifyXmlSignature(parseXml(tampered), { key: p256.publicKey })).valid).toBe(false);
  });

  it("RSA-RIPEMD160 with a RIPEMD-160 reference digest (RFC 6931 §2.3.5, §2.1)", async () => {
    const { priv } = writeKeys("xs-ripemd", rsa);
    const tmpl = join(dir, "xs-ripemd.tmpl.xml");
    const out = join(dir, "xs-ripemd.xml");
    writeFileSync(
      tmpl,
      template(U.SIG_RSA_RIPEMD160, EXC_C14N, "<KeyInfo><KeyValue/></KeyInfo>", U.DIGEST_RIPEMD160),
    );
    const r = xmlsec(["--sign", "--privkey-pem", priv, "--output", out, tmpl]);
    expect(r.status, r.output).toBe(0);
    const result = await verifyXmlSignature(parseXml(readFileSync(out)));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const tampered = readFileSync(out, "utf8").replace("visit 1", "visit 2");
    expect((await verifyXmlSignature(parseXml(tampered))).valid).toBe(false);
  });
});
