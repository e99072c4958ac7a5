/**
 * A bounded, read-only view of a PDF (ours, not pdf-lib's: pdf-lib's parser has no limits on
 * nesting, object counts or inflation, recovers silently from broken xref data, and hides
 * which revision an object comes from — which signature validation needs). Objects are parsed
 * lazily and cached; `end` gives the view of an earlier revision (the bytes a signature covers).
 */
import { DecodeBudget, decodeStreamData } from "./decode-stream.ts";
import { PdfError } from "./errors.ts";
import { DEFAULT_PDF_LIMITS, type PdfLimits } from "./limits.ts";
import {
  isDict,
  isName,
  isRef,
  isStream,
  type PdfDict,
  type PdfObject,
  type PdfRef,
  type PdfStream,
} from "./objects.ts";
import { PdfScanner, parseIndirectObject } from "./parse-object.ts";
import { readXref, type XrefEntry, type XrefIndex } from "./xref.ts";

/**
 * Called before an object at `offset` is parsed: a caller that holds only part of the file in
 * `bytes` (`partial-file.ts`, signing files larger than memory should hold) reads it in here.
 */
export type ObjectFill = (num: number, offset: number) => void;

export class PdfDocument {
  readonly xref: XrefIndex;
  readonly startxref: number;
  private readonly budget: DecodeBudget;
  private cache = new Map<number, PdfObject>();
  private loading = new Set<number>();
  private objectStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();

