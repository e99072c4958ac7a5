import { describe, expect, it } from "vitest";
import { createAsicE } from "../asic/asic-create.ts";
import { readAsicE } from "../asic/asic-read.ts";
import { signEdoc } from "./sign-edoc.ts";
import { edocTestPki } from "./testing/edoc-test-pki.ts";
import { verifyDocument } from "./verify-document.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Rebuilds a container with its data files and signature files changed by `edit`. */
function rebuild(
  edoc: Uint8Array,
  edit: (files: { name: string; content: Uint8Array; mediaType: string }[], signature: string) => string,
): Uint8Array {
  const c = readAsicE(edoc);
  const files = c.dataFiles.map((f) => ({
    name: f.name,
    content: new Uint8Array(f.content),
    mediaType: f.mediaType,
  }));
  const signature = edit(files, dec.decode(c.signatureFiles[0]!.content));
  return createAsicE({ dataFiles: files, signatures: [enc.encode(signature)] });
}

describe("tampering", async () => {
  const pki = edocTestPki();
  const signer = pki.issueSigner({ key: "rsa2048" });
  const edoc = await signEdoc({
    dataFiles: [{ name: "a.txt", content: enc.encode("original text"), mediaType: "text/plain" }],
    signer,
    level: "LT",
    tsa: pki.tsa,
    fetchers: pki.fetchers,
  });
  const verdict = async (bytes: Uint8Array) => {
    const r = await verifyDocument(bytes, { anchors: [pki.root] });
    return [r.signatures[0]!.indication, r.signatures[0]!.subIndication];
  };

  it("the untouched container passes", async () => {
    expect(await verdict(edoc)).toEqual(["TOTAL-PASSED", null]);
  });

  it("one byte of a data file → HASH_FAILURE", async () => {
    const bad = rebuild(edoc, (files, s) => {
      const content = files[0]!.content;
      content[0] = (content[0] ?? 0) ^ 1;
      return s;
    });
    expect(await verdict(bad)).toEqual(["TOTAL-FAILED", "HASH_FAILURE"]);
  });

  it("one byte of SignedProperties → HASH_FAILURE", async () => {
    const bad = rebuild(edoc, (_f, s) => s.replace(/(<xades:SigningTime>\d{3})\d/, "$19"));
    expect(bad).not.toEqual(edoc);
    expect(await verdict(bad)).toEqual(["TOTAL-FAILED", "HASH_FAILURE"]);
  });

  it("one byte of SignatureValue → SIG_CRYPTO_FAILURE", async () => {
    const bad = rebuild(edoc, (_f, s) =>
      s.replace(
        /(<ds:SignatureValue[^>]*>)(.)/,
        (_m, open: string, ch: string) => `${open}${ch === "A" ? "B" : "A"}`,
      ),
    );
    const r = await verifyDocument(bad, { anchors: [pki.root] });
    expect([r.signatures[0]!.indication, r.signatures[0]!.subIndication]).toEqual([
      "TOTAL-FAILED",
      "SIG_CRYPTO_FAILURE",
    ]);
    expect(r.signatures[0]!.signatureValueValid).toBe(false);
    // The signature time-stamp no longer matches the SignatureValue either.
    expect(r.signatures[0]!.timestamps[0]!.valid).toBe(false);
  });

  it("a missing data file → SIGNED_DATA_NOT_FOUND", async () => {
    const c = readAsicE(edoc);
    const other = createAsicE({
      dataFiles: [{ name: "b.txt", content: enc.encode("other"), mediaType: "text/plain" }],
      signatures: [c.signatureFiles[0]!.content],
    });
    expect(await verdict(other)).toEqual(["INDETERMINATE", "SIGNED_DATA_NOT_FOUND"]);
  });

  it("a file added after signing is not covered: scope PARTIAL", async () => {
    const c = readAsicE(edoc);
    const more = createAsicE({
      dataFiles: [
        ...c.dataFiles.map((f) => ({ name: f.name, content: f.content, mediaType: f.mediaType })),
        { name: "added.txt", content: enc.encode("not signed"), mediaType: "text/plain" },
      ],
      signatures: [c.signatureFiles[0]!.content],
    });
    const r = await verifyDocument(more, { anchors: [pki.root] });
    expect(r.signatures[0]!.scope).toBe("PARTIAL");
    expect(r.signatures[0]!.coveredFiles).toEqual(["a.txt"]);
  });

  it("a duplicated (wrapped) SignedProperties → FORMAT_FAILURE", async () => {
    const bad = rebuild(edoc, (_f, s) => {
      const sp = /<xades:SignedProperties[\s\S]*?<\/xades:SignedProperties>/.exec(s)![0];
      const copy = sp.replace(
        "<xades:SignedProperties ",
        '<xades:SignedProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" ',
      );
      return s.replace("</ds:Signature>", `<ds:Object>${copy}</ds:Object></ds:Signature>`);
    });
    expect(await verdict(bad)).toEqual(["TOTAL-FAILED", "FORMAT_FAILURE"]);
  });

  it("two Signature elements in one file are reported separately; a copy in an Object is not a signer", async () => {
    const bad = rebuild(edoc, (_f, s) => {
      const sig = /<ds:Signature [\s\S]*<\/ds:Signature>/.exec(s)![0];
      return s.replace(
        "</asic:XAdESSignatures>",
        `${sig.replace('Id="S0"', 'Id="S0copy"')}</asic:XAdESSignatures>`,
      );
    });
    const r = await verifyDocument(bad, { anchors: [pki.root] });
    expect(r.signatures).toHaveLength(2);
    // Every Id below the copied signature now appears twice: both are refused.
    expect(r.signatures.every((s) => s.subIndication === "FORMAT_FAILURE")).toBe(true);
    expect(r.valid).toBe(false);
  });
});

