/**
 * The forms found in real Latvian eDocs (issue "Trust II" item 3; edoc-and-validation.md §1.4),
 * produced here with the test PKI: each validates, with a warning naming the quirk.
 */
import { describe, expect, it } from "vitest";
import { createAsicE } from "../asic/asic-create.ts";
import { augmentXades } from "../xades/augment.ts";
import type { XadesLevel } from "../xades/constants.ts";
import { signXades } from "../xades/sign-xades.ts";
import { type EdocTestPki, type EdocTestSigner, edocTestPki } from "./testing/edoc-test-pki.ts";
import { crlfBase64, resignSignedInfo, withAttributeCertificate } from "./testing/legacy-forms.ts";
import { type VerifyDocumentOptions, verifyDocument } from "./verify-document.ts";

const content = new TextEncoder().encode("Latvian sample\n");
const files = [{ name: "Sample File.txt", content, mediaType: "text/plain" }];

async function signatureXml(
  pki: EdocTestPki,
  signer: EdocTestSigner,
  level: XadesLevel,
  tweak: { legacyV1?: boolean; resign?: "rsa-sha1" | "no-null" } = {},
): Promise<string> {
  const signed = await signXades({
    shape: "asic",
    signer,
    dataObjects: [{ uri: "Sample%20File.txt", content, mimeType: "text/plain" }],
    ...(tweak.legacyV1 ? { legacySigningCertificateV1: true } : {}),
  });
  const xml = tweak.resign ? resignSignedInfo(signed.xml, signer.key, tweak.resign) : signed.xml;
  if (level === "B") return xml;
  return augmentXades({ xml, level, tsa: pki.tsa, fetchers: pki.fetchers });
}

const container = (xml: string) =>
  createAsicE({ dataFiles: files, signatures: [new TextEncoder().encode(xml)] });

async function check(xml: string, pki: EdocTestPki, extra: Partial<VerifyDocumentOptions> = {}) {
  const r = await verifyDocument(container(xml), { anchors: [pki.root], ...extra });
  const s = r.signatures[0]!;
  return { verdict: [s.indication, s.subIndication], warnings: s.warnings.map((w) => w.code), s };
}

describe("Latvian eDoc tolerances", () => {
  const pki = edocTestPki();

  it("SigningCertificate v1 (IssuerSerial with X509IssuerName/X509SerialNumber)", async () => {
    const xml = await signatureXml(pki, pki.issueSigner(), "LT", { legacyV1: true });
    expect(xml).toContain("<xades:SigningCertificate>");
    const { verdict, warnings } = await check(xml, pki);
    expect(verdict).toEqual(["TOTAL-PASSED", null]);
    expect(warnings).toContain("signing-certificate-v1");
    expect(warnings).not.toContain("issuer-serial-mismatch");
  });

  it("rsa-sha1: refused after the configured SHA-1 expiry, accepted (with a warning) before it", async () => {
    const xml = await signatureXml(pki, pki.issueSigner({ key: "rsa2048" }), "LT", { resign: "rsa-sha1" });
    expect(xml).toContain("xmldsig#rsa-sha1");
    expect((await check(xml, pki)).verdict).toEqual(["INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"]);
    const lenient = await check(xml, pki, {
      cryptoPolicy: { sha1ValidUntil: new Date(Date.now() + 86_400_000) },
    });
    expect(lenient.verdict).toEqual(["TOTAL-PASSED", null]);
    expect(lenient.warnings).toContain("sha1-accepted");
  });

  it("RSA DigestInfo without the NULL parameters", async () => {
    const xml = await signatureXml(pki, pki.issueSigner({ key: "rsa2048" }), "LT", { resign: "no-null" });
    const { verdict, warnings, s } = await check(xml, pki);
    expect(verdict).toEqual(["TOTAL-PASSED", null]);
    expect(s.signatureValueValid).toBe(true);
    expect(warnings).toContain("rsa-digestinfo-without-null");
  });

  it("OCSP produced before the signature time-stamp → a warning, not a failure", async () => {
    const early = edocTestPki();
    early.settings.ocspOffsetMs = -57_000;
    const xml = await signatureXml(early, early.issueSigner(), "LT");
    const { verdict, warnings } = await check(xml, early);
    expect(verdict).toEqual(["TOTAL-PASSED", null]);
    expect(warnings).toContain("ocsp-before-timestamp");
    // The strict (Estonian) rule, when configured.
    const strict = await check(xml, early, { ocspBeforeTimestamp: "failure" });
    expect(strict.verdict).toEqual(["INDETERMINATE", "TIMESTAMP_ORDER_FAILURE"]);
    // In step with the time-stamp: no warning.
    const inStep = await check(await signatureXml(pki, pki.issueSigner(), "LT"), pki);
    expect(inStep.warnings).not.toContain("ocsp-before-timestamp");
  });

  it("base64 with &#13; line ends in certificates, time-stamps and revocation values", async () => {
    const xml = crlfBase64(await signatureXml(pki, pki.issueSigner(), "LT"), [
      "X509Certificate",
      "EncapsulatedTimeStamp",
      "EncapsulatedX509Certificate",
      "EncapsulatedOCSPValue",
      "EncapsulatedCRLValue",
    ]);
    expect(xml).toContain("&#13;\n");
    const { verdict, s } = await check(xml, pki);
    expect(verdict).toEqual(["TOTAL-PASSED", null]);
    expect(s.format).toBe("XAdES-BASELINE-LT");
    expect(s.timestamps[0]!.valid).toBe(true);
  });

  it("a time-stamp token whose certificate set holds an attribute certificate", async () => {
    const xml = await signatureXml(pki, pki.issueSigner(), "T");
    const token = /<xades:EncapsulatedTimeStamp>([^<]+)</.exec(xml)![1]!;
    const odd = withAttributeCertificate(new Uint8Array(Buffer.from(token, "base64")));
    const edited = xml.replace(token, Buffer.from(odd).toString("base64"));
    const { verdict, warnings, s } = await check(edited, pki, { fetchers: pki.fetchers });
    expect(verdict).toEqual(["TOTAL-PASSED", null]);
    expect(s.timestamps).toEqual([expect.objectContaining({ type: "SIGNATURE", valid: true })]);
    expect(warnings).toContain("timestamp-attribute-certificate");
  });
});
