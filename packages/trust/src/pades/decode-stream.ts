/**
 * Stream filters the reader needs (ISO 32000-2 §7.4): FlateDecode with the PNG predictors that
 * cross-reference and object streams use (§7.4.4.4). Inflation is capped by
 * `maxOutputLength`, so a Flate bomb stops at the limit instead of filling memory.
 */
import { inflateSync } from "node:zlib";
import { PdfError } from "./errors.ts";
import type { PdfLimits } from "./limits.ts";
import { isDict, isName, type PdfDict, type PdfObject } from "./objects.ts";

/** What is left of a document's `maxTotalDecodedBytes`, shared by every stream it decodes. */
export class DecodeBudget {
  constructor(public remaining: number) {}
  spend(bytes: number): void {
    this.remaining -= bytes;
    if (this.remaining < 0)
      throw new PdfError(
        "pdf-decompressed-too-large",
        "the document's streams inflate to more than the total limit",
      );
  }
}

export function decodeStreamData(
  raw: Uint8Array,
  dict: PdfDict,
  limits: PdfLimits,
  budget?: DecodeBudget,
): Uint8Array {
  const filter = dict.map.get("Filter");
  const filters = filter === undefined || filter === null ? [] : Array.isArray(filter) ? filter : [filter];
  const parms = dict.map.get("DecodeParms");
  let data = raw;
  filters.forEach((f, i) => {
    if (!isName(f)) throw new PdfError("pdf-malformed", "a stream filter is not a name");
    if (f.name !== "FlateDecode" && f.name !== "Fl")
      throw new PdfError("pdf-unsupported", `the ${f.name} filter is not supported by this reader`);
    data = inflate(data, limits, budget);
    const p: PdfObject | undefined = Array.isArray(parms) ? parms[i] : parms;
    if (isDict(p)) data = unpredict(data, p, limits);
  });
  return data;
}

function inflate(data: Uint8Array, limits: PdfLimits, budget?: DecodeBudget): Uint8Array {
  const max = Math.max(0, Math.min(limits.maxDecodedBytes, budget?.remaining ?? limits.maxDecodedBytes));
  try {
    const out = new Uint8Array(inflateSync(data, { maxOutputLength: Math.max(1, max) }));
    budget?.spend(out.length);
    return out;
  } catch (cause) {
    if ((cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
      throw new PdfError(
        "pdf-decompressed-too-large",
        `a stream inflates to more than ${limits.maxDecodedBytes} bytes`,
        { cause },
      );
    throw new PdfError("pdf-malformed", "a Flate stream cannot be inflated", { cause });
  }
}

function unpredict(data: Uint8Array, parms: PdfDict, limits: PdfLimits): Uint8Array {
  const predictor = num(parms.map.get("Predictor"), 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new PdfError("pdf-unsupported", `TIFF predictor ${predictor} is not supported`);
  }
  const colors = num(parms.map.get("Colors"), 1);
  const bpc = num(parms.map.get("BitsPerComponent"), 8);
  const columns = num(parms.map.get("Columns"), 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (rowLength <= 0 || rowLength > limits.maxDecodedBytes)
    throw new PdfError("pdf-malformed", "bad predictor columns");
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  const prev = new Uint8Array(rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const row = data.subarray(r * (rowLength + 1) + 1, (r + 1) * (rowLength + 1));
    const cur = out.subarray(r * rowLength, (r + 1) * rowLength);
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? cur[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let v = row[i]!;
      if (type === 1) v += left;
      else if (type === 2) v += up;
      else if (type === 3) v += (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new PdfError("pdf-malformed", `bad PNG predictor row type ${type}`);
      cur[i] = v & 0xff;
    }
    prev.set(cur);
  }
  return out;
}

const num = (o: PdfObject | undefined, fallback: number): number => (typeof o === "number" ? o : fallback);