  private constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
    readonly limits: PdfLimits,
    private readonly fill?: ObjectFill,
  ) {
    this.startxref = findStartxref(bytes, end);
    this.budget = new DecodeBudget(limits.maxTotalDecodedBytes);
    this.xref = readXref(bytes.subarray(0, end), this.startxref, limits, this.budget);
  }

  /** Opens the file, or the revision ending at `end` (exclusive). */
  static open(
    bytes: Uint8Array,
    options: { end?: number; limits?: Partial<PdfLimits>; fill?: ObjectFill } = {},
  ): PdfDocument {
    const limits = { ...DEFAULT_PDF_LIMITS, ...options.limits };
    if (bytes.length > limits.maxFileBytes)
      throw new PdfError("pdf-stream-too-large", `the file is larger than ${limits.maxFileBytes} bytes`);
    const head = Buffer.from(bytes.subarray(0, Math.min(1024, bytes.length))).toString("latin1");
    if (!head.includes("%PDF-")) throw new PdfError("pdf-malformed", "no %PDF- header");
    const doc = new PdfDocument(bytes, options.end ?? bytes.length, limits, options.fill);
    if (doc.xref.trailer.map.has("Encrypt"))
      throw new PdfError("pdf-unsupported", "encrypted PDFs are not supported");
    return doc;
  }

  get trailer(): PdfDict {
    return this.xref.trailer;
  }

  entry(num: number): XrefEntry | undefined {
    return this.xref.entries.get(num);
  }

  /** The object with this number as defined in this revision (null when free or absent, §7.3.10). */
  object(num: number): PdfObject {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const e = this.xref.entries.get(num);
    // A /Length or object stream that leads back to an object being read is a cycle.
    if (this.loading.has(num))
      throw new PdfError("pdf-malformed", `object ${num} refers to itself while being read`);
    if (this.loading.size > this.limits.maxDepth)
      throw new PdfError("pdf-too-deep", "objects refer through too many levels");
    this.loading.add(num);
    try {
      this.cache.set(num, this.load(num, e));
    } finally {
      this.loading.delete(num);
    }
    return this.cache.get(num)!;
  }

  private load(num: number, e: XrefEntry | undefined): PdfObject {
    let value: PdfObject = null;
    if (e?.type === "offset") {
      this.fill?.(num, e.offset);
      const bytes = this.bytes.subarray(0, this.end);
      const parsed = parseIndirectObject(bytes, e.offset, this.limits, (l) => this.lengthOf(l, num));
      if (parsed.num !== num)
        throw new PdfError(
          "pdf-malformed",
          `the cross-reference entry of object ${num} points at object ${parsed.num}`,
        );
      value = parsed.value;
    } else if (e?.type === "compressed") {
      value = this.fromObjectStream(num, e.stream, e.index);
    }
    return value;
  }

  private lengthOf(l: PdfObject | undefined, owner: number): number | undefined {
    if (typeof l === "number") return l;
    if (isRef(l) && l.num !== owner) {
      const v = this.object(l.num);
      return typeof v === "number" ? v : undefined;
    }
    return undefined;
  }

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    if (o === undefined) return undefined;
    return isRef(o) ? this.object(o.num) : o;
  }

  dict(o: PdfObject | undefined): PdfDict | undefined {
    const v = this.resolve(o);
    if (isDict(v)) return v;
    if (isStream(v)) return v.dict;
    return undefined;
  }

  raw(stream: PdfStream): Uint8Array {
    return this.bytes.subarray(stream.start, stream.start + stream.length);
  }

  decoded(stream: PdfStream): Uint8Array {
    return decodeStreamData(this.raw(stream), stream.dict, this.limits, this.budget);
  }

  private fromObjectStream(num: number, streamNum: number, index: number): PdfObject {
    let os = this.objectStreams.get(streamNum);
    if (!os) {
      const s = this.object(streamNum);
      if (!isStream(s) || !isName(s.dict.map.get("Type"), "ObjStm"))
        throw new PdfError(
          "pdf-malformed",
          `object ${num} lives in ${streamNum}, which is not an object stream`,
        );
      const n = s.dict.map.get("N");
      const first = s.dict.map.get("First");
      if (typeof n !== "number" || typeof first !== "number" || n < 0 || n > this.limits.maxObjects)
        throw new PdfError("pdf-malformed", `object stream ${streamNum}: bad /N or /First`);
      const data = this.decoded(s);
      const sc = new PdfScanner(data, 0, this.limits);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const objNum = sc.integer();
        const off = sc.integer();
        if (!offsets.has(objNum)) offsets.set(objNum, first + off);
      }
      os = { data, offsets };
      this.objectStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined || at >= os.data.length)
      throw new PdfError(
        "pdf-malformed",
        `object ${num} is not in object stream ${streamNum} (index ${index})`,
      );
    return new PdfScanner(os.data, at, this.limits).object();
  }

  catalog(): PdfDict {
    const root = this.dict(this.trailer.map.get("Root"));
    if (!root) throw new PdfError("pdf-malformed", "the trailer has no /Root catalog");
    return root;
  }

  rootRef(): PdfRef {
    const r = this.trailer.map.get("Root");
    if (!isRef(r)) throw new PdfError("pdf-malformed", "the trailer's /Root is not a reference");
    return r;
  }

  /** Page references in order (§7.7.3), refusing cycles and more pages than objects. */
  pages(): PdfRef[] {
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (node: PdfObject | undefined, depth: number) => {
      if (!isRef(node)) throw new PdfError("pdf-malformed", "a page tree node is not a reference");
      if (seen.has(node.num)) throw new PdfError("pdf-malformed", "the page tree has a cycle");
      if (depth > this.limits.maxDepth) throw new PdfError("pdf-too-deep", "the page tree is too deep");
      seen.add(node.num);
      const d = this.dict(node);
      if (!d) throw new PdfError("pdf-malformed", "a page tree node is not a dictionary");
      if (isName(d.map.get("Type"), "Pages")) {
        const kids = this.resolve(d.map.get("Kids"));
        if (!Array.isArray(kids)) throw new PdfError("pdf-malformed", "a /Pages node without /Kids");
        for (const k of kids) walk(k, depth + 1);
      } else out.push(node);
    };
    walk(this.catalog().map.get("Pages"), 0);
    return out;
  }

  /** Highest object number + 1 in this revision. */
  size(): number {
    const s = this.trailer.map.get("Size");
    let max = typeof s === "number" ? s : 0;
    for (const n of this.xref.entries.keys()) if (n + 1 > max) max = n + 1;
    return max;
  }
}

/** §7.5.5: the last `startxref` before `end` gives the newest cross-reference section. */
export function findStartxref(bytes: Uint8Array, end: number): number {
  const from = Math.max(0, end - 2048);
  const tail = Buffer.from(bytes.subarray(from, end)).toString("latin1");
  const i = tail.lastIndexOf("startxref");
  if (i < 0) throw new PdfError("pdf-truncated", "no startxref near the end of the file");
  const m = /^startxref\s+(\d{1,12})/.exec(tail.slice(i));
  if (!m) throw new PdfError("pdf-truncated", "startxref without an offset");
  return Number(m[1]);
}

/**
 * Ends of the revisions (§7.5.6): just past each `%%EOF` marker and its end-of-line. The last
 * one is the end of the file's newest revision.
 */
export function revisionEnds(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = buf.indexOf("%%EOF");
  while (i >= 0) {
    let e = i + 5;
    if (buf[e] === 0x0d) e++;
    if (buf[e] === 0x0a) e++;
    out.push(e);
    i = buf.indexOf("%%EOF", i + 5);
  }
  return out;
}
