/**
 * The bounded PDF reader (ISO 32000-2 §7): lexical forms, cross-reference streams with PNG
 * predictors, object streams, revision views — on hand-written bytes and on pdf-lib output.
 */
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PdfError } from "./errors.ts";
import { DEFAULT_PDF_LIMITS } from "./limits.ts";
import { decodeTextString, isDict, isStream, type PdfObject } from "./objects.ts";
import { PdfScanner } from "./parse-object.ts";
import { PdfDocument, revisionEnds } from "./pdf-document.ts";
import { parsePdfDate } from "./read-signatures.ts";
import { serialize } from "./serialize.ts";
import { appendUpdate, buildTestPdf } from "./testing/test-pdf.ts";

const parse = (text: string): PdfObject =>
  new PdfScanner(Buffer.from(text, "latin1"), 0, DEFAULT_PDF_LIMITS).object();

describe("object syntax (§7.3)", () => {
  it("reads names with #xx escapes, literal strings with escapes and nesting, hex strings, references", () => {
    expect(parse("/A#20B")).toEqual({ kind: "name", name: "A B" });
    const s = parse("(a\\(b\\) (nested) \\101\\n\\\\)") as { bytes: Uint8Array };
    expect(Buffer.from(s.bytes).toString("latin1")).toBe("a(b) (nested) A\n\\");
    expect(parse("<48 65 6C6C 6F7>")).toMatchObject({
      kind: "string",
      hex: true,
      bytes: new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x70]),
    });
    expect(parse("[1 0 R 2 -3.5 .5 true null]")).toEqual([
      { kind: "ref", num: 1, gen: 0 },
      2,
      -3.5,
      0.5,
      true,
      null,
    ]);
    expect(parse("<</K [1 2] /D <</E (x)>> >>")).toMatchObject({ kind: "dict" });
  });

  it("serializes back to the same objects", () => {
    for (const text of [
      "<</A#20B (x\\(y\\)) /C [1 2 0 R -0.25] /D <00ff> /E true /F null>>",
      "[/N (\\003)]",
    ]) {
      const o = parse(text);
      expect(parse(serialize(o))).toEqual(o);
    }
  });

  it("decodes UTF-16BE text strings and dates with offsets (§7.9.2, §7.9.4)", () => {
    expect(decodeTextString(new Uint8Array([0xfe, 0xff, 0x01, 0x01, 0x00, 0x41]))).toBe("āA");
    expect(parsePdfDate("D:20261207101500+02'00'")?.toISOString()).toBe("2026-12-07T08:15:00.000Z");
    expect(parsePdfDate("D:2026")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parsePdfDate("yesterday")).toBeUndefined();
  });

  it("refuses an over-long string with a typed error", () => {
    const scanner = new PdfScanner(Buffer.from(`(${"a".repeat(100)})`), 0, {
      ...DEFAULT_PDF_LIMITS,
      maxStringBytes: 50,
    });
    expect(() => scanner.object()).toThrow(PdfError);
  });
});

describe("documents", () => {
  it("reads pdf-lib output with object streams and a cross-reference stream", async () => {
    const pdf = await buildTestPdf({ pages: 3, objectStreams: true });
    const doc = PdfDocument.open(pdf);
    expect(doc.xref.newestIsStream).toBe(true);
    expect(doc.pages()).toHaveLength(3);
    expect([...doc.xref.entries.values()].some((e) => e.type === "compressed")).toBe(true);
    const contents = doc.resolve(doc.dict(doc.pages()[0])!.map.get("Contents"));
    const streams = (Array.isArray(contents) ? contents : [contents]).map((c) => doc.resolve(c ?? null));
    const text = streams
      .map((s) => (isStream(s) ? Buffer.from(doc.decoded(s)).toString("latin1") : ""))
      .join("");
    expect(text).toContain("Tj");
  });

  it("PNG Up predictor rows in a cross-reference stream (§7.4.4.4)", () => {
    const head = "%PDF-1.7\n";
    const o1 = "1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n";
    const o2 = "2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n";
    const rows = [
      [0, 0, 0, 0xff, 0xff],
      [1, 0, head.length, 0, 0],
      [1, 0, head.length + o1.length, 0, 0],
    ];
    // Encode each row as PNG "Up" (type 2) against the previous one.
    const raw: number[] = [];
    let prev = [0, 0, 0, 0, 0];
    for (const r of rows) {
      raw.push(2, ...r.map((v, i) => (v - prev[i]! + 256) & 0xff));
      prev = r;
    }
    const data = deflateSync(Buffer.from(raw));
    const xrefAt = head.length + o1.length + o2.length;
    const o3 = Buffer.concat([
      Buffer.from(
        `3 0 obj\n<</Type /XRef /Size 3 /W [1 2 2] /Root 1 0 R /Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 5>> /Length ${data.length}>>\nstream\n`,
      ),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
    ]);
    const pdf = new Uint8Array(Buffer.concat([Buffer.from(head + o1 + o2), o3]));
    const doc = PdfDocument.open(pdf);
    expect(doc.entry(2)).toEqual({ type: "offset", offset: head.length + o1.length, gen: 0 });
    expect(isDict(doc.object(2))).toBe(true);
  });

  it("views an earlier revision by its end offset", async () => {
    const pdf = await buildTestPdf({ objectStreams: false });
    const root = PdfDocument.open(pdf).rootRef().num;
    const updated = appendUpdate(pdf, { [root]: "<</Type /Catalog /Pages 999 0 R /Lang (lv)>>" });
    // pdf-lib ends its file right after %%EOF; the update starts with the end-of-line.
    const ends = revisionEnds(updated);
    expect(ends).toEqual([pdf.length + 1, updated.length]);
    expect(PdfDocument.open(updated, { end: ends[0]! }).catalog().map.has("Lang")).toBe(false);
    expect(PdfDocument.open(updated).catalog().map.has("Lang")).toBe(true);
  });

  it("refuses encrypted documents and unknown filters with pdf-unsupported", async () => {
    const pdf = await buildTestPdf({ objectStreams: false });
    const doc = PdfDocument.open(pdf);
    const encrypted = appendUpdate(pdf, { [doc.size()]: "<</Filter /Standard>>" });
    const text = Buffer.from(encrypted)
      .toString("latin1")
      .replace(
        /\/Prev (\d+)>>\nstartxref(?![\s\S]*startxref)/,
        `/Prev $1 /Encrypt ${doc.size()} 0 R>>\nstartxref`,
      );
    expect(() => PdfDocument.open(new Uint8Array(Buffer.from(text, "latin1")))).toThrow(
      expect.objectContaining({ code: "pdf-unsupported" }),
    );
  });
});
