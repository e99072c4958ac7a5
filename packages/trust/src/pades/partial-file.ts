/**
 * A PDF on disk opened for signing without holding the file in memory (SIG-2: a 200 MB PDF is
 * signed with memory bounded by its largest object, not the file). `bytes` is a file-sized
 * zero-filled buffer — the operating system maps such pages only when written, so untouched
 * parts cost no memory — into which only what the reader needs is read: the header, the tail
 * with `startxref`, every cross-reference section (ISO 32000-2 §7.5.4, §7.5.8) and, as the
 * signer asks for them, the objects it reads (catalog, page tree, form). A large stream is
 * read as its start (the dictionary) and its end (`endstream`): its data is never needed for
 * adding a signature field, except for object streams, which are read whole.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { DecodeBudget } from "./decode-stream.ts";
import { PdfError } from "./errors.ts";
import { DEFAULT_PDF_LIMITS, type PdfLimits } from "./limits.ts";
import { findStartxref, PdfDocument } from "./pdf-document.ts";
import { readSection, readXref } from "./xref.ts";

/** How much of a large object's start and end is read (a dictionary is far smaller). */
const WINDOW = 64 * 1024;
/** The chunk size of the sequential scan for %%EOF markers. */
const CHUNK = 1024 * 1024;

export interface PartialFile {
  doc: PdfDocument;
  size: number;
  close(): void;
}

export function openPartialPdf(path: string, options: { limits?: Partial<PdfLimits> } = {}): PartialFile {
  const limits = { ...DEFAULT_PDF_LIMITS, ...options.limits };
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > limits.maxFileBytes)
      throw new PdfError("pdf-stream-too-large", `the file is larger than ${limits.maxFileBytes} bytes`);
    const bytes = new Uint8Array(size);
    const read = (from: number, to: number) => readRange(fd, bytes, Math.max(0, from), Math.min(size, to));
    read(0, 1024);
    read(size - 2048, size);
    const eofs = eofMarkers(fd, size);
    // A section ends at the latest with its revision's %%EOF (§7.5.5).
    const sectionEnd = (at: number) => eofs.find((e) => e > at) ?? size;
    const startxref = findStartxref(bytes, size);
    const budget = new DecodeBudget(limits.maxTotalDecodedBytes);
    const queue = [startxref];
    const seen = new Set<number>();
    while (queue.length > 0) {
      const at = queue.shift()!;
      // readXref below refuses loops and too many sections with its own errors.
      if (seen.has(at) || seen.size > limits.maxXrefSections || at < 0 || at >= size) continue;
      seen.add(at);
      read(at, sectionEnd(at));
      const section = readSection(bytes, at, limits, budget);
      const stm = section.trailer.map.get("XRefStm");
      if (typeof stm === "number") queue.push(stm);
      const prev = section.trailer.map.get("Prev");
      if (typeof prev === "number") queue.push(prev);
    }
    const xref = readXref(bytes, startxref, limits);
    const objectStreams = new Set<number>();
    const starts = new Set<number>([...seen, ...eofs, size]);
    for (const e of xref.entries.values()) {
      if (e.type === "offset") starts.add(e.offset);
      if (e.type === "compressed") objectStreams.add(e.stream);
    }
    const bounds = [...starts].sort((a, b) => a - b);
    const fill = (num: number, offset: number) => {
      const end = bounds[firstAbove(bounds, offset)] ?? size;
      if (objectStreams.has(num) || end - offset <= 2 * WINDOW) read(offset, end);
      else {
        read(offset, offset + WINDOW);
        read(end - WINDOW, end);
      }
    };
    const doc = PdfDocument.open(bytes, { limits, fill });
    return { doc, size, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readRange(fd: number, into: Uint8Array, from: number, to: number): void {
  let at = from;
  while (at < to) {
    const n = readSync(fd, into, at, to - at, at);
    if (n === 0) throw new PdfError("pdf-truncated", "the file ended while being read (changed meanwhile?)");
    at += n;
  }
}

/** Offsets just past each "%%EOF", found in one sequential pass with a fixed buffer. */
function eofMarkers(fd: number, size: number): number[] {
  const out: number[] = [];
  const buf = Buffer.alloc(CHUNK + 4);
  let carry = 0;
  for (let pos = 0; pos < size; ) {
    const n = readSync(fd, buf, carry, Math.min(CHUNK, size - pos), pos);
    if (n === 0) break;
    const len = carry + n;
    const base = pos - carry;
    for (
      let i = buf.indexOf("%%EOF", 0, "latin1");
      i >= 0 && i + 5 <= len;
      i = buf.indexOf("%%EOF", i + 5, "latin1")
    )
      out.push(base + i + 5);
    // Keep the last 4 bytes: a marker may straddle two chunks.
    carry = Math.min(4, len);
    buf.copy(buf, 0, len - carry, len);
    pos += n;
  }
  return out;
}

/** Index of the first value greater than `x` in ascending `values`. */
function firstAbove(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