describe("revocation and time", () => {
  const files = [{ name: "doc.txt", content: enc.encode("text"), mediaType: "text/plain" }];

  it("revoked before signing, with a signature time-stamp → TOTAL-FAILED/REVOKED", async () => {
    const pki = edocTestPki();
    const signer = pki.issueSigner();
    pki.revoke(signer.serial, new Date(Date.now() - 3_600_000));
    const edoc = await signEdoc({ dataFiles: files, signer, level: "T", tsa: pki.tsa });
    const r = await verifyDocument(edoc, { anchors: [pki.root], fetchers: pki.fetchers });
    expect([r.signatures[0]!.indication, r.signatures[0]!.subIndication]).toEqual([
      "TOTAL-FAILED",
      "REVOKED",
    ]);
  });

  it("revoked, no time-stamp, claimed signing time after the revocation → TOTAL-FAILED/REVOKED", async () => {
    const pki = edocTestPki();
    const signer = pki.issueSigner();
    pki.revoke(signer.serial, new Date(Date.now() - 3_600_000));
    const edoc = await signEdoc({ dataFiles: files, signer, level: "B" });
    const r = await verifyDocument(edoc, { anchors: [pki.root], fetchers: pki.fetchers });
    expect([r.signatures[0]!.indication, r.signatures[0]!.subIndication]).toEqual([
      "TOTAL-FAILED",
      "REVOKED",
    ]);
  });

  it("revoked, no time evidence, claimed signing time before the revocation → INDETERMINATE/REVOKED_NO_POE", async () => {
    const pki = edocTestPki();
    const signer = pki.issueSigner();
    pki.revoke(signer.serial, new Date(Date.now() - 3_600_000));
    const edoc = await signEdoc({
      dataFiles: files,
      signer,
      level: "B",
      signingTime: new Date(Date.now() - 86_400_000),
    });
    const r = await verifyDocument(edoc, { anchors: [pki.root], fetchers: pki.fetchers });
    expect([r.signatures[0]!.indication, r.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "REVOKED_NO_POE",
    ]);
  });

  it("revoked after an LT signature was made → still TOTAL-PASSED (online check sees the revocation)", async () => {
    const pki = edocTestPki({ now: new Date(Date.now() - 2 * 86_400_000) });
    const signer = pki.issueSigner();
    const edoc = await signEdoc({
      dataFiles: files,
      signer,
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
      signingTime: pki.clock.now,
      now: () => pki.clock.now,
    });
    pki.clock.now = new Date();
    pki.revoke(signer.serial, new Date(Date.now() - 3_600_000));
    const r = await verifyDocument(edoc, { anchors: [pki.root], fetchers: pki.fetchers });
    const s = r.signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(["TOTAL-PASSED", null]);
    expect(s.warnings.map((w) => w.code)).toContain("revoked-after-signing");
  });

  it("expired signing certificate: LT with time-stamp passes, B without POE is OUT_OF_BOUNDS_NO_POE", async () => {
    const pki = edocTestPki({ now: new Date(Date.now() - 10 * 86_400_000) });
    const signer = pki.issueSigner({ notAfter: new Date(Date.now() - 5 * 86_400_000) });
    const lt = await signEdoc({
      dataFiles: files,
      signer,
      level: "LT",
      tsa: pki.tsa,
      fetchers: pki.fetchers,
      signingTime: pki.clock.now,
      now: () => pki.clock.now,
    });
    const b = await signEdoc({ dataFiles: files, signer, level: "B", signingTime: pki.clock.now });
    const rLt = await verifyDocument(lt, { anchors: [pki.root] });
    expect([rLt.signatures[0]!.indication, rLt.signatures[0]!.subIndication]).toEqual(["TOTAL-PASSED", null]);
    const rB = await verifyDocument(b, { anchors: [pki.root], fetchers: pki.fetchers });
    expect([rB.signatures[0]!.indication, rB.signatures[0]!.subIndication]).toEqual([
      "INDETERMINATE",
      "OUT_OF_BOUNDS_NO_POE",
    ]);
  });

  it("no network unless the caller passes fetchers", async () => {
    const pki = edocTestPki();
    const edoc = await signEdoc({ dataFiles: files, signer: pki.issueSigner(), level: "T", tsa: pki.tsa });
    const before = { ...pki.calls };
    await verifyDocument(edoc, { anchors: [pki.root] });
    expect(pki.calls).toEqual(before);
  });
});
