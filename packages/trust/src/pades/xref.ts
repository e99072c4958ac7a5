/**
 * Cross-reference reading (ISO 32000-2 §7.5.4 tables, §7.5.8 streams, §7.5.6 incremental
 * updates): follows /Prev (and /XRefStm of hybrid files) from a `startxref` offset, newest
 * section first, refusing cycles and more sections or entries than the limits allow.
 */
import { DecodeBudget, decodeStreamData } from "./decode-stream.ts";
import { PdfError } from "./errors.ts";
import type { PdfLimits } from "./limits.ts";
import { isName, type PdfDict, type PdfObject } from "./objects.ts";
import { PdfScanner, parseIndirectObject } from "./parse-object.ts";

export type XrefEntry =
  | { type: "free" }
  | { type: "offset"; offset: number; gen: number }
  | { type: "compressed"; stream: number; index: number };

export interface XrefIndex {
  entries: Map<number, XrefEntry>;
  /** The newest trailer (or cross-reference stream dictionary). */
  trailer: PdfDict;
  /** Offsets of the sections read, newest first. */
  sections: number[];
  /** Whether the newest section is a cross-reference stream. */
  newestIsStream: boolean;
}

export function readXref(
  bytes: Uint8Array,
  startxref: number,
  limits: PdfLimits,
  budget: DecodeBudget = new DecodeBudget(limits.maxTotalDecodedBytes),
): XrefIndex {
  const entries = new Map<number, XrefEntry>();
  const seen = new Set<number>();
  const sections: number[] = [];
  let trailer: PdfDict | undefined;
  let newestIsStream = false;
  const queue: number[] = [startxref];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (seen.has(at))
      throw new PdfError("pdf-xref-loop", `the cross-reference chain returns to offset ${at}`);
    seen.add(at);
    if (seen.size > limits.maxXrefSections)
      throw new PdfError(
        "pdf-too-many-revisions",
        `more than ${limits.maxXrefSections} cross-reference sections`,
      );
    sections.push(at);
    const section = readSection(bytes, at, limits, budget);
    if (!trailer) {
      trailer = section.trailer;
      newestIsStream = section.isStream;
    }
    // Older sections never override newer entries.
    for (const [num, e] of section.entries) if (!entries.has(num)) entries.set(num, e);
    if (entries.size > limits.maxObjects)
      throw new PdfError("pdf-too-many-objects", `more than ${limits.maxObjects} objects`);
    const stm = section.trailer.map.get("XRefStm");
    if (typeof stm === "number" && !section.isStream) queue.unshift(stm);
    const prev = section.trailer.map.get("Prev");
    if (typeof prev === "number") queue.push(prev);
  }
  return { entries, trailer: trailer!, sections, newestIsStream };
}

export interface Section {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  isStream: boolean;
}

/** One section and its trailer (exported for the partial-file reader, which follows /Prev itself). */
export function readSection(bytes: Uint8Array, at: number, limits: PdfLimits, budget: DecodeBudget): Section {
  if (!Number.isInteger(at) || at < 0 || at >= bytes.length)
    throw new PdfError("pdf-truncated", `cross-reference offset ${at} is outside the file`);
  const s = new PdfScanner(bytes, at, limits);
  if (s.peekWord() === "xref") {
    s.word();
    return readTable(s, limits);
  }
  return readStream(bytes, at, limits, budget);
}

function readTable(s: PdfScanner, limits: PdfLimits): Section {
  const entries = new Map<number, XrefEntry>();
  let total = 0;
  for (;;) {
    const w = s.peekWord();
    if (w === "trailer") break;
    if (w === "")
      throw new PdfError(s.pos >= s.end ? "pdf-truncated" : "pdf-malformed", "bad cross-reference table");
    const first = s.integer();
    const count = s.integer();
    total += count;
    if (first + count > limits.maxObjects || total > limits.maxObjects)
      throw new PdfError(
        "pdf-too-many-objects",
        `a cross-reference table lists more than ${limits.maxObjects} objects`,
      );
    s.skipSpace();
    // §7.5.4: fixed 20-byte entries "nnnnnnnnnn ggggg n\r\n" (tolerating 19-byte ones).
    for (let i = 0; i < count; i++) {
      s.skipSpace();
      if (s.pos + 18 > s.end)
        throw new PdfError("pdf-truncated", "the file ends inside a cross-reference table");
      const line = Buffer.from(s.bytes.subarray(s.pos, s.pos + 18)).toString("latin1");
      const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
      if (!m) throw new PdfError("pdf-malformed", `bad cross-reference entry at ${s.pos}`);
      s.pos += 18;
      const num = first + i;
      if (!entries.has(num))
        entries.set(
          num,
          m[3] === "n" ? { type: "offset", offset: Number(m[1]), gen: Number(m[2]) } : { type: "free" },
        );
    }
  }
  s.word();
  const trailer = s.object();
  if (trailer === null || typeof trailer !== "object" || Array.isArray(trailer) || trailer.kind !== "dict")
    throw new PdfError("pdf-malformed", "the trailer is not a dictionary");
  return { entries, trailer, isStream: false };
}

function readStream(bytes: Uint8Array, at: number, limits: PdfLimits, budget: DecodeBudget): Section {
  const { value } = parseIndirectObject(bytes, at, limits, (l) => (typeof l === "number" ? l : undefined));
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    value.kind !== "stream" ||
    !isName(value.dict.map.get("Type"), "XRef")
  )
    throw new PdfError("pdf-malformed", `no cross-reference table or stream at ${at}`);
  const dict = value.dict;
  const data = decodeStreamData(
    bytes.subarray(value.start, value.start + value.length),
    dict,
    limits,
    budget,
  );
  const w = ints(dict.map.get("W"));
  if (w.length !== 3 || w.some((x) => x < 0 || x > 8))
    throw new PdfError("pdf-malformed", "bad /W in a cross-reference stream");
  const size = dict.map.get("Size");
  if (typeof size !== "number") throw new PdfError("pdf-malformed", "cross-reference stream without /Size");
  if (size > limits.maxObjects) throw new PdfError("pdf-too-many-objects", `/Size ${size} is over the limit`);
  const index = dict.map.has("Index") ? ints(dict.map.get("Index")) : [0, size];
  const width = w[0]! + w[1]! + w[2]!;
  const entries = new Map<number, XrefEntry>();
  let p = 0;
  for (let k = 0; k + 1 < index.length; k += 2) {
    const first = index[k]!;
    const count = index[k + 1]!;
    if (first + count > limits.maxObjects)
      throw new PdfError("pdf-too-many-objects", "a cross-reference stream lists too many objects");
    for (let i = 0; i < count; i++) {
      if (p + width > data.length)
        throw new PdfError("pdf-truncated", "a cross-reference stream is shorter than its /Index");
      const field = (n: number, dflt: number) => {
        if (w[n] === 0) return dflt;
        let v = 0;
        for (let j = 0; j < w[n]!; j++) v = v * 256 + data[p++]!;
        return v;
      };
      const type = field(0, 1);
      const f2 = field(1, 0);
      const f3 = field(2, 0);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 0) entries.set(num, { type: "free" });
      else if (type === 1) entries.set(num, { type: "offset", offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: "compressed", stream: f2, index: f3 });
    }
  }
  return { entries, trailer: dict, isStream: true };
}

function ints(o: PdfObject | undefined): number[] {
  if (!Array.isArray(o) || o.some((x) => typeof x !== "number" || !Number.isInteger(x) || x < 0))
    throw new PdfError("pdf-malformed", "expected an array of non-negative integers");
  return o as number[];
}
