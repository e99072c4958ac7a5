/**
 * A bounded PDF object parser (ISO 32000-2 §7.2 lexical conventions, §7.3 objects): reads one
 * object at an offset without recursion limits the input could push (depth and token count are
 * capped), and never reads past the end of the buffer (a truncated file is a `pdf-truncated`).
 */
import { PdfError } from "./errors.ts";
import type { PdfLimits } from "./limits.ts";
import type { PdfDict, PdfObject, PdfRef } from "./objects.ts";

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number | undefined) => c !== undefined && WS[c] === 1;
const isRegular = (c: number | undefined) => c !== undefined && WS[c] !== 1 && DELIM[c] !== 1;

export class PdfScanner {
  pos: number;
  private tokens = 0;
  constructor(
    readonly bytes: Uint8Array,
    offset: number,
    readonly limits: PdfLimits,
    readonly end: number = bytes.length,
  ) {
    this.pos = offset;
  }

  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WS[c] === 1) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A regular-character run (keyword or number) without consuming it. */
  peekWord(): string {
    this.skipSpace();
    let p = this.pos;
    while (p < this.end && isRegular(this.bytes[p]) && p - this.pos < 64) p++;
    return Buffer.from(this.bytes.subarray(this.pos, p)).toString("latin1");
  }

  word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  expectWord(expected: string): void {
    const at = this.pos;
    const w = this.word();
    if (w !== expected) {
      if (this.pos >= this.end)
        throw new PdfError("pdf-truncated", `expected "${expected}" at ${at}, found the end`);
      throw new PdfError("pdf-malformed", `expected "${expected}" at ${at}, found "${w.slice(0, 20)}"`);
    }
  }

  integer(): number {
    const at = this.pos;
    const w = this.word();
    if (!/^\d{1,10}$/.test(w)) {
      if (this.pos >= this.end) throw new PdfError("pdf-truncated", `expected an integer at ${at}`);
      throw new PdfError("pdf-malformed", `expected an integer at ${at}`);
    }
    return Number(w);
  }

  private count(): void {
    if (++this.tokens > this.limits.maxTokensPerObject)
      throw new PdfError("pdf-too-many-objects", "too many tokens in one object");
  }

  /** One direct object (a reference `n g R` counts as one). */
  object(depth = 0): PdfObject {
    if (depth > this.limits.maxDepth)
      throw new PdfError("pdf-too-deep", `objects nested deeper than ${this.limits.maxDepth}`);
    this.count();
    this.skipSpace();
    if (this.pos >= this.end) throw new PdfError("pdf-truncated", "the file ends inside an object");
    const b = this.bytes;
    const c = b[this.pos]!;
    if (c === 0x2f /* / */) return this.nameToken();
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x3c /* < */) {
      if (b[this.pos + 1] === 0x3c) return this.dictionary(depth);
      return this.hexString();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const items: PdfObject[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= this.end) throw new PdfError("pdf-truncated", "the file ends inside an array");
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        items.push(this.object(depth + 1));
      }
    }
    const at = this.pos;
    const w = this.word();
    if (w === "") throw new PdfError("pdf-malformed", `unexpected character 0x${c.toString(16)} at ${at}`);
    if (w === "true") return true;
    if (w === "false") return false;
    if (w === "null") return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // `n g R` (§7.3.10): look ahead for a generation number and R.
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        const g = this.peekWord();
        if (/^\d+$/.test(g)) {
          this.pos += g.length;
          if (this.peekWord() === "R") {
            this.pos += 1;
            return { kind: "ref", num: Number(w), gen: Number(g) } satisfies PdfRef;
          }
        }
        this.pos = save;
      }
      return Number(w);
    }
    throw new PdfError("pdf-malformed", `unexpected token "${w.slice(0, 20)}" at ${at}`);
  }

  private nameToken(): PdfObject {
    this.pos++;
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.bytes[this.pos])) this.pos++;
    const raw = Buffer.from(this.bytes.subarray(start, this.pos)).toString("latin1");
    // §7.3.5: #xx escapes.
    return {
      kind: "name",
      name: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    };
  }

  private dictionary(depth: number): PdfDict {
    this.pos += 2;
    const map = new Map<string, PdfObject>();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.end) throw new PdfError("pdf-truncated", "the file ends inside a dictionary");
      if (this.bytes[this.pos] === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: "dict", map };
      }
      const key = this.object(depth + 1);
      if (key === null || typeof key !== "object" || Array.isArray(key) || key.kind !== "name")
        throw new PdfError("pdf-malformed", `a dictionary key is not a name at ${this.pos}`);
      const value = this.object(depth + 1);
      map.set(key.name, value);
    }
  }

  private hexString(): PdfObject {
    this.pos++;
    const start = this.pos;
    const close = this.bytes.indexOf(0x3e, start);
    if (close < 0 || close >= this.end)
      throw new PdfError("pdf-truncated", "the file ends inside a hex string");
    if (close - start > this.limits.maxStringBytes * 2)
      throw new PdfError("pdf-stream-too-large", `a string longer than ${this.limits.maxStringBytes} bytes`);
    this.pos = close + 1;
    const hex = Buffer.from(this.bytes.subarray(start, close))
      .toString("latin1")
      .replace(/[\0\t\n\f\r ]/g, "");
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfError("pdf-malformed", `bad hex string at ${start}`);
    return {
      kind: "string",
      bytes: new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex")),
      hex: true,
    };
  }

  private literalString(): PdfObject {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    let nest = 1;
    while (this.pos < this.end) {
      const c = b[this.pos++]!;
      if (out.length > this.limits.maxStringBytes)
        throw new PdfError(
          "pdf-stream-too-large",
          `a string longer than ${this.limits.maxStringBytes} bytes`,
        );
      if (c === 0x5c /* \ */) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple: Record<number, number> = {
          110: 10,
          114: 13,
          116: 9,
          98: 8,
          102: 12,
          40: 0x28,
          41: 0x29,
          92: 0x5c,
        };
        if (simple[e] !== undefined) out.push(simple[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++)
            v = v * 8 + (b[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) nest++;
      if (c === 0x29 && --nest === 0) return { kind: "string", bytes: Uint8Array.from(out), hex: false };
      out.push(c);
    }
    throw new PdfError("pdf-truncated", "the file ends inside a string");
  }
}

/**
 * An indirect object `n g obj … endobj` at `offset` (§7.3.10). A stream's /Length may be an
 * indirect reference: `lengthOf` resolves it (without recursion into another stream).
 */
export function parseIndirectObject(
  bytes: Uint8Array,
  offset: number,
  limits: PdfLimits,
  lengthOf: (value: PdfObject | undefined) => number | undefined,
): { num: number; gen: number; value: PdfObject } {
  if (offset < 0 || offset >= bytes.length)
    throw new PdfError("pdf-truncated", `object offset ${offset} is outside the file`);
  const s = new PdfScanner(bytes, offset, limits);
  const num = s.integer();
  const gen = s.integer();
  s.expectWord("obj");
  const value = s.object();
  if (s.peekWord() !== "stream") return { num, gen, value };
  if (value === null || typeof value !== "object" || Array.isArray(value) || value.kind !== "dict")
    throw new PdfError("pdf-malformed", `object ${num}: stream without a dictionary`);
  s.pos += 6;
  // §7.3.8.1: "stream" is followed by CRLF or LF.
  if (bytes[s.pos] === 0x0d) s.pos++;
  if (bytes[s.pos] === 0x0a) s.pos++;
  const start = s.pos;
  let length = lengthOf(value.map.get("Length"));
  if (
    length === undefined ||
    length < 0 ||
    start + length > bytes.length ||
    !endstreamFollows(bytes, start + length)
  ) {
    // A wrong /Length: find "endstream" within the stream limit (what every reader tolerates).
    const window = bytes.subarray(start, Math.min(bytes.length, start + limits.maxStreamBytes + 16));
    const at = Buffer.from(window.buffer, window.byteOffset, window.byteLength).indexOf("endstream");
    if (at < 0) {
      if (start + limits.maxStreamBytes < bytes.length)
        throw new PdfError(
          "pdf-stream-too-large",
          `object ${num}: stream longer than ${limits.maxStreamBytes} bytes`,
        );
      throw new PdfError("pdf-truncated", `object ${num}: the file ends inside a stream`);
    }
    length = at;
    while (length > 0 && (bytes[start + length - 1] === 0x0a || bytes[start + length - 1] === 0x0d)) length--;
  }
  if (length > limits.maxStreamBytes)
    throw new PdfError(
      "pdf-stream-too-large",
      `object ${num}: stream longer than ${limits.maxStreamBytes} bytes`,
    );
  return { num, gen, value: { kind: "stream", dict: value, start, length } };
}

function endstreamFollows(bytes: Uint8Array, at: number): boolean {
  let p = at;
  while (p < bytes.length && p < at + 4 && isWhite(bytes[p])) p++;
  return (
    Buffer.from(bytes.buffer, bytes.byteOffset + p, Math.min(9, bytes.length - p)).toString("latin1") ===
    "endstream"
  );
}
