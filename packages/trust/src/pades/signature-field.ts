/**
 * Adds a signature field to a PDF in one incremental update (ISO 32000-2 §12.7.5.5, §12.8.1):
 * a merged field/widget annotation on a page, listed in the AcroForm's /Fields (SigFlags 3:
 * SignaturesExist | AppendOnly) and in the page's /Annots, whose /V is a signature dictionary
 * with a /ByteRange and a zero-filled /Contents placeholder. The placeholder is then filled in
 * place: nothing else moves, so the offsets of the cross-reference section stay right.
 */
import { createHash, type Hash } from "node:crypto";
import { appearanceContent, type VisibleSignature } from "./appearance.ts";
import { PadesError, PdfError } from "./errors.ts";
import { IncrementalUpdate } from "./incremental-writer.ts";
import { dict, isRef, name, type PdfDict, type PdfObject, type PdfRef, ref, text } from "./objects.ts";
import { PdfDocument } from "./pdf-document.ts";
import { serialize } from "./serialize.ts";

export interface SignatureFieldInput {
  pdf: Uint8Array;
  /** Entries of the signature dictionary besides ByteRange and Contents (already serialized). */
  dictionaryEntries: string;
  /** Bytes reserved for the DER in /Contents. */
  reserve: number;
  visible?: VisibleSignature & { signer: string; time: Date };
  /** Produces the /Contents DER from the digest of the ByteRange octets. */
  contents: (digest: Uint8Array) => Promise<Uint8Array>;
  hash: "sha256" | "sha384" | "sha512";
  /** The document already opened over `pdf` (a partial file: `partial-file.ts`). */
  doc?: PdfDocument;
  /** Feeds the original's octets to the digest when `pdf` does not hold them all. */
  hashOriginal?: (hash: Hash) => Promise<void>;
}

const BYTE_RANGE_PLACEHOLDER = "/ByteRange [0 0000000000 0000000000 0000000000]";

/** The signed file as one buffer (input + update: the only copy of the original). */
export async function addSignatureField(input: SignatureFieldInput): Promise<Uint8Array> {
  const update = await signatureFieldUpdate(input);
  const out = new Uint8Array(input.pdf.length + update.length);
  out.set(input.pdf, 0);
  out.set(update, input.pdf.length);
  return out;
}

/**
 * Only the incremental update to append to `input.pdf` — for callers that write the original
 * and the update to a stream without holding a second copy of the file.
 */
