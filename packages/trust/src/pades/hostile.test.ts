/**
 * Hostile and broken PDFs (DESIGN: parsers of outside input have size, depth and time limits
 * and fail with a typed error): each is refused with a `PdfError` naming the broken limit,
 * never a hang, a crash or an untyped exception. Tests assert the error, not timings.
 */
import { deflateSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { edocTestPki } from "../edoc/testing/edoc-test-pki.ts";
import { TrustError } from "../errors.ts";
import { PdfError } from "./errors.ts";
import { PdfDocument } from "./pdf-document.ts";
import { signPdf } from "./sign-pdf.ts";
import { buildTestPdf } from "./testing/test-pdf.ts";
import { validatePdf } from "./validate-pdf.ts";

/** A classic PDF from object bodies (numbered from 1), with a correct xref table unless overridden. */
function handPdf(
  objects: (string | Buffer)[],
  trailer = "",
  xrefOverride?: (offsets: number[], xrefAt: number) => string,
): Uint8Array {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(length);
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof o === "string" ? Buffer.from(o, "latin1") : o,
      Buffer.from("\nendobj\n"),
    ]);
    parts.push(b);
    length += b.length;
  });
  const xrefAt = length;
  const xref =
    xrefOverride?.(offsets, xrefAt) ??
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("")}trailer\n<</Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(xref, "latin1"));
  return new Uint8Array(Buffer.concat(parts));
}

const CATALOG = "<</Type /Catalog /Pages 2 0 R>>";
const PAGES = "<</Type /Pages /Kids [3 0 R] /Count 1>>";
const PAGE = "<</Type /Page /Parent 2 0 R /MediaBox [0 0 10 10]>>";

