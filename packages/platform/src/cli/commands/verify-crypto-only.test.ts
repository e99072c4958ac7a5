/**
 * `tilts verify --crypto-only`, `--key`, `--cert`: a key or certificate not in the document (as
 * `xmlsec1 --pubkey-pem`), the cryptographic result without trust evaluation (never "valid"),
 * exit codes, usage errors, PEM inputs with explanatory text (RFC 7468 §2). Keys and
 * certificates come from `openssl`; one document is signed by `xmlsec1` when it is installed.
 */
import { spawnSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EXC_C14N,
  parseXml,
  SIG_EDDSA_ED25519,
  SIG_RSA_SHA256,
  signXml,
  TRANSFORM_ENVELOPED_SIGNATURE,
} from "@tilts/trust";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../command.ts";
import { main } from "../main.ts";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const hasXmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "tilts-crypto-only-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tilts(args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {} };
  return { code: await main(args, io), out, err };
}

function openssl(args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync("openssl", args, input ? { input } : {});
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const DOCUMENT =
  '<rec:Record xmlns:rec="urn:example:record"><rec:Patient>Anna Liepa</rec:Patient><rec:Dose>5 mg</rec:Dose></rec:Record>';

/** An enveloped signature with no KeyInfo: only a key from outside can verify it. */
async function signWithoutKeyInfo(keyFile: string, method: string, name: string): Promise<string> {
  const { document } = parseXml(DOCUMENT);
  const signed = await signXml({
    document,
    references: [
      {
        uri: "",
        digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
        transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: method,
    key: createPrivateKey(readFileSync(keyFile)),
  });
  expect(signed.xml).not.toContain("KeyInfo");
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, signed.xml);
  return file;
}

describe.skipIf(!hasOpenssl)("tilts verify --key / --cert / --crypto-only", () => {
  const edKey = join(dir, "ed.pem");
  const edPub = join(dir, "ed-pub.pem");
  const otherPub = join(dir, "other-pub.pem");
  openssl(["genpkey", "-algorithm", "ed25519", "-out", edKey]);
  // RFC 7468 §2: explanatory text before and after the block.
  writeFileSync(
    edPub,
    `Signer's key, exported for the test\n${openssl(["pkey", "-in", edKey, "-pubout"])}Not a block: -- end --\n`,
  );
  const otherKey = join(dir, "other.pem");
  openssl(["genpkey", "-algorithm", "ed25519", "-out", otherKey]);
  writeFileSync(otherPub, openssl(["pkey", "-in", otherKey, "-pubout"]));

  it("documents the flags and their exit codes in --help", async () => {
    const help = await tilts(["verify", "--help"]);
    expect(help.out).toMatch(/--crypto-only/);
    expect(help.out).toMatch(/--key KEY/);
    expect(help.out).toMatch(/--cert CERT/);
    expect(help.out).toMatch(
      /0 every signature's references and SignatureValue are intact \(trust NOT evaluated\)/,
    );
  });

  it("--key verifies a signature without KeyInfo: intact, trust not evaluated, never valid; exit 0", async () => {
    const file = await signWithoutKeyInfo(edKey, SIG_EDDSA_ED25519, "ed-signed");
    const r = await tilts(["verify", file, "--key", edPub, "--json"]);
    expect([r.code, r.err]).toEqual([0, ""]);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      container: "XML",
      valid: false,
      mode: "crypto-only",
      trust: "not-evaluated",
      intact: true,
    });
    const sig = report.signatures[0];
    expect(sig).toMatchObject({
      indication: "INDETERMINATE",
      subIndication: null,
      signatureValueValid: true,
      referencesIntact: true,
      keySource: "key",
      trust: "not-evaluated",
      scope: "FULL",
      format: "XML-NOT-ETSI",
    });
    expect(sig.warnings.map((w: { code: string }) => w.code)).toContain("trust-not-evaluated");
    // The contract's fields are all there, in order, before the added ones.
    expect(Object.keys(report)).toEqual([
      "container",
      "files",
      "valid",
      "signatures",
      "errors",
      "mode",
      "trust",
      "intact",
    ]);
    expect(Object.keys(sig).slice(0, 16)).toEqual([
      "id",
      "format",
      "signedBy",
      "signerId",
      "claimedSigningTime",
      "bestSignatureTime",
      "indication",
      "subIndication",
      "qualification",
      "signatureValueValid",
      "referencesIntact",
      "scope",
      "coveredFiles",
      "timestamps",
      "warnings",
      "errors",
    ]);
    const human = await tilts(["verify", file, "--key", edPub]);
    expect(human.out).toMatch(/INTACT \(trust not evaluated\)/);
    expect(human.out).not.toMatch(/\bVALID\b/);
    // Without a key from outside, the full validation finds none: exit 1.
    expect((await tilts(["verify", file, "--json"])).code).toBe(1);
  });

  it("a changed document or another key: not intact, TOTAL-FAILED, exit 1", async () => {
    const file = await signWithoutKeyInfo(edKey, SIG_EDDSA_ED25519, "ed-tampered");
    writeFileSync(file, readFileSync(file, "utf8").replace("5 mg", "50 mg"));
    const tampered = await tilts(["verify", file, "--key", edPub, "--json"]);
    expect(tampered.code).toBe(1);
    const t = JSON.parse(tampered.out);
    expect([t.intact, t.valid, t.signatures[0].indication, t.signatures[0].subIndication]).toEqual([
      false,
      false,
      "TOTAL-FAILED",
      "HASH_FAILURE",
    ]);
    const good = await signWithoutKeyInfo(edKey, SIG_EDDSA_ED25519, "ed-other-key");
    const wrong = await tilts(["verify", good, "--key", otherPub, "--json"]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.out).signatures[0].subIndication).toBe("SIG_CRYPTO_FAILURE");
  });

  it("--cert: the signer's certificate (openssl x509 -text dump before the block) supplies the key", async () => {
    const rsaKey = join(dir, "rsa.pem");
    openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsaKey]);
    const cert = openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      rsaKey,
      "-subj",
      "/CN=Dr Anna Liepa",
      "-days",
      "2",
    ]);
    const certFile = join(dir, "signer.pem");
    writeFileSync(certFile, openssl(["x509", "-text"], cert));
    expect(readFileSync(certFile, "latin1").startsWith("Certificate:")).toBe(true);
    const file = await signWithoutKeyInfo(rsaKey, SIG_RSA_SHA256, "rsa-signed");
    const r = await tilts(["verify", file, "--cert", certFile, "--json"]);
    expect([r.code, r.err]).toEqual([0, ""]);
    const sig = JSON.parse(r.out).signatures[0];
    expect([sig.keySource, sig.signedBy, sig.signatureValueValid]).toEqual([
      "certificate",
      "Dr Anna Liepa",
      true,
    ]);
  });

  it.skipIf(!hasXmlsec)("--key verifies what xmlsec1 signed, as xmlsec1 --pubkey-pem does", async () => {
    const rsaKey = join(dir, "xs-rsa.pem");
    const rsaPub = join(dir, "xs-rsa-pub.pem");
    openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsaKey]);
    writeFileSync(rsaPub, openssl(["pkey", "-in", rsaKey, "-pubout"]));
    const template = join(dir, "xs.tmpl.xml");
    const out = join(dir, "xs-signed.xml");
    writeFileSync(
      template,
      `<rec:Record xmlns:rec="urn:example:record"><rec:Dose>5 mg</rec:Dose><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="${EXC_C14N}"/><SignatureMethod Algorithm="${SIG_RSA_SHA256}"/><Reference URI=""><Transforms><Transform Algorithm="${TRANSFORM_ENVELOPED_SIGNATURE}"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/></Signature></rec:Record>`,
    );
    const signed = spawnSync("xmlsec1", ["--sign", "--privkey-pem", rsaKey, "--output", out, template], {
      encoding: "utf8",
    });
    expect(signed.status, signed.stderr).toBe(0);
    const r = await tilts(["verify", out, "--key", rsaPub, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).intact).toBe(true);
  });

  it("usage and input errors exit 2", async () => {
    const file = join(dir, "ed-signed.xml");
    expect((await tilts(["verify", file, "--key", edPub, "--cert", edPub])).code).toBe(2);
    expect((await tilts(["verify", file, "--crypto-only", "--anchor", edPub])).code).toBe(2);
    expect((await tilts(["verify", file, "--key", edPub, "--online"])).code).toBe(2);
    const notKey = join(dir, "not-a-key.pem");
    writeFileSync(notKey, "no key here\n");
    const bad = await tilts(["verify", file, "--key", notKey, "--json"]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).errors[0].code).toBe("bad-input");
  });
});
