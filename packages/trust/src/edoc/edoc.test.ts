import { describe, expect, it } from "vitest";
import { readAsicE } from "../asic/asic-read.ts";
import { signEdoc } from "./sign-edoc.ts";
import { edocTestPki } from "./testing/edoc-test-pki.ts";
import { verifyDocument } from "./verify-document.ts";

const text = (s: string) => new TextEncoder().encode(s);

describe("eDoc sign → verify round trip", () => {
  const pki = edocTestPki();
  const files = [
    { name: "Sample File.txt", content: text("hello eDoc\n"), mediaType: "text/plain" },
    { name: "test+test.txt", content: text("plus is literal\n"), mediaType: "text/plain" },
  ];

  for (const level of ["B", "T", "LT", "LTA"] as const) {
    it(`level ${level}, P-384`, async () => {
      const signer = pki.issueSigner({ key: "p384" });
      const edoc = await signEdoc({ dataFiles: files, signer, level, tsa: pki.tsa, fetchers: pki.fetchers });
      const container = readAsicE(edoc);
      expect(container.signatureFiles.map((f) => f.name)).toEqual(["META-INF/signatures0.xml"]);
      const xml = new TextDecoder().decode(container.signatureFiles[0]!.content);
      expect(xml).toContain('URI="Sample%20File.txt"');
      expect(xml).toContain('URI="test+test.txt"');
      expect(xml).toContain("<asic:XAdESSignatures");
      const report = await verifyDocument(edoc, {
        anchors: [pki.root],
        ...(level === "B" || level === "T" ? { fetchers: pki.fetchers } : {}),
      });
      const sig = report.signatures[0]!;
      expect(sig.errors).toEqual([]);
      expect(sig.indication).toBe("TOTAL-PASSED");
      expect(sig.format).toBe(`XAdES-BASELINE-${level}`);
      expect(sig.scope).toBe("FULL");
      expect(sig.coveredFiles).toEqual(["Sample File.txt", "test+test.txt"]);
      expect(sig.signedBy).toBe("ANNA BERZINA");
      expect(sig.signerId).toBe("PNOLV-010190-10006");
      expect(report.valid).toBe(true);
      if (level !== "B") expect(sig.bestSignatureTime).not.toBeNull();
      if (level === "LTA")
        expect(sig.timestamps.map((t) => [t.type, t.valid])).toEqual([
          ["SIGNATURE", true],
          ["ARCHIVE", true],
        ]);
    });
  }

  it("RSA-2048 signer at LT validates offline (embedded data only)", async () => {
    const signer = pki.issueSigner({ key: "rsa2048" });
    const edoc = await signEdoc({
      dataFiles: files,
      signer,
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const before = { ...pki.calls };
    const report = await verifyDocument(edoc, { anchors: [pki.root] });
    expect(report.signatures[0]!.indication).toBe("TOTAL-PASSED");
    expect(pki.calls.ocsp).toBe(before.ocsp);
    expect(pki.calls.crl).toBe(before.crl);
  });

  it("B without revocation data offline is INDETERMINATE/TRY_LATER", async () => {
    const signer = pki.issueSigner();
    const edoc = await signEdoc({ dataFiles: files, signer, level: "B" });
    const report = await verifyDocument(edoc, { anchors: [pki.root] });
    expect(report.signatures[0]!.indication).toBe("INDETERMINATE");
    expect(report.signatures[0]!.subIndication).toBe("TRY_LATER");
    expect(report.valid).toBe(false);
  });

  it("a second signer keeps the first valid", async () => {
    const first = pki.issueSigner({ cn: "ANNA BERZINA" });
    const second = pki.issueSigner({ key: "rsa2048", cn: "JANIS OZOLS", personalCode: "020280-10002" });
    const one = await signEdoc({
      dataFiles: files,
      signer: first,
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const two = await signEdoc({
      existingContainer: one,
      signer: second,
      level: "LTA",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    expect(readAsicE(two).signatureFiles.map((f) => f.name)).toEqual([
      "META-INF/signatures0.xml",
      "META-INF/signatures1.xml",
    ]);
    const report = await verifyDocument(two, { anchors: [pki.root] });
    expect(report.signatures.map((s) => [s.id, s.signedBy, s.indication, s.format])).toEqual([
      ["S0", "ANNA BERZINA", "TOTAL-PASSED", "XAdES-BASELINE-LT"],
      ["S1", "JANIS OZOLS", "TOTAL-PASSED", "XAdES-BASELINE-LTA"],
    ]);
  });

  it("no matching anchor gives NO_CERTIFICATE_CHAIN_FOUND; a look-alike root gives a chain failure", async () => {
    const edoc = await signEdoc({
      dataFiles: files,
      signer: pki.issueSigner(),
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const none = await verifyDocument(edoc, { anchors: [pki.tsaCertificate] });
    expect([none.signatures[0]!.indication, none.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "NO_CERTIFICATE_CHAIN_FOUND",
    ]);
    // Same subject name, other key: the chain does not verify.
    const lookAlike = await verifyDocument(edoc, { anchors: [edocTestPki().root] });
    expect([lookAlike.signatures[0]!.indication, lookAlike.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    ]);
  });

  it("long-term: an LT signature validated a year later (embedded OCSP long stale) still passes; a T one cannot", async () => {
    const later = new Date(Date.now() + 365 * 86_400_000);
    const lt = await signEdoc({
      dataFiles: files,
      signer: pki.issueSigner(),
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
    });
    const r = await verifyDocument(lt, { anchors: [pki.root], validationTime: later });
    expect([r.signatures[0]!.indication, r.signatures[0]!.subIndication]).toEqual(["TOTAL-PASSED", null]);
    const t = await signEdoc({ dataFiles: files, signer: pki.issueSigner(), level: "T", tsa: pki.tsa });
    const rt = await verifyDocument(t, { anchors: [pki.root], validationTime: later });
    expect([rt.signatures[0]!.indication, rt.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "TRY_LATER",
    ]);
  });
});
