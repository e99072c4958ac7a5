/**
 * Hostile ZIP input (issue 4 acceptance: zip bombs, a 50 MB file, path traversal): every refusal
 * is an AsicError (a MalformedInputError) with its code, decided before or while inflating, with
 * bounded memory.
 */
import fc from "fast-check";
import { Deflate, deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { MalformedInputError } from "../errors.ts";
import { addSignature, createAsicE } from "./asic-create.ts";
import { readAsicE } from "./asic-read.ts";
import { ASIC_E_MEDIA_TYPE } from "./constants.ts";
import { crc32 } from "./crc32.ts";
import type { AsicError } from "./errors.ts";
import { resolveZipLimits } from "./limits.ts";
import { METHOD_DEFLATED, rawZip } from "./test-zip-builder.ts";
import { readZipDirectory, type ZipEntryRecord } from "./zip-directory.ts";
import { extractEntry, InflateBudget } from "./zip-extract.ts";
import { writeZip } from "./zip-write.ts";

const MIB = 1024 * 1024;
const text = (s: string) => new TextEncoder().encode(s);
const mimetype = { name: "mimetype", data: text(ASIC_E_MEDIA_TYPE), flags: 0 };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedInputError);
    return (error as AsicError).code;
  }
  throw new Error("expected a refusal");
}

/** Letters from a small LCG: compresses about 2:1, like ordinary text. */
function pseudoText(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = 97 + ((state >>> 16) % 26);
  }
  return out;
}

/** `megabytes` MiB of zeros, deflated a chunk at a time so the test itself stays small in memory. */
function deflatedZeros(megabytes: number): { data: Uint8Array; crc: number; size: number } {
  const parts: Uint8Array[] = [];
  const deflater = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(MIB);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(zeros, crc);
    deflater.push(zeros, i === megabytes - 1);
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, crc, size: megabytes * MIB };
}

describe("zip bombs", () => {
  const bomb = deflatedZeros(200);

  it("a 200 MB-of-zeros entry (~200 kB compressed) is refused from its header", () => {
    expect(bomb.data.length).toBeLessThan(MIB);
    const honest = rawZip([
      mimetype,
      {
        name: "zeros.bin",
        data: bomb.data,
        method: METHOD_DEFLATED,
        crc: bomb.crc,
        uncompressedSize: bomb.size,
      },
    ]);
    expect(codeOf(() => readAsicE(honest))).toBe("entry-too-large");
    // With the size limits raised, the ratio rule still catches it.
    expect(codeOf(() => readAsicE(honest, { maxEntryBytes: 1e12, maxTotalBytes: 1e12 }))).toBe("zip-bomb");
  });

  it("a bomb whose header lies about its size stops inflating at the declared size, memory bounded", () => {
    const lying = rawZip([
      mimetype,
      { name: "small.txt", data: bomb.data, method: METHOD_DEFLATED, crc: bomb.crc, uncompressedSize: 1000 },
    ]);
    const before = process.memoryUsage().rss;
    expect(codeOf(() => readAsicE(lying))).toBe("size-mismatch");
    const growth = process.memoryUsage().rss - before;
    // Inflating it fully would need 200 MB; the reader stops after one small input chunk.
    expect(growth).toBeLessThan(48 * MIB);
  });

  it("an ordinary 2 MB entry passes the ratio rule; 2 MB of zeros (~1000:1) does not", () => {
    const ok = createAsicE({
      dataFiles: [{ name: "a.bin", content: pseudoText(2 * MIB) }],
    });
    expect(readAsicE(ok).dataFiles[0]?.size).toBe(2 * MIB);
    const zeros = deflatedZeros(2);
    const dense = rawZip([
      mimetype,
      {
        name: "z.bin",
        data: zeros.data,
        method: METHOD_DEFLATED,
        crc: zeros.crc,
        uncompressedSize: zeros.size,
      },
    ]);
    expect(codeOf(() => readAsicE(dense))).toBe("zip-bomb");
  });

  it("overlapping entries (one stream referenced many times) are refused", () => {
    // a.bin's stored data is itself a complete local entry for b.txt; a second central record
    // points into it, so the same bytes would be read as two entries.
    const inner = rawZip([{ name: "b.txt", data: text("bbbb") }]);
    const innerLocalLength = 30 + 5 + 4;
    const outer = rawZip([mimetype, { name: "a.bin", data: inner.slice(0, innerLocalLength) }]);
    const aDataOffset = 30 + 8 + ASIC_E_MEDIA_TYPE.length + 30 + 5;
    expect(new TextDecoder().decode(outer.subarray(aDataOffset + 30, aDataOffset + 35))).toBe("b.txt");
    const bRecord = inner.slice(innerLocalLength, innerLocalLength + 46 + 5);
    new DataView(bRecord.buffer).setUint32(42, aDataOffset, true);
    const view = new DataView(outer.buffer);
    const eocd = outer.length - 22;
    const cdEnd = view.getUint32(eocd + 16, true) + view.getUint32(eocd + 12, true);
    const rebuilt = new Uint8Array(outer.length + bRecord.length);
    rebuilt.set(outer.subarray(0, cdEnd));
    rebuilt.set(bRecord, cdEnd);
    rebuilt.set(outer.subarray(eocd), cdEnd + bRecord.length);
    const rv = new DataView(rebuilt.buffer);
    rv.setUint16(rebuilt.length - 22 + 8, 3, true);
    rv.setUint16(rebuilt.length - 22 + 10, 3, true);
    rv.setUint32(rebuilt.length - 22 + 12, view.getUint32(eocd + 12, true) + bRecord.length, true);
    expect(codeOf(() => readAsicE(rebuilt))).toBe("overlapping-entries");
  });
});

