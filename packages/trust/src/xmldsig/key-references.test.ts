/**
 * KeyInfo forms of XMLDSig 1.1 §4.5 beyond X509Data/KeyValue: dsig11:DEREncodedKeyValue
 * (§4.5.3), same-document ds:RetrievalMethod (§4.5.4; Type KeyValue, X509Data,
 * rawX509Certificate, DEREncodedKeyValue) and dsig11:KeyInfoReference (§4.5.5). Keys,
 * certificates and SignatureValues come from the `openssl` command. References are followed
 * one step within the document only: loops are reported, nothing is fetched.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseXml } from "../xml/parse-xml.ts";
import { MAX_KEY_REFERENCES } from "./key-references.ts";
import { document, genpkey, hasOpenssl, openssl, signedInfo, signFile } from "./openssl-fixtures.ts";
import * as U from "./uris.ts";
import { verifyXmlSignature } from "./verify.ts";

const DS = U.DSIG_NAMESPACE;
const DS11 = U.DSIG11_NAMESPACE;

describe.skipIf(!hasOpenssl)("KeyInfo references and DER-encoded keys (openssl keys and signatures)", () => {
  const ed = genpkey("ki-ed25519", "-algorithm", "ed25519");
  const rsa = genpkey("ki-rsa", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
  const other = genpkey("ki-other", "-algorithm", "ed25519");
  const edSpki = openssl(["pkey", "-in", ed.file, "-pubout", "-outform", "DER"]).toString("base64");
  const otherSpki = openssl(["pkey", "-in", other.file, "-pubout", "-outform", "DER"]).toString("base64");
  const certFile = join(ed.file, "..", "ki-rsa-cert.pem");
  openssl([
    "req",
    "-x509",
    "-new",
    "-key",
    rsa.file,
    "-subj",
    "/CN=KeyInfo reference",
    "-days",
    "2",
    "-out",
    certFile,
  ]);
  const certB64 = readFileSync(certFile, "latin1").replace(/-----[^-]+-----|\s/g, "");
  const jwk = rsa.publicKey.export({ format: "jwk" });
  const b64 = (u: string) => Buffer.from(u, "base64url").toString("base64");
  const rsaKeyValue = `<KeyValue xmlns="${DS}" Id="kv"><RSAKeyValue><Modulus>${b64(jwk.n!)}</Modulus><Exponent>${b64(jwk.e!)}</Exponent></RSAKeyValue></KeyValue>`;

  const edSigned = (keyInfo: string, outside = "") => {
    const sig = document(
      signedInfo(U.SIG_EDDSA_ED25519, U.DIGEST_SHA256),
      (si) => openssl(["pkeyutl", "-sign", "-rawin", "-inkey", ed.file, "-in", writeTmp(si)]),
      keyInfo,
    );
    return `<doc>${sig}${outside}</doc>`;
  };
  const rsaSigned = (keyInfo: string, outside = "") => {
    const sig = document(
      signedInfo(U.SIG_RSA_SHA256, U.DIGEST_SHA256),
      (si) => openssl(["dgst", "-sha256", "-sign", rsa.file], si),
      keyInfo,
    );
    return `<doc>${sig}${outside}</doc>`;
  };
  let n = 0;
  const writeTmp = (octets: Buffer) => signFile(octets, `ki-${n++}`);

  it("dsig11:DEREncodedKeyValue carries an Ed25519 key; another key in it does not verify", async () => {
    const ki = `<KeyInfo><DEREncodedKeyValue xmlns="${DS11}">${edSpki}</DEREncodedKeyValue></KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(edSigned(ki)));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signingKey?.source).toBe("key-value");
    const wrong = `<KeyInfo><DEREncodedKeyValue xmlns="${DS11}">${otherSpki}</DEREncodedKeyValue></KeyInfo>`;
    const w = await verifyXmlSignature(parseXml(edSigned(wrong)));
    expect(w.valid).toBe(false);
    expect(w.errors.map((e) => e.code)).toEqual(["xmldsig-signature-invalid"]);
  });

  it("dsig11:KeyInfoReference to a ds:KeyInfo elsewhere in the document", async () => {
    const ki = `<KeyInfo><KeyInfoReference xmlns="${DS11}" URI="#shared-key"/></KeyInfo>`;
    const shared = `<KeyInfo xmlns="${DS}" Id="shared-key"><DEREncodedKeyValue xmlns="${DS11}">${edSpki}</DEREncodedKeyValue></KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(edSigned(ki, shared)));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const xpointer = ki.replace('"#shared-key"', `"#xpointer(id('shared-key'))"`);
    expect((await verifyXmlSignature(parseXml(edSigned(xpointer, shared)))).valid).toBe(true);
  });

  it("RetrievalMethod Type KeyValue and X509Data (same document)", async () => {
    const kv = `<KeyInfo><RetrievalMethod URI="#kv" Type="${U.RETRIEVAL_KEY_VALUE}"/></KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(rsaSigned(kv, rsaKeyValue)));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const x509 = `<KeyInfo><RetrievalMethod URI="#certs" Type="${U.RETRIEVAL_X509_DATA}"/></KeyInfo>`;
    const data = `<X509Data xmlns="${DS}" Id="certs"><X509Certificate>${certB64}</X509Certificate></X509Data>`;
    const c = await verifyXmlSignature(parseXml(rsaSigned(x509, data)));
    expect(c.errors).toEqual([]);
    expect(c.valid).toBe(true);
    expect(c.signingKey?.source).toBe("x509-certificate");
    expect(Buffer.from(c.signingKey!.certificate!).toString("base64")).toBe(certB64);
  });

  it("RetrievalMethod Type rawX509Certificate: base64 text of an element, base64 transform only", async () => {
    const raw = `<KeyInfo><RetrievalMethod URI="#raw" Type="${U.RETRIEVAL_RAW_X509_CERTIFICATE}"><Transforms><Transform Algorithm="${U.TRANSFORM_BASE64}"/></Transforms></RetrievalMethod></KeyInfo>`;
    const holder = `<cert Id="raw">${certB64}</cert>`;
    const r = await verifyXmlSignature(parseXml(rsaSigned(raw, holder)));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const xpath = raw.replace(
      `<Transform Algorithm="${U.TRANSFORM_BASE64}"/>`,
      `<Transform Algorithm="${U.TRANSFORM_XPATH}"><XPath>1</XPath></Transform>`,
    );
    const x = await verifyXmlSignature(parseXml(rsaSigned(xpath, holder)));
    expect(x.errors.map((e) => e.code)).toEqual(["xmldsig-unsupported-transform"]);
  });

  it("reference loops are reported, never followed", async () => {
    // KeyInfo → KeyInfo → back: the second step is not taken.
    const a = `<KeyInfo Id="a"><KeyInfoReference xmlns="${DS11}" URI="#b"/></KeyInfo>`;
    const b = `<KeyInfo xmlns="${DS}" Id="b"><KeyInfoReference xmlns="${DS11}" URI="#a"/></KeyInfo>`;
    const loop = await verifyXmlSignature(parseXml(edSigned(a, b)));
    expect(loop.valid).toBe(false);
    expect(loop.errors.map((e) => e.code)).toEqual(["xmldsig-key-reference-loop"]);
    // A KeyInfo that references itself.
    const self = `<KeyInfo Id="me"><KeyInfoReference xmlns="${DS11}" URI="#me"/></KeyInfo>`;
    const s = await verifyXmlSignature(parseXml(edSigned(self)));
    expect(s.errors.map((e) => e.code)).toEqual(["xmldsig-key-reference-loop"]);
    // A RetrievalMethod that designates a RetrievalMethod.
    const rm = `<KeyInfo><RetrievalMethod URI="#kv2" Type="${U.RETRIEVAL_KEY_VALUE}"/></KeyInfo>`;
    const kv2 = `<KeyValue xmlns="${DS}" Id="kv2"><RetrievalMethod URI="#kv2" Type="${U.RETRIEVAL_KEY_VALUE}"/></KeyValue>`;
    const r = await verifyXmlSignature(parseXml(rsaSigned(rm, kv2)));
    expect(r.errors.map((e) => e.code)).toEqual(["xmldsig-key-reference-loop"]);
  });

  it("nothing is fetched: remote KeyInfoReference / RetrievalMethod give no key", async () => {
    const resolver = vi.fn(async () => "unavailable" as const);
    const remote = `<KeyInfo><KeyInfoReference xmlns="${DS11}" URI="http://127.0.0.1:9/key.xml"/><RetrievalMethod URI="http://127.0.0.1:9/kv.xml" Type="${U.RETRIEVAL_KEY_VALUE}"/></KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(edSigned(remote)), { resolver });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.code)).toEqual(["xmldsig-no-key"]);
    expect(r.errors[0]!.message).toMatch(/not a same-document reference/);
    expect(resolver).not.toHaveBeenCalled();
  });

  it("a reference to an element of the wrong kind gives no key", async () => {
    const ki = `<KeyInfo><RetrievalMethod URI="#obj" Type="${U.RETRIEVAL_X509_DATA}"/></KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(rsaSigned(ki)));
    expect(r.errors.map((e) => e.code)).toEqual(["xmldsig-no-key"]);
    expect(r.errors[0]!.message).toMatch(/not its Type/);
  });

  it("many references: each target is read once, at most MAX_KEY_REFERENCES of them", async () => {
    const shared = `<KeyInfo xmlns="${DS}" Id="k"><DEREncodedKeyValue xmlns="${DS11}">${edSpki}</DEREncodedKeyValue></KeyInfo>`;
    const many = `<KeyInfo>${`<KeyInfoReference xmlns="${DS11}" URI="#k"/>`.repeat(10_000)}</KeyInfo>`;
    const r = await verifyXmlSignature(parseXml(edSigned(many, shared)));
    expect(r.errors).toEqual([]);
    expect(r.keyInfo.keyValues).toHaveLength(1);
    // The signer's key behind the ninth distinct reference is not reached.
    const decoys = Array.from(
      { length: MAX_KEY_REFERENCES },
      (_, i) =>
        `<KeyInfo xmlns="${DS}" Id="d${i}"><DEREncodedKeyValue xmlns="${DS11}">${otherSpki}</DEREncodedKeyValue></KeyInfo>`,
    ).join("");
    const refs = Array.from(
      { length: MAX_KEY_REFERENCES },
      (_, i) => `<KeyInfoReference xmlns="${DS11}" URI="#d${i}"/>`,
    );
    const capped = `<KeyInfo>${refs.join("")}<KeyInfoReference xmlns="${DS11}" URI="#k"/></KeyInfo>`;
    const c = await verifyXmlSignature(parseXml(edSigned(capped, decoys + shared)));
    expect(c.valid).toBe(false);
    expect(c.keyInfo.keyValues).toHaveLength(MAX_KEY_REFERENCES);
    expect(c.keyInfo.keyReferenceProblems[0]!.message).toMatch(/more than 8 key references/);
  });
});
