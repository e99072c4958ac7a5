/**
 * The EN 319 102-1 verdicts of `validatePdf` beyond the round trips: broken bytes inside the
 * signed range, a broken CMS signature, a signer revoked before or after the signature
 * time-stamp, a time-stamp over other data, and the qualification port.
 */
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { PdfDocument } from "./pdf-document.ts";
import { readSignatureFields } from "./read-signatures.ts";
import { signPdf } from "./sign-pdf.ts";
import { buildTestPdf } from "./testing/test-pdf.ts";
import { validatePdf } from "./validate-pdf.ts";

describe("validatePdf verdicts", () => {
  const pki = edocTestPki();
  const options = { anchors: [pki.root], fetchers: pki.fetchers };

  it("a changed byte inside the signed range: TOTAL-FAILED / HASH_FAILURE", async () => {
    const pdf = await signPdf({
      pdf: await buildTestPdf({ objectStreams: false }),
      signer: pki.issueSigner(),
    });
    const text = Buffer.from(pdf).toString("latin1");
    // pdf-lib compresses the content stream; change the page's /MediaBox height instead.
    const at = text.indexOf("842");
    expect(at).toBeGreaterThan(0);
    const copy = new Uint8Array(pdf);
    copy[at] = "7".charCodeAt(0);
    const s = (await validatePdf(copy, options)).signatures[0]!;
    expect([s.indication, s.subIndication, s.referencesIntact]).toEqual([
      "TOTAL-FAILED",
      "HASH_FAILURE",
      false,
    ]);
  });

  it("a flipped bit in the CMS signature value: TOTAL-FAILED / SIG_CRYPTO_FAILURE", async () => {
    const pdf = await signPdf({ pdf: await buildTestPdf(), signer: pki.issueSigner({ key: "rsa2048" }) });
    const sig = readSignatureFields(PdfDocument.open(pdf))[0]!;
    const der = Buffer.from(sig.contents);
    // The RSA signature value is the last 256 bytes of the DER (no unsigned attributes at B-B).
    const length = der.readUInt16BE(2) + 4;
    const hexAt = sig.byteRange[1]! + 1 + (length - 10) * 2;
    const copy = new Uint8Array(pdf);
    copy[hexAt] = copy[hexAt] === 0x30 ? 0x31 : 0x30;
    const s = (await validatePdf(copy, options)).signatures[0]!;
    expect([s.indication, s.subIndication, s.referencesIntact, s.signatureValueValid]).toEqual([
      "TOTAL-FAILED",
      "SIG_CRYPTO_FAILURE",
      true,
      false,
    ]);
  });

  it("revoked before the claimed time /M (no POE): REVOKED; revoked after the time-stamp: still valid", async () => {
    const early = pki.issueSigner();
    pki.revoke(early.serial, new Date(pki.clock.now.getTime() - 3_600_000));
    const b = await signPdf({ pdf: await buildTestPdf(), signer: early });
    const r = (await validatePdf(b, options)).signatures[0]!;
    // As for XAdES: the signature's own claimed time is after the revocation.
    expect([r.indication, r.subIndication]).toEqual(["TOTAL-FAILED", "REVOKED"]);

    const late = pki.issueSigner();
    const t = await signPdf({
      pdf: await buildTestPdf(),
      signer: late,
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const later = new Date(pki.clock.now.getTime() + 3_600_000);
    pki.revoke(late.serial, later);
    // Two days on, the DSS's OCSP response is stale: the responder now says "revoked" (after the POE).
    pki.clock.now = new Date(later.getTime() + 2 * 86_400_000);
    try {
      const v = (await validatePdf(t, { ...options, validationTime: pki.clock.now })).signatures[0]!;
      expect(v.indication).toBe("TOTAL-PASSED");
      expect(v.warnings.map((w) => w.code)).toContain("revoked-after-signing");
    } finally {
      pki.clock.now = new Date(later.getTime() - 3_600_000);
    }
  });

  it("the qualification port gets the chain and the outcome", async () => {
    const pdf = await signPdf({
      pdf: await buildTestPdf(),
      signer: pki.issueSigner({ qc: true }),
      level: "T",
      tsa: pki.tsa,
    });
    const seen: string[] = [];
    const r = await validatePdf(pdf, {
      ...options,
      qualify: (input) => {
        seen.push(`${input.signatureStatus}:${input.chain.length}`);
        return { qualification: "QESig", warnings: [] };
      },
    });
    expect(r.signatures[0]!.qualification).toBe("QESig");
    expect(seen).toEqual(["valid:3"]);
  });

  it("another root with the same name: INDETERMINATE / CERTIFICATE_CHAIN_GENERAL_FAILURE", async () => {
    // The path reaches an anchor by name whose key does not verify the CA (the x509 module's verdict).
    const other = edocTestPki();
    const pdf = await signPdf({ pdf: await buildTestPdf(), signer: pki.issueSigner() });
    const s = (await validatePdf(pdf, { anchors: [other.root], fetchers: pki.fetchers })).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(["INDETERMINATE", "CERTIFICATE_CHAIN_GENERAL_FAILURE"]);
  });
});
