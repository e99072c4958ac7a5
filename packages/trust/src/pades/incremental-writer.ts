/**
 * Our incremental update writer (ISO 32000-2 §7.5.6): appends new and changed objects, a
 * cross-reference section for exactly those objects, and a trailer whose /Prev points at the
 * previous section — every earlier byte stays as it was, so earlier signatures stay valid.
 * (pdf-lib's `save()` rewrites the whole file, which would break them.)
 *
 * The appended part is built on its own: the original is never copied here; callers hash or
 * write `[original, update]` as two parts. When the newest section of the original is a
 * cross-reference stream, the update writes one too (uncompressed), so readers that expect
 * the same kind along the chain are satisfied.
 */
import { PdfError } from "./errors.ts";
import { isRef, type PdfDict, type PdfObject } from "./objects.ts";
import type { PdfDocument } from "./pdf-document.ts";
import { serialize } from "./serialize.ts";

export type WrittenObject =
  | { kind: "object"; value: PdfObject }
  | { kind: "stream"; dict: PdfDict; data: Uint8Array }
  /** Pre-serialized body (the signature dictionary with its placeholders). */
  | { kind: "raw"; body: string };

export interface BuiltUpdate {
  /** The bytes to append to the original. */
  bytes: Uint8Array;
  /** Offsets (in the whole file) of each written object. */
  offsets: Map<number, number>;
  /** Length of the whole file after the update. */
  totalLength: number;
}

export class IncrementalUpdate {
  private objects = new Map<number, WrittenObject>();
  private next: number;

  constructor(readonly doc: PdfDocument) {
    this.next = doc.size();
  }

  allocate(): number {
    return this.next++;
  }

  set(num: number, value: WrittenObject): void {
    this.objects.set(num, value);
  }

  build(): BuiltUpdate {
    if (this.doc.end !== this.doc.bytes.length)
      throw new PdfError("pdf-malformed", "an update must extend the newest revision");
    const base = this.doc.bytes.length;
    const parts: Buffer[] = [];
    let length = 0;
    const push = (b: Buffer | string) => {
      const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
      parts.push(buf);
      length += buf.length;
    };
    const last = this.doc.bytes[base - 1];
    if (last !== 0x0a && last !== 0x0d) push("\n");
    const offsets = new Map<number, number>();
    const nums = [...this.objects.keys()].sort((a, b) => a - b);
    for (const num of nums) {
      const o = this.objects.get(num)!;
      offsets.set(num, base + length);
      if (o.kind === "object") push(`${num} 0 obj\n${serialize(o.value)}\nendobj\n`);
      else if (o.kind === "raw") push(`${num} 0 obj\n${o.body}\nendobj\n`);
      else {
        const d = new Map(o.dict.map);
        d.set("Length", o.data.length);
        push(`${num} 0 obj\n${serialize({ kind: "dict", map: d })}\nstream\n`);
        push(Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength));
        push("\nendstream\nendobj\n");
      }
    }
    const trailer = new Map<string, PdfObject>();
    const old = this.doc.trailer.map;
    trailer.set("Size", Math.max(this.next, this.doc.size()));
    for (const k of ["Root", "Info", "ID"]) {
      const v = old.get(k);
      if (v !== undefined && (k === "ID" || isRef(v))) trailer.set(k, v);
    }
    trailer.set("Prev", this.doc.startxref);
    const xrefAt = base + length;
    if (this.doc.xref.newestIsStream) {
      const self = this.next++;
      trailer.set("Size", Math.max(this.next, this.doc.size()));
      offsets.set(self, xrefAt);
      const all = [...nums, self].sort((a, b) => a - b);
      const data = Buffer.alloc(all.length * 7);
      all.forEach((n, i) => {
        data[i * 7] = 1;
        data.writeUInt32BE(offsets.get(n)!, i * 7 + 1);
        data.writeUInt16BE(0, i * 7 + 5);
      });
      trailer.set("Type", { kind: "name", name: "XRef" });
      trailer.set("W", [1, 4, 2]);
      trailer.set(
        "Index",
        all.flatMap((n) => [n, 1]),
      );
      trailer.set("Length", data.length);
      push(`${self} 0 obj\n${serialize({ kind: "dict", map: trailer })}\nstream\n`);
      push(data);
      push("\nendstream\nendobj\n");
    } else {
      let table = "xref\n";
      // One subsection per run of consecutive numbers (§7.5.4).
      for (let i = 0; i < nums.length; ) {
        let j = i;
        while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
        table += `${nums[i]} ${j - i + 1}\n`;
        for (let k = i; k <= j; k++)
          table += `${String(offsets.get(nums[k]!)).padStart(10, "0")} 00000 n\r\n`;
        i = j + 1;
      }
      push(`${table}trailer\n${serialize({ kind: "dict", map: trailer })}\n`);
    }
    push(`startxref\n${xrefAt}\n%%EOF\n`);
    const bytes = new Uint8Array(Buffer.concat(parts, length));
    return { bytes, offsets, totalLength: base + length };
  }
}