describe("names", () => {
  const withName = (name: string | Uint8Array) => rawZip([mimetype, { name, data: text("x") }]);

  it.each([
    ["../evil.txt", "path-traversal"],
    ["a/../../evil.txt", "path-traversal"],
    ["/etc/passwd", "path-traversal"],
    ["..\\evil.txt", "path-traversal"],
    ["C:/Windows/evil.txt", "path-traversal"],
    ["c:evil.txt", "path-traversal"],
    ["evil.txt\u0000.pdf", "path-traversal"],
    ["a//b.txt", "bad-file-name"],
    ["./a.txt", "bad-file-name"],
    ["a\u001b[31m.txt", "bad-file-name"],
  ])("refuses %j", (name, code) => {
    expect(codeOf(() => readAsicE(withName(name)))).toBe(code);
  });

  it("refuses empty and over-long names", () => {
    expect(codeOf(() => readAsicE(withName("")))).toBe("bad-file-name");
    expect(codeOf(() => readAsicE(withName("a".repeat(1025))))).toBe("name-too-long");
    expect(readAsicE(withName("a".repeat(1024)), {}).dataFiles[0]?.name.length).toBe(1024);
  });

  it("refuses duplicate names", () => {
    const zip = rawZip([mimetype, { name: "a.txt", data: text("1") }, { name: "a.txt", data: text("2") }]);
    expect(codeOf(() => readAsicE(zip))).toBe("duplicate-entry");
  });
});

