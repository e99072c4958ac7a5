/**
 * Changes after signing (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.2.2, SIG-3): every change
 * that is not a further signature, DSS or document time-stamp makes the earlier signature not
 * valid, with the reason; the allowed ones keep it valid. The signed bytes themselves stay
 * intact in all of these (signatureValueValid), which is exactly why the check is needed.
 */
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { addDocumentTimeStamp } from "./add-document-time-stamp.ts";
import { addDss } from "./add-dss.ts";
import { isRef } from "./objects.ts";
import { PdfDocument } from "./pdf-document.ts";
import { readSignatureFields } from "./read-signatures.ts";
import { signPdf } from "./sign-pdf.ts";
import { appendUpdate, buildTestPdf } from "./testing/test-pdf.ts";
import { validatePdf } from "./validate-pdf.ts";

describe("changes after a signature", () => {
  const pki = edocTestPki();
  const signed = (async () =>
    signPdf({
      pdf: await buildTestPdf({ objectStreams: false }),
      signer: pki.issueSigner(),
      level: "T",
      tsa: pki.tsa,
    }))();
  const validate = (pdf: Uint8Array) => validatePdf(pdf, { anchors: [pki.root], fetchers: pki.fetchers });

  it("the untouched signed file is valid (the baseline of this suite)", async () => {
    const r = await validate(await signed);
    expect(r.signatures[0]!.indication).toBe("TOTAL-PASSED");
  });

  it("text changed in an incremental update: the content stream was rewritten", async () => {
    const pdf = await signed;
    const doc = PdfDocument.open(pdf);
    const page = doc.dict(doc.pages()[0])!;
    const contents = page.map.get("Contents");
    const num = isRef(contents) ? contents.num : (contents as { num: number }[])[0]!.num;
    const body = "BT /F1 14 Tf 50 780 Td (FORGED TEXT) Tj ET";
    const tampered = appendUpdate(pdf, { [num]: `<</Length ${body.length}>>\nstream\n${body}\nendstream` });
    const s = (await validate(tampered)).signatures[0]!;
    expect([s.indication, s.subIndication, s.signatureValueValid]).toEqual([
      "INDETERMINATE",
      "SIG_CONSTRAINTS_FAILURE",
      true,
    ]);
    expect(s.errors.map((e) => e.code)).toContain("pdf-disallowed-changes");
    expect(s.changes).toContainEqual(
      expect.objectContaining({ object: num, kind: "object-modified", allowed: false }),
    );
  });

  it("an extra page appended in an incremental update", async () => {
    const pdf = await signed;
    const doc = PdfDocument.open(pdf);
    const pagesRef = doc.catalog().map.get("Pages");
    if (!isRef(pagesRef)) throw new Error("test PDF: /Pages is not a reference");
    const pages = doc.dict(pagesRef)!;
    const kids = (doc.resolve(pages.map.get("Kids")) as { num: number }[]).map((k) => `${k.num} 0 R`);
    const n = doc.size();
    const tampered = appendUpdate(pdf, {
      [n]: `<</Type /Page /Parent ${pagesRef.num} 0 R /MediaBox [0 0 595 842]>>`,
      [pagesRef.num]: `<</Type /Pages /Kids [${kids.join(" ")} ${n} 0 R] /Count ${kids.length + 1}>>`,
    });
    expect(PdfDocument.open(tampered).pages()).toHaveLength(2);
    const s = (await validate(tampered)).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(["INDETERMINATE", "SIG_CONSTRAINTS_FAILURE"]);
    expect(s.changes).toContainEqual(
      expect.objectContaining({
        object: pagesRef.num,
        allowed: false,
        description: expect.stringContaining("/Pages"),
      }),
    );
  });

  it("a replaced cross-reference section (no /Prev): the signature kept, the signed page tree gone", async () => {
    const pdf = await signed;
    const doc = PdfDocument.open(pdf);
    const root = doc.rootRef().num;
    const catalog = doc.catalog();
    const form = catalog.map.get("AcroForm") as { map: Map<string, unknown> };
    const widget = (form.map.get("Fields") as { num: number }[])[0]!.num;
    const sigNum = readSignatureFields(doc)[0]!.dictionaryNumber!;
    const at = (num: number): [number, number] => {
      const e = doc.entry(num);
      if (e?.type !== "offset") throw new Error("test PDF: expected an offset entry");
      return [num, e.offset];
    };
    const n = doc.size();
    const body = "BT /F1 14 Tf 50 780 Td (Other document) Tj ET";
    const tampered = appendUpdate(
      pdf,
      {
        [root]: `<</Type /Catalog /Pages ${n} 0 R /AcroForm <</Fields [${widget} 0 R] /SigFlags 3>>>>`,
        [n]: `<</Type /Pages /Kids [${n + 1} 0 R] /Count 1>>`,
        [n + 1]:
          `<</Type /Page /Parent ${n} 0 R /MediaBox [0 0 595 842] /Contents ${n + 2} 0 R /Annots [${widget} 0 R]>>`,
        [n + 2]: `<</Length ${body.length}>>\nstream\n${body}\nendstream`,
      },
      { noPrev: true, keep: [at(widget), at(sigNum)] },
    );
    const s = (await validate(tampered)).signatures[0]!;
    expect([s.indication, s.subIndication, s.signatureValueValid]).toEqual([
      "INDETERMINATE",
      "SIG_CONSTRAINTS_FAILURE",
      true,
    ]);
    expect(s.changes.some((c) => c.kind === "object-deleted" && !c.allowed)).toBe(true);
    expect(s.changes).toContainEqual(expect.objectContaining({ kind: "catalog-modified", allowed: false }));
  });

  it("an incremental update rewriting a signed object (the signature dictionary's /Reason)", async () => {
    const pdf = await signed;
    const doc = PdfDocument.open(pdf);
    const sig = readSignatureFields(doc)[0]!;
    const num = sig.dictionaryNumber!;
    const contentsHex = Buffer.from(sig.contents).toString("hex");
    const br = sig.byteRange.join(" ");
    const tampered = appendUpdate(pdf, {
      [num]: `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Reason (I never agreed) /ByteRange [${br}] /Contents <${contentsHex}>>>`,
    });
    const s = (await validate(tampered)).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(["INDETERMINATE", "SIG_CONSTRAINTS_FAILURE"]);
    expect(s.changes).toContainEqual(
      expect.objectContaining({ object: num, allowed: false, description: expect.stringContaining("/Sig") }),
    );
  });

  it("a ByteRange that leaves a gap, or stops short of its revision: FORMAT_FAILURE with the reason", async () => {
    const pdf = await signed;
    const sig = readSignatureFields(PdfDocument.open(pdf))[0]!;
    const [, a, b, c] = sig.byteRange as [number, number, number, number];
    // Same-length edits in place (the writer pads the ByteRange with spaces after "]").
    const patch = (range: string) => {
      const text = Buffer.from(pdf).toString("latin1");
      const old = /\/ByteRange \[[^\]]*\] */.exec(text)![0];
      const next = `/ByteRange [${range}]`.padEnd(old.length, " ");
      expect(next.length).toBe(old.length);
      return new Uint8Array(Buffer.from(text.replace(old, next), "latin1"));
    };
    const gap = (await validate(patch(`0 ${a - 20} ${b} ${c}`))).signatures[0]!;
    expect([gap.indication, gap.subIndication]).toEqual(["TOTAL-FAILED", "FORMAT_FAILURE"]);
    expect(gap.errors[0]!.code).toBe("byte-range-gap");
    const short = (await validate(patch(`0 ${a} ${b} ${c - 30}`))).signatures[0]!;
    expect([short.indication, short.errors[0]!.code]).toEqual(["TOTAL-FAILED", "byte-range-not-revision"]);
    const outside = (await validate(patch(`0 ${a} ${b} ${c + 999}`))).signatures[0]!;
    expect(outside.errors[0]!.code).toBe("byte-range-invalid");
  });

  it("allowed: a DSS, a document time-stamp and a second signature keep the first valid", async () => {
    let pdf = await signed;
    pdf = await addDss({ pdf, fetchers: pki.fetchers, at: pki.clock.now });
    pdf = await addDocumentTimeStamp({ pdf, tsa: pki.tsa });
    pdf = await signPdf({
      pdf,
      signer: pki.issueSigner({ cn: "JĀNIS OZOLS" }),
      level: "B",
      visible: { rect: [10, 10, 200, 50] },
    });
    const r = await validate(pdf);
    const first = r.signatures[0]!;
    expect([first.indication, first.format]).toEqual(["TOTAL-PASSED", "PAdES-BASELINE-LTA"]);
    expect(first.changes.every((c) => c.allowed)).toBe(true);
    expect(new Set(first.changes.map((c) => c.kind))).toEqual(
      new Set(["catalog-extended", "annotations-extended"]),
    );
    expect(r.signatures[1]!.indication).toBe("TOTAL-PASSED");
    expect(r.documentTimeStamps.map((t) => t.valid)).toEqual([true]);
  });

  it("the form's default appearance: added after signing is allowed, changed after signing is not", async () => {
    // Rewrites the catalog with an inline form listing the current fields plus `extra`.
    const withForm = (pdf: Uint8Array, extra: string) => {
      const doc = PdfDocument.open(pdf);
      const form = doc.dict(doc.catalog().map.get("AcroForm"))!;
      const fields = (doc.resolve(form.map.get("Fields")) as { num: number }[])
        .map((f) => `${f.num} 0 R`)
        .join(" ");
      const pages = (doc.catalog().map.get("Pages") as { num: number }).num;
      return appendUpdate(pdf, {
        [doc.rootRef().num]:
          `<</Type /Catalog /Pages ${pages} 0 R /AcroForm <</Fields [${fields}] /SigFlags 3 ${extra}>>>>`,
      });
    };
    const added = withForm(await signed, "/DA (/Helv 0 Tf 0 g)");
    expect((await validate(added)).signatures[0]!.indication).toBe("TOTAL-PASSED");
    // A second signature made when /DA existed; then /DA restyles every field.
    const second = await signPdf({ pdf: added, signer: pki.issueSigner({ cn: "JĀNIS OZOLS" }), level: "B" });
    const restyled = withForm(second, "/DA (/Helv 40 Tf 1 0 0 rg)");
    const r = (await validate(restyled)).signatures[1]!;
    expect([r.indication, r.subIndication]).toEqual(["INDETERMINATE", "SIG_CONSTRAINTS_FAILURE"]);
    expect(r.changes).toContainEqual(expect.objectContaining({ kind: "catalog-modified", allowed: false }));
  });

  it("a content change hidden between allowed updates is still found", async () => {
    let pdf = await addDss({ pdf: await signed, fetchers: pki.fetchers, at: pki.clock.now });
    const doc = PdfDocument.open(pdf);
    const contents = doc.dict(doc.pages()[0])!.map.get("Contents");
    const num = isRef(contents) ? contents.num : (contents as { num: number }[])[0]!.num;
    pdf = appendUpdate(pdf, { [num]: "<</Length 2>>\nstream\nq \nendstream" });
    pdf = await addDocumentTimeStamp({ pdf, tsa: pki.tsa });
    const s = (await validate(pdf)).signatures[0]!;
    expect(s.subIndication).toBe("SIG_CONSTRAINTS_FAILURE");
    expect(s.changes.filter((c) => !c.allowed).map((c) => c.object)).toEqual([num]);
  });
});