export async function signatureFieldUpdate(input: SignatureFieldInput): Promise<Uint8Array> {
  const doc = input.doc ?? PdfDocument.open(input.pdf);
  const update = new IncrementalUpdate(doc);
  const pages = doc.pages();
  const pageIndex = input.visible?.page ?? 0;
  const pageRef = pages[pageIndex];
  if (!pageRef) throw new PadesError("pades-bad-input", `the document has no page ${pageIndex}`);
  const sigNum = update.allocate();
  const widgetNum = update.allocate();

  const catalog = doc.catalog();
  const acroFormValue = catalog.map.get("AcroForm");
  const acroForm = doc.dict(acroFormValue) ?? dict({});
  const fields = doc.resolve(acroForm.map.get("Fields"));
  const fieldList = Array.isArray(fields) ? fields : [];
  const fieldName = uniqueFieldName(doc, fieldList);

  const rect = input.visible?.rect ?? [0, 0, 0, 0];
  const widget = dict({
    Type: name("Annot"),
    Subtype: name("Widget"),
    FT: name("Sig"),
    T: text(fieldName),
    V: ref(sigNum),
    // §12.5.3: Print (4) | Locked (128).
    F: 132,
    Rect: rect,
    P: pageRef,
  });
  if (input.visible) {
    const [x1, y1, x2, y2] = input.visible.rect;
    const width = Math.abs(x2 - x1);
    const height = Math.abs(y2 - y1);
    const fontNum = update.allocate();
    const apNum = update.allocate();
    update.set(fontNum, {
      kind: "object",
      value: dict({
        Type: name("Font"),
        Subtype: name("Type1"),
        BaseFont: name("Helvetica"),
        Encoding: name("WinAnsiEncoding"),
      }),
    });
    update.set(apNum, {
      kind: "stream",
      dict: dict({
        Type: name("XObject"),
        Subtype: name("Form"),
        BBox: [0, 0, width, height],
        Resources: dict({ Font: dict({ F1: ref(fontNum) }) }),
      }),
      data: appearanceContent(width, height, input.visible.signer, input.visible.time),
    });
    widget.map.set("AP", dict({ N: ref(apNum) }));
  }
  update.set(widgetNum, { kind: "object", value: widget });

  // The page's /Annots (a direct array or an array object).
  const page = doc.dict(pageRef)!;
  const annots = page.map.get("Annots");
  const annotsValue = doc.resolve(annots);
  const newAnnots = [...(Array.isArray(annotsValue) ? annotsValue : []), ref(widgetNum)];
  if (isRef(annots) && Array.isArray(annotsValue))
    update.set(annots.num, { kind: "object", value: newAnnots });
  else update.set(pageRef.num, { kind: "object", value: withEntry(page, "Annots", newAnnots) });

  // The AcroForm (an object of its own or inside the catalog).
  const newFields: PdfObject[] = [...fieldList, ref(widgetNum)];
  const form = withEntry(withEntry(acroForm, "Fields", newFields), "SigFlags", 3);
  const fieldsValue = acroForm.map.get("Fields");
  if (isRef(acroFormValue)) {
    if (isRef(fieldsValue) && Array.isArray(fields)) {
      update.set(fieldsValue.num, { kind: "object", value: newFields });
      update.set(acroFormValue.num, { kind: "object", value: withEntry(acroForm, "SigFlags", 3) });
    } else update.set(acroFormValue.num, { kind: "object", value: form });
  } else {
    const rootRef = doc.rootRef();
    update.set(rootRef.num, { kind: "object", value: withEntry(catalog, "AcroForm", form) });
  }

  const contentsPlaceholder = `<${"0".repeat(input.reserve * 2)}>`;
  update.set(sigNum, {
    kind: "raw",
    body: `<<${input.dictionaryEntries} ${BYTE_RANGE_PLACEHOLDER} /Contents ${contentsPlaceholder}>>`,
  });
  const built = update.build();
  const base = input.pdf.length;
  const updateBytes = built.bytes;
  const sigAt = built.offsets.get(sigNum)! - base;
  const text8 = Buffer.from(updateBytes.buffer, updateBytes.byteOffset, updateBytes.byteLength);
  const brAt = text8.indexOf(BYTE_RANGE_PLACEHOLDER, sigAt, "latin1");
  const contentsAt = text8.indexOf("/Contents <", brAt, "latin1") + "/Contents ".length;
  if (brAt < 0 || contentsAt < brAt) throw new PdfError("pdf-malformed", "internal: placeholders not found");
  const a = base + contentsAt;
  const b = a + contentsPlaceholder.length;
  const total = built.totalLength;
  const byteRange = `/ByteRange [0 ${a} ${b} ${total - b}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, " ");
  text8.write(byteRange, brAt, "latin1");

  // Digest of the covered octets: the original as is (no copy), then the update around /Contents.
  const hash = createHash(input.hash);
  if (input.hashOriginal) await input.hashOriginal(hash);
  else hash.update(input.pdf);
  const digest = new Uint8Array(
    hash
      .update(updateBytes.subarray(0, contentsAt))
      .update(updateBytes.subarray(contentsAt + contentsPlaceholder.length))
      .digest(),
  );
  const der = await input.contents(digest);
  if (der.length > input.reserve)
    throw new PadesError(
      "pades-placeholder-too-small",
      `the CMS (${der.length} bytes) does not fit the ${input.reserve} bytes reserved`,
    );
  text8.write(Buffer.from(der).toString("hex"), contentsAt + 1, "latin1");
  return updateBytes;
}

function withEntry(d: PdfDict, key: string, value: PdfObject): PdfDict {
  const map = new Map(d.map);
  map.set(key, value);
  return { kind: "dict", map };
}

function uniqueFieldName(doc: PdfDocument, fields: PdfObject[]): string {
  const taken = new Set<string>();
  for (const f of fields.slice(0, 10_000)) {
    const d = doc.dict(f as PdfRef);
    const t = d?.map.get("T");
    if (t && typeof t === "object" && !Array.isArray(t) && t.kind === "string")
      taken.add(Buffer.from(t.bytes).toString("latin1"));
  }
  for (let i = 1; ; i++) if (!taken.has(`Signature${i}`)) return `Signature${i}`;
}

/** §7.9.4 date string: D:YYYYMMDDHHmmSSZ. */
export function pdfDate(d: Date): string {
  const iso = d.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export const pdfText = (s: string) => serialize(text(s));