describe("structure", () => {
  it("refuses encrypted entries (traditional, strong, AES)", () => {
    expect(codeOf(() => readAsicE(rawZip([mimetype, { name: "a", data: text("x"), flags: 0x0801 }])))).toBe(
      "encrypted-entry",
    );
    expect(codeOf(() => readAsicE(rawZip([mimetype, { name: "a", data: text("x"), flags: 0x0841 }])))).toBe(
      "encrypted-entry",
    );
    expect(codeOf(() => readAsicE(rawZip([mimetype, { name: "a", data: text("x"), method: 99 }])))).toBe(
      "encrypted-entry",
    );
  });

  it("refuses other compression methods", () => {
    expect(codeOf(() => readAsicE(rawZip([mimetype, { name: "a", data: text("x"), method: 12 }])))).toBe(
      "unsupported-compression",
    );
  });

  it("refuses a bad CRC and a wrong declared size", () => {
    expect(codeOf(() => readAsicE(rawZip([mimetype, { name: "a", data: text("x"), crc: 1 }])))).toBe(
      "crc-mismatch",
    );
    const d = deflateSync(text("hello hello hello"));
    const short = rawZip([
      mimetype,
      {
        name: "a",
        data: d,
        method: METHOD_DEFLATED,
        crc: crc32(text("hello hello hello")),
        uncompressedSize: 50,
      },
    ]);
    expect(codeOf(() => readAsicE(short))).toBe("size-mismatch");
  });

  it("refuses 10,000 entries before reading their records", () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({
      name: `f${i}.txt`,
      content: new Uint8Array(0),
      method: "stored" as const,
    }));
    const zip = writeZip(entries, { modifiedAt: new Date(0) });
    expect(codeOf(() => readAsicE(zip))).toBe("too-many-entries");
    // A lying count is refused too.
    expect(codeOf(() => readAsicE(rawZip([mimetype], { declaredCount: 60_000 })))).toBe("too-many-entries");
  });

  it("refuses an input over 50 MB before parsing it", () => {
    const big = writeZip(
      [
        { name: "mimetype", content: text(ASIC_E_MEDIA_TYPE), method: "stored" },
        { name: "big.bin", content: new Uint8Array(50 * MIB), method: "stored" },
      ],
      { modifiedAt: new Date(0) },
    );
    expect(big.length).toBeGreaterThan(50 * MIB);
    expect(codeOf(() => readAsicE(big))).toBe("input-too-large");
    expect(codeOf(() => addSignature(big, text("<x/>")))).toBe("input-too-large");
  });

  it("refuses every truncation of a valid container", () => {
    const good = createAsicE({
      dataFiles: [{ name: "a.txt", content: text("some data ".repeat(50)) }],
      signatures: [text("<sig/>")],
      modifiedAt: new Date(0),
    });
    for (let length = 0; length < good.length; length++) {
      expect(() => readAsicE(good.subarray(0, length))).toThrow(MalformedInputError);
    }
    expect(codeOf(() => readAsicE(good.subarray(0, 100)))).toBe("truncated");
  });

  it("stops at the total budget while inflating, whatever the headers said", () => {
    const zip = writeZip(
      [
        { name: "a.txt", content: new Uint8Array(3000).fill(65), method: "deflated" },
        { name: "b.txt", content: new Uint8Array(3000).fill(66), method: "deflated" },
      ],
      { modifiedAt: new Date(0) },
    );
    const limits = resolveZipLimits();
    const [a, b] = readZipDirectory(zip, limits).entries;
    const budget = new InflateBudget({ ...limits, maxTotalBytes: 5000 });
    expect(extractEntry(zip, a as ZipEntryRecord, budget).length).toBe(3000);
    expect(codeOf(() => extractEntry(zip, b as ZipEntryRecord, budget))).toBe("total-too-large");
  });

  it("refuses a multi-disk archive", () => {
    const zip = rawZip([mimetype]);
    new DataView(zip.buffer).setUint16(zip.length - 22 + 4, 1, true);
    expect(codeOf(() => readAsicE(zip))).toBe("unsupported-zip");
  });
});

describe("random damage (fast-check)", () => {
  const good = createAsicE({
    dataFiles: [
      { name: "līgums ēka.pdf", mediaType: "application/pdf", content: text("%PDF-1.7 ".repeat(200)) },
      { name: "a+b.txt", content: text("plus") },
    ],
    signatures: [text("<asic:XAdESSignatures xmlns:asic='http://uri.etsi.org/02918/v1.2.1#'/>")],
    modifiedAt: new Date(0),
  });

  const onlyMalformed = (bytes: Uint8Array) => {
    try {
      readAsicE(bytes);
    } catch (error) {
      if (!(error instanceof MalformedInputError)) throw error;
    }
  };

  it("byte mutations and truncations never throw anything but MalformedInputError", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.nat(good.length), { nil: undefined }),
        (edits, cut) => {
          const bytes = good.slice(0, cut ?? good.length);
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          onlyMalformed(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("random bytes, and random bytes behind a ZIP signature, are refused", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (noise, asZip) => {
        const bytes = asZip ? new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...noise]) : noise;
        expect(() => readAsicE(bytes)).toThrow(MalformedInputError);
      }),
      { numRuns: 500 },
    );
  });
});
