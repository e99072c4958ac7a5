/**
 * Interop with an independent WS-Security/XML-DSig implementation, xmlsec1 (Debian package
 * `xmlsec1`): the signatures we put in wsse:Security verify with `xmlsec1 --verify`.
 * xmlsec1 resolves the references to eb:Messaging and soap:Body once told which attributes
 * are IDs (`--id-attr:Id` for wsu:Id on those two elements), and takes the key from the
 * sender's certificate (it does not read wsse:SecurityTokenReference). It cannot resolve
 * `cid:` attachment references nor apply the SwA transform, so these tests sign messages
 * whose only references are Messaging and Body (a user message without payloads, a
 * receipt). For the attachment references, openssl computes the SHA-256 of each MIME part's
 * content independently and it must equal the DigestValue we signed (the SwA content transform
 * is the identity on the decoded content, SwA profile 1.1 §5.2).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIGEST_SHA256, EXC_C14N, parseXml, SIG_RSA_SHA256, serializeXml } from "@tilts/trust";
import { afterAll, describe, expect, it } from "vitest";
import { BODY_ID, buildEnvelope, MESSAGING_ID } from "../message/build-envelope.ts";
import { parseMultipart } from "../mime/multipart.ts";
import { DS_NS, EBMS_NS, SOAP12_NS, X509V3_TOKEN } from "../namespaces.ts";
import { openMessage } from "../open-message.ts";
import { packageSignal, packageUserMessage } from "../package-message.ts";
import { buildReceipt } from "../reliability/receipt.ts";
import { AT, ootsRequestHeader, testAccessPoints } from "../testing/test-access-points.ts";
import { binarySecurityToken, securityHeader } from "./security-header.ts";

const hasXmlsec = spawnSync("xmlsec1", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "as4-xmlsec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aps = testAccessPoints();

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function xmlsecVerify(name: string, xml: string, certificate: Uint8Array) {
  const cert = join(dir, `${name}.pem`);
  const file = join(dir, `${name}.xml`);
  writeFileSync(cert, pem(certificate));
  writeFileSync(file, xml);
  const r = spawnSync(
    "xmlsec1",
    [
      "--verify",
      "--pubkey-cert-pem",
      cert,
      "--id-attr:Id",
      `${EBMS_NS}:Messaging`,
      "--id-attr:Id",
      `${SOAP12_NS}:Body`,
      "--enabled-reference-uris",
      "same-doc",
      file,
    ],
    { encoding: "utf8" },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

describe.skipIf(!hasOpenssl)("openssl agrees with the digests of our cid: references", () => {
  it("each attachment's DigestValue is openssl's SHA-256 of the part content", async () => {
    const sent = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [
        { contentId: "a@x", mimeType: "application/x-ebrs+xml", bytes: new TextEncoder().encode("<a>ā</a>") },
        { contentId: "b@x", mimeType: "application/pdf", bytes: new Uint8Array(4000).map((_, i) => i % 251) },
      ],
      compress: true,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
    });
    const { attachments } = parseMultipart(sent.mime);
    const { document } = parseXml(sent.envelopeXml);
    const references = Array.from(document.getElementsByTagNameNS(DS_NS, "Reference"));
    for (const part of attachments) {
      const file = join(dir, `part-${part.contentId}`);
      writeFileSync(file, part.bytes);
      const r = spawnSync("openssl", ["dgst", "-sha256", "-binary", file]);
      const ref = references.find((e) => e.getAttribute("URI") === `cid:${part.contentId}`)!;
      const digest = ref.getElementsByTagNameNS(DS_NS, "DigestValue")[0]!.textContent;
      expect(digest).toBe(Buffer.from(r.stdout).toString("base64"));
    }
    expect(attachments).toHaveLength(2);
  });
});

describe.skipIf(!hasXmlsec)("xmlsec1 verifies our WS-Security signatures", () => {
  for (const signer of ["sender", "ecSender"] as const) {
    it(`a user message signed by ${signer} (Messaging and Body references)`, async () => {
      const ap = aps[signer];
      const sent = await packageUserMessage({
        message: ootsRequestHeader(),
        payloads: [],
        compress: false,
        signing: {
          privateKey: ap.key.privateKey,
          certificate: ap.certificate,
          algorithm: signer === "sender" ? "rsa-sha256" : "ecdsa-sha256",
        },
      });
      const ok = xmlsecVerify(`um-${signer}`, sent.envelopeXml, ap.certificate);
      expect(ok.output).toContain("OK");
      expect(ok.output).toMatch(/References \(ok\/all\): 2\/2/);
      expect(ok.status).toBe(0);
      // Tampering with the signed header makes xmlsec1 refuse too: the test can fail.
      const forged = sent.envelopeXml.replace("ExecuteQueryRequest", "ExceptionResponse");
      expect(xmlsecVerify(`um-${signer}-forged`, forged, ap.certificate).status).not.toBe(0);
    });
  }

  it("a signed non-repudiation receipt", async () => {
    const sent = await packageUserMessage({
      message: ootsRequestHeader(),
      payloads: [],
      compress: false,
      signing: {
        privateKey: aps.sender.key.privateKey,
        certificate: aps.sender.certificate,
        algorithm: "rsa-sha256",
      },
    });
    const received = await openMessage(sent.mime, {
      policyFor: () => ({ signature: { required: true }, encryptionRequired: false }),
      trust: aps.trust,
      at: AT,
    });
    const receipt = await packageSignal(buildReceipt({ received, messageId: "rcpt@x", timestamp: AT }), {
      privateKey: aps.receiver.key.privateKey,
      certificate: aps.receiver.certificate,
      algorithm: "rsa-sha256",
    });
    const ok = xmlsecVerify("receipt", receipt.envelopeXml, aps.receiver.certificate);
    expect(ok.output).toContain("OK");
    expect(ok.status).toBe(0);
    expect(xmlsecVerify("receipt-wrong-key", receipt.envelopeXml, aps.sender.certificate).status).not.toBe(0);
  });
});

describe.skipIf(!hasXmlsec)("we verify the WS-Security signature xmlsec1 makes", () => {
  it("an envelope signed by xmlsec1 from a template opens with our verifier; tampered, it does not", async () => {
    const doc = buildEnvelope({ kind: "user", ...ootsRequestHeader(), parts: [] });
    const security = securityHeader(doc);
    security.appendChild(binarySecurityToken(doc, "tok", aps.sender.certificate));
    const ref = (id: string) =>
      `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms><ds:DigestMethod Algorithm="${DIGEST_SHA256}"/><ds:DigestValue/></ds:Reference>`;
    const template = `<ds:Signature xmlns:ds="${DS_NS}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/><ds:SignatureMethod Algorithm="${SIG_RSA_SHA256}"/>${ref(MESSAGING_ID)}${ref(BODY_ID)}</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#tok" ValueType="${X509V3_TOKEN}"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>`;
    const xml = serializeXml(doc).replace("</wsse:Security>", `${template}</wsse:Security>`);
    const key = join(dir, "xs-key.pem");
    writeFileSync(key, aps.sender.key.privateKey.export({ type: "pkcs8", format: "pem" }));
    const tmpl = join(dir, "xs-envelope.tmpl.xml");
    const out = join(dir, "xs-envelope.xml");
    writeFileSync(tmpl, xml);
    const r = spawnSync(
      "xmlsec1",
      [
        "--sign",
        "--privkey-pem",
        key,
        "--id-attr:Id",
        `${EBMS_NS}:Messaging`,
        "--id-attr:Id",
        `${SOAP12_NS}:Body`,
        "--output",
        out,
        tmpl,
      ],
      { encoding: "utf8" },
    );
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const signed = readFileSync(out);
    const open = (body: Uint8Array) =>
      openMessage(
        { contentType: "application/soap+xml; charset=UTF-8", body },
        {
          policyFor: () => ({
            signature: { required: true, allowedCertificates: [aps.sender.certificate] },
            encryptionRequired: false,
          }),
          trust: aps.trust,
          at: AT,
        },
      );
    const opened = await open(signed);
    expect(opened.signature?.references.map((x) => x.uri)).toEqual([`#${MESSAGING_ID}`, `#${BODY_ID}`]);
    const tampered = new TextEncoder().encode(
      signed.toString("utf8").replace("ExecuteQueryRequest", "ExceptionResponse"),
    );
    await expect(open(tampered)).rejects.toMatchObject({ code: "EBMS:0101" });
  });
});