async function refusal(bytes: Uint8Array): Promise<PdfError> {
  const error = await validatePdf(bytes, { anchors: [] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdfError);
  return error as PdfError;
}

describe("hostile PDFs are refused with a typed error", () => {
  it("the hand-written baseline opens (so the refusals below are about their defect)", async () => {
    const r = await validatePdf(handPdf([CATALOG, PAGES, PAGE]), { anchors: [] });
    expect(r.errors.map((e) => e.code)).toEqual(["no-signature"]);
  });

  it("an xref /Prev loop", async () => {
    const pdf = handPdf([CATALOG, PAGES, PAGE], "", (offsets, at) => {
      const table = `0 4\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("")}`;
      const first = `xref\n${table}trailer\n<</Size 4 /Root 1 0 R /Prev ${at}>>\n`;
      return `${first}startxref\n${at}\n%%EOF\n`;
    });
    expect((await refusal(pdf)).code).toBe("pdf-xref-loop");
  });

  it("a two-section /Prev cycle", async () => {
    const pdf = handPdf([CATALOG, PAGES, PAGE], "", (offsets, at) => {
      const entries = `0 4\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("")}`;
      const a = `xref\n${entries}trailer\n<</Size 4 /Root 1 0 R /Prev PREVB>>\n`;
      const bAt = at + a.length + 2; // PREVB is 5 characters; the padded number below is 7
      const aFixed = a.replace("PREVB", String(bAt).padStart(7, "0"));
      const b = `xref\n${entries}trailer\n<</Size 4 /Root 1 0 R /Prev ${at}>>\n`;
      return `${aFixed}${b}startxref\n${at + aFixed.length}\n%%EOF\n`;
    });
    expect((await refusal(pdf)).code).toBe("pdf-xref-loop");
  });

  it("a huge object count in an xref table and in an xref stream", async () => {
    const table = handPdf(
      [CATALOG, PAGES, PAGE],
      "",
      (_o, at) =>
        `xref\n0 50000000\n0000000000 65535 f\r\ntrailer\n<</Size 50000000 /Root 1 0 R>>\nstartxref\n${at}\n%%EOF\n`,
    );
    expect((await refusal(table)).code).toBe("pdf-too-many-objects");
    const data = deflateSync(Buffer.alloc(10));
    const stream = handPdf(
      [
        CATALOG,
        PAGES,
        PAGE,
        Buffer.concat([
          Buffer.from(
            `<</Type /XRef /Size 90000000 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${data.length}>>\nstream\n`,
          ),
          data,
          Buffer.from("\nendstream"),
        ]),
      ],
      "",
      () => "",
    );
    const at = Buffer.from(stream).lastIndexOf("4 0 obj");
    const withStartxref = new Uint8Array(Buffer.concat([stream, Buffer.from(`startxref\n${at}\n%%EOF\n`)]));
    expect((await refusal(withStartxref)).code).toBe("pdf-too-many-objects");
  });

  it("deep nesting in an object the validator reads", async () => {
    const deep = `<</Type /Catalog /Pages 2 0 R /X ${"[".repeat(100_000)}${"]".repeat(100_000)}>>`;
    expect((await refusal(handPdf([deep, PAGES, PAGE]))).code).toBe("pdf-too-deep");
    const dicts = `<</Type /Catalog /Pages 2 0 R /X ${"<</A ".repeat(5000)}1${">>".repeat(5000)}>>`;
    expect((await refusal(handPdf([dicts, PAGES, PAGE]))).code).toBe("pdf-too-deep");
  });

  it("a Flate bomb in the object stream holding the catalog stops at the decompressed-size limit", async () => {
    // 100 MiB of spaces deflate to ~100 KiB; the default limit is 64 MiB.
    const bomb = deflateSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n")];
    const offsets: Record<number, number> = {};
    let length = parts[0]!.length;
    const add = (num: number, body: Buffer) => {
      offsets[num] = length;
      const b = Buffer.concat([Buffer.from(`${num} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
      parts.push(b);
      length += b.length;
    };
    add(2, Buffer.from(PAGES));
    add(3, Buffer.from(PAGE));
    add(
      4,
      Buffer.concat([
        Buffer.from(`<</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length}>>\nstream\n`),
        bomb,
        Buffer.from("\nendstream"),
      ]),
    );
    // Cross-reference stream (§7.5.8): object 1, the catalog, is compressed in object stream 4.
    const rows: [number, number, number][] = [
      [0, 0, 0],
      [2, 4, 0],
      [1, offsets[2]!, 0],
      [1, offsets[3]!, 0],
      [1, offsets[4]!, 0],
      [1, length, 0],
    ];
    const data = Buffer.alloc(rows.length * 7);
    rows.forEach(([t, f2, f3], i) => {
      data[i * 7] = t;
      data.writeUInt32BE(f2, i * 7 + 1);
      data.writeUInt16BE(f3, i * 7 + 5);
    });
    const xrefAt = length;
    add(
      5,
      Buffer.concat([
        Buffer.from(`<</Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length ${data.length}>>\nstream\n`),
        data,
        Buffer.from("\nendstream"),
      ]),
    );
    parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`));
    expect((await refusal(new Uint8Array(Buffer.concat(parts)))).code).toBe("pdf-decompressed-too-large");
  });

  it("many cross-reference streams, each under the per-stream limit, stop at the document's total", async () => {
    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n")];
    let length = parts[0]!.length;
    const offsets: number[] = [];
    for (const body of [CATALOG, PAGES, PAGE]) {
      offsets.push(length);
      const b = Buffer.from(`${offsets.length} 0 obj\n${body}\nendobj\n`);
      parts.push(b);
      length += b.length;
    }
    // Each section: the 4 real entries, then 4 MiB of padding the /Index never reaches.
    const rows = Buffer.alloc(4 * 7 + 4 * 1024 * 1024);
    [
      [0, 0],
      [1, offsets[0]!],
      [1, offsets[1]!],
      [1, offsets[2]!],
    ].forEach(([t, o], i) => {
      rows[i * 7] = t!;
      rows.writeUInt32BE(o!, i * 7 + 1);
    });
    const data = deflateSync(rows);
    let prev: number | undefined;
    for (let i = 0; i < 6; i++) {
      const at = length;
      const b = Buffer.concat([
        Buffer.from(
          `${10 + i} 0 obj\n<</Type /XRef /Size ${11 + i} /Index [0 4] /W [1 4 2] /Root 1 0 R /Filter /FlateDecode${prev === undefined ? "" : ` /Prev ${prev}`} /Length ${data.length}>>\nstream\n`,
        ),
        data,
        Buffer.from("\nendstream\nendobj\n"),
      ]);
      parts.push(b);
      length += b.length;
      prev = at;
    }
    parts.push(Buffer.from(`startxref\n${prev}\n%%EOF\n`));
    const pdf = new Uint8Array(Buffer.concat(parts));
    // Within a 64 MiB total the chain reads; with a 10 MiB total the third section stops it.
    expect(PdfDocument.open(pdf).xref.sections).toHaveLength(6);
    const error = await validatePdf(pdf, {
      anchors: [],
      limits: { maxTotalDecodedBytes: 10 * 1024 * 1024 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).code).toBe("pdf-decompressed-too-large");
  });

  it("truncated files", async () => {
    const pki = edocTestPki();
    const signed = await signPdf({ pdf: await buildTestPdf(), signer: pki.issueSigner() });
    expect((await refusal(signed.subarray(0, Math.floor(signed.length / 2)))).code).toBe("pdf-truncated");
    // The end survives but the body is cut: the xref points past the end of what is left.
    const cut = Buffer.concat([signed.subarray(0, 2000), signed.subarray(signed.length - 60)]);
    expect(["pdf-truncated", "pdf-malformed"]).toContain((await refusal(new Uint8Array(cut))).code);
    expect((await refusal(new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj\n<</Type /Catalog")))).code).toBe(
      "pdf-truncated",
    );
  });

  it("a /Length that refers back to its own stream", async () => {
    const stream = "<</Length 4 0 R>>\nstream\nabc\nendstream";
    const pdf = handPdf([CATALOG, PAGES, PAGE, stream]);
    const doc = PdfDocument.open(pdf);
    // Wrong or cyclic /Length falls back to the endstream search, bounded by the stream limit.
    expect(doc.object(4)).toMatchObject({ kind: "stream", length: 3 });
  });

  it("random damage to a signed PDF: a result or a TrustError, never another exception", async () => {
    const pki = edocTestPki();
    const signed = await signPdf({
      pdf: await buildTestPdf({ objectStreams: false }),
      signer: pki.issueSigner(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(signed.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (edits) => {
          const copy = new Uint8Array(signed);
          for (const [at, value] of edits) copy[at] = value;
          try {
            await validatePdf(copy, { anchors: [pki.root] });
          } catch (error) {
            expect(error).toBeInstanceOf(TrustError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
