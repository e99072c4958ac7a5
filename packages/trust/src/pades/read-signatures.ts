/**
 * Finds the signatures of a PDF (ISO 32000-2 §12.7.5.5, §12.8): signature fields of the
 * AcroForm (with /Kids, bounded) whose /V is a signature or document time-stamp dictionary.
 */
import { PdfError } from "./errors.ts";
import { decodeTextString, isName, isRef, isString, type PdfDict, type PdfObject } from "./objects.ts";
import type { PdfDocument } from "./pdf-document.ts";

export interface PdfSignatureField {
  fieldName: string;
  /** Object number of the signature dictionary (undefined when direct in the field). */
  dictionaryNumber: number | undefined;
  dictionary: PdfDict;
  type: "Sig" | "DocTimeStamp";
  subFilter: string;
  byteRange: number[];
  /** The /Contents string's bytes as parsed (DER followed by zero padding). */
  contents: Uint8Array;
  /** /M, when present. */
  claimedTime?: Date;
  /** Found only as a page's widget annotation, not in the AcroForm's /Fields (§12.7.4: every
   *  field belongs to the form; poppler's `pdfsig -add-signature` 22.x omits it). */
  outsideForm?: boolean;
}

const MAX_FIELDS = 10_000;

export function readSignatureFields(doc: PdfDocument): PdfSignatureField[] {
  const form = doc.dict(doc.catalog().map.get("AcroForm"));
  const resolved = doc.resolve(form?.map.get("Fields"));
  const fields = Array.isArray(resolved) ? resolved : [];
  const out: PdfSignatureField[] = [];
  const seen = new Set<number>();
  let visited = 0;
  const walk = (f: PdfObject, parentName: string, depth: number, inheritedFt: string | undefined) => {
    if (++visited > MAX_FIELDS) throw new PdfError("pdf-too-many-objects", "too many form fields");
    if (depth > doc.limits.maxDepth) throw new PdfError("pdf-too-deep", "form fields nested too deeply");
    if (isRef(f)) {
      if (seen.has(f.num)) return;
      seen.add(f.num);
    }
    const d = doc.dict(f);
    if (!d) return;
    const t = d.map.get("T");
    const partial = isString(t) ? decodeTextString(t.bytes) : "";
    const full = parentName && partial ? `${parentName}.${partial}` : partial || parentName;
    const ftValue = d.map.get("FT");
    const ft = isName(ftValue) ? ftValue.name : inheritedFt;
    const kids = doc.resolve(d.map.get("Kids"));
    if (Array.isArray(kids)) for (const k of kids) walk(k, full, depth + 1, ft);
    if (ft !== "Sig") return;
    const vRaw = d.map.get("V");
    const v = doc.dict(vRaw);
    if (!v) return;
    const sig = toSignature(v, full, isRef(vRaw) ? vRaw.num : undefined);
    if (sig) out.push(sig);
  };
  for (const f of fields) walk(f, "", 0, undefined);
  // Signature widgets on pages that the form does not list.
  const inForm = out.length;
  for (const page of doc.pages()) {
    const annots = doc.resolve(doc.dict(page)?.map.get("Annots"));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) if (isRef(a) && !seen.has(a.num)) walk(a, "", 0, undefined);
  }
  for (const sig of out.slice(inForm)) sig.outsideForm = true;
  return out;
}

function toSignature(v: PdfDict, fieldName: string, num: number | undefined): PdfSignatureField | undefined {
  const type = v.map.get("Type");
  const subFilter = v.map.get("SubFilter");
  const br = v.map.get("ByteRange");
  const contents = v.map.get("Contents");
  if (!Array.isArray(br) || !isString(contents)) return undefined;
  const byteRange = br.map((x) => (typeof x === "number" && Number.isInteger(x) && x >= 0 ? x : -1));
  const m = v.map.get("M");
  const claimedTime = isString(m) ? parsePdfDate(Buffer.from(m.bytes).toString("latin1")) : undefined;
  return {
    fieldName,
    dictionaryNumber: num,
    dictionary: v,
    type: isName(type, "DocTimeStamp") ? "DocTimeStamp" : "Sig",
    subFilter: isName(subFilter) ? subFilter.name : "",
    byteRange,
    contents: contents.bytes,
    ...(claimedTime ? { claimedTime } : {}),
  };
}

/** §7.9.4: D:YYYYMMDDHHmmSSOHH'mm (trailing parts optional). */
export function parsePdfDate(s: string): Date | undefined {
  const m = /^D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Zz+-])?(\d\d)?'?(\d\d)?/.exec(s);
  if (!m) return undefined;
  const [y, mo = "01", d = "01", h = "00", mi = "00", se = "00"] = m.slice(1, 7);
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (m[7] === "+" || m[7] === "-") {
    const off = (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60_000;
    t += m[7] === "+" ? -off : off;
  }
  return Number.isNaN(t) ? undefined : new Date(t);
}
