/**
 * The PDF object model (ISO 32000-2 §7.3): the eight basic types plus indirect references.
 * Strings keep their exact bytes; streams keep the position of their raw data in the file, so
 * nothing is copied or decoded until asked for.
 */
export type PdfObject =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfObject[]
  | PdfDict
  | PdfRef
  | PdfStream;

export interface PdfName {
  kind: "name";
  name: string;
}
export interface PdfString {
  kind: "string";
  bytes: Uint8Array;
  hex: boolean;
}
export interface PdfDict {
  kind: "dict";
  map: Map<string, PdfObject>;
}
export interface PdfRef {
  kind: "ref";
  num: number;
  gen: number;
}
export interface PdfStream {
  kind: "stream";
  dict: PdfDict;
  /** Offset of the first data byte in the file and the encoded length. */
  start: number;
  length: number;
}

export const name = (n: string): PdfName => ({ kind: "name", name: n });
export const ref = (num: number, gen = 0): PdfRef => ({ kind: "ref", num, gen });
export const dict = (entries: Record<string, PdfObject>): PdfDict => ({
  kind: "dict",
  map: new Map(Object.entries(entries)),
});
export const text = (s: string): PdfString => ({ kind: "string", bytes: encodeTextString(s), hex: false });

const isKind = <K extends string>(o: PdfObject | undefined, kind: K): boolean =>
  o !== null && typeof o === "object" && !Array.isArray(o) && (o as { kind: string }).kind === kind;

export const isName = (o: PdfObject | undefined, value?: string): o is PdfName =>
  isKind(o, "name") && (value === undefined || (o as PdfName).name === value);
export const isDict = (o: PdfObject | undefined): o is PdfDict => isKind(o, "dict");
export const isRef = (o: PdfObject | undefined): o is PdfRef => isKind(o, "ref");
export const isStream = (o: PdfObject | undefined): o is PdfStream => isKind(o, "stream");
export const isString = (o: PdfObject | undefined): o is PdfString => isKind(o, "string");

/** ISO 32000-2 §7.9.2.2: PDFDocEncoding when ASCII suffices, UTF-16BE with a BOM otherwise. */
export function encodeTextString(s: string): Uint8Array {
  if (/^[\x20-\x7e]*$/.test(s)) return new Uint8Array(Buffer.from(s, "latin1"));
  const out = Buffer.alloc(2 + s.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < s.length; i++) out.writeUInt16BE(s.charCodeAt(i), 2 + i * 2);
  return new Uint8Array(out);
}

export function decodeTextString(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let s = "";
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  return Buffer.from(b).toString("latin1");
}

/** Structural equality; references compare by number (the referenced objects are compared on their own). */
export function sameObject(a: PdfObject, b: PdfObject, streamBytes?: (s: PdfStream) => Uint8Array): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameObject(x, b[i]!, streamBytes));
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "name":
      return a.name === (b as PdfName).name;
    case "ref":
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case "string":
      return Buffer.compare(a.bytes, (b as PdfString).bytes) === 0;
    case "dict":
      return sameDict(a, b as PdfDict, streamBytes);
    case "stream": {
      const s = b as PdfStream;
      if (!sameDict(a.dict, s.dict, streamBytes, ["Length"])) return false;
      if (!streamBytes) return a.start === s.start && a.length === s.length;
      return Buffer.compare(streamBytes(a), streamBytes(s)) === 0;
    }
  }
}

function sameDict(
  a: PdfDict,
  b: PdfDict,
  streamBytes: ((s: PdfStream) => Uint8Array) | undefined,
  ignore: string[] = [],
): boolean {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) {
    if (ignore.includes(k)) continue;
    const x = a.map.get(k);
    const y = b.map.get(k);
    if (x === undefined || y === undefined) return false;
    if (!sameObject(x, y, streamBytes)) return false;
  }
  return true;
}
