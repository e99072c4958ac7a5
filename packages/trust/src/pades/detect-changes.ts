/**
 * What changed after a signature (ISO 32000-2 §12.8.2.2 DocMDP semantics, ETSI EN 319 142-1
 * §5.4 and EU DSS's "object modifications"): every object of the signed revision is compared
 * with its definition in the newest revision. Allowed: what adding signatures, a DSS or a
 * document time-stamp needs — the catalog gaining /DSS, /AcroForm or /Extensions; the form
 * gaining signature fields; a page gaining signature widgets in /Annots; an empty signature
 * field getting its /V; the document information (/Info, /Metadata, warned). Anything else —
 * a content stream, a page tree gaining a page, a deleted object, a signed object rewritten —
 * is not allowed. New objects need no check of their own: they are reachable only through
 * existing objects, and those are checked.
 */
import {
  isDict,
  isName,
  isRef,
  type PdfDict,
  type PdfObject,
  type PdfStream,
  sameObject,
} from "./objects.ts";
import type { PdfDocument } from "./pdf-document.ts";

export interface PdfChange {
  object: number;
  kind:
    | "catalog-extended"
    | "form-extended"
    | "annotations-extended"
    | "signature-field-filled"
    | "metadata"
    | "object-modified"
    | "object-deleted"
    | "catalog-modified";
  allowed: boolean;
  description: string;
}

const CATALOG_ALLOWED = ["DSS", "AcroForm", "Extensions"];
/** Always allowed to change in the form; /DR and /DA (resources and default appearance of
 *  every field) only when the signed form had none — changing them would restyle signed fields. */
const FORM_ALLOWED = ["Fields", "SigFlags"];
const FORM_ADDABLE = ["DR", "DA"];

export function detectChanges(signed: PdfDocument, latest: PdfDocument): PdfChange[] {
  const changes: PdfChange[] = [];
  const raw = (s: PdfStream) => latest.raw(s);
  const same = (a: PdfObject, b: PdfObject) => sameObject(a, b, raw);
  const roles = rolesOf(signed);
  const rootNum = signed.rootRef().num;

  // The catalog, even when the newest trailer points at another object number.
  const oldCatalog = signed.catalog();
  const newCatalog = latest.catalog();
  if (!same(oldCatalog, newCatalog))
    changes.push(catalogChange(rootNum, oldCatalog, newCatalog, signed, latest, same));

  for (const [num, entry] of signed.xref.entries) {
    if (entry.type === "free" || num === rootNum) continue;
    const now = latest.entry(num);
    if (now?.type === "offset" && entry.type === "offset" && now.offset === entry.offset) continue;
    const before = signed.object(num);
    if (before === null) continue;
    if (!now || now.type === "free") {
      changes.push({
        object: num,
        kind: "object-deleted",
        allowed: false,
        description: `object ${num} was deleted`,
      });
      continue;
    }
    const after = latest.object(num);
    if (same(before, after)) continue;
    changes.push(classify(num, before, after, roles, signed, latest, same));
  }
  return changes;
}

interface Roles {
  pages: Set<number>;
  annotsArrays: Set<number>;
  formNum: number | undefined;
  fieldsArray: number | undefined;
  metadata: Set<number>;
}

function rolesOf(doc: PdfDocument): Roles {
  const pages = new Set(doc.pages().map((p) => p.num));
  const annotsArrays = new Set<number>();
  for (const p of pages) {
    const a = doc.dict({ kind: "ref", num: p, gen: 0 })?.map.get("Annots");
    if (isRef(a)) annotsArrays.add(a.num);
  }
  const catalog = doc.catalog();
  const form = catalog.map.get("AcroForm");
  const formDict = doc.dict(form);
  const fields = formDict?.map.get("Fields");
  const metadata = new Set<number>();
  const info = doc.trailer.map.get("Info");
  if (isRef(info)) metadata.add(info.num);
  const meta = catalog.map.get("Metadata");
  if (isRef(meta)) metadata.add(meta.num);
  return {
    pages,
    annotsArrays,
    formNum: isRef(form) ? form.num : undefined,
    fieldsArray: isRef(fields) ? fields.num : undefined,
    metadata,
  };
}

type Same = (a: PdfObject, b: PdfObject) => boolean;

function withoutKeys(d: PdfDict, keys: string[]): PdfDict {
  const map = new Map(d.map);
  for (const k of keys) map.delete(k);
  return { kind: "dict", map };
}

/** The old list is kept as a prefix and every added entry is a signature field/widget. */
function onlySignaturesAdded(
  before: PdfObject | undefined,
  after: PdfObject | undefined,
  latest: PdfDocument,
  same: Same,
): boolean {
  const a = Array.isArray(before) ? before : before === undefined ? [] : null;
  const b = Array.isArray(after) ? after : null;
  if (!a || !b || b.length < a.length) return false;
  if (!a.every((x, i) => same(x, b[i]!))) return false;
  return b.slice(a.length).every((x) => isSignatureField(latest.dict(x), latest));
}

function isSignatureField(d: PdfDict | undefined, doc: PdfDocument): boolean {
  if (!d) return false;
  if (isName(d.map.get("FT"), "Sig")) return true;
  const parent = doc.dict(d.map.get("Parent"));
  return !!parent && isName(parent.map.get("FT"), "Sig");
}

function formChangeAllowed(
  before: PdfDict | undefined,
  after: PdfDict | undefined,
  signed: PdfDocument,
  latest: PdfDocument,
  same: Same,
): boolean {
  if (!after) return !before;
  if (before) {
    const ignore = [...FORM_ALLOWED, ...FORM_ADDABLE.filter((k) => !before.map.has(k))];
    if (!same(withoutKeys(before, ignore), withoutKeys(after, ignore))) return false;
  }
  const oldFields = signed.resolve(before?.map.get("Fields"));
  const newFields = latest.resolve(after.map.get("Fields"));
  if (same(oldFields ?? [], newFields ?? [])) return true;
  return onlySignaturesAdded(oldFields, newFields, latest, same);
}

function catalogChange(
  num: number,
  before: PdfDict,
  after: PdfDict,
  signed: PdfDocument,
  latest: PdfDocument,
  same: Same,
): PdfChange {
  const ok =
    same(withoutKeys(before, CATALOG_ALLOWED), withoutKeys(after, CATALOG_ALLOWED)) &&
    same(
      withoutKeys(signed.dict(before.map.get("Extensions")) ?? emptyDict(), ["ESIC", "ADBE"]),
      withoutKeys(latest.dict(after.map.get("Extensions")) ?? emptyDict(), ["ESIC", "ADBE"]),
    ) &&
    (isRef(before.map.get("AcroForm")) && same(before.map.get("AcroForm")!, after.map.get("AcroForm") ?? null)
      ? true
      : formChangeAllowed(
          signed.dict(before.map.get("AcroForm")),
          latest.dict(after.map.get("AcroForm")),
          signed,
          latest,
          same,
        ));
  return ok
    ? {
        object: num,
        kind: "catalog-extended",
        allowed: true,
        description: "the catalog gained a DSS or signature fields",
      }
    : {
        object: num,
        kind: "catalog-modified",
        allowed: false,
        description: "the catalog was changed beyond DSS and signature fields",
      };
}

const emptyDict = (): PdfDict => ({ kind: "dict", map: new Map() });

function classify(
  num: number,
  before: PdfObject,
  after: PdfObject,
  roles: Roles,
  signed: PdfDocument,
  latest: PdfDocument,
  same: Same,
): PdfChange {
  const modified = (what: string): PdfChange => ({
    object: num,
    kind: "object-modified",
    allowed: false,
    description: `${what} ${num} was rewritten after signing`,
  });
  if (roles.metadata.has(num))
    return {
      object: num,
      kind: "metadata",
      allowed: true,
      description: `document information ${num} changed`,
    };
  if (roles.formNum === num)
    return formChangeAllowed(
      isDict(before) ? before : undefined,
      isDict(after) ? after : undefined,
      signed,
      latest,
      same,
    )
      ? {
          object: num,
          kind: "form-extended",
          allowed: true,
          description: "signature fields were added to the form",
        }
      : modified("the form");
  if (roles.fieldsArray === num || roles.annotsArrays.has(num))
    return onlySignaturesAdded(before, after, latest, same)
      ? {
          object: num,
          kind: roles.fieldsArray === num ? "form-extended" : "annotations-extended",
          allowed: true,
          description: "signature fields were added",
        }
      : modified(roles.fieldsArray === num ? "the form's field list" : "a page's annotation list");
  if (roles.pages.has(num)) {
    if (
      isDict(before) &&
      isDict(after) &&
      same(withoutKeys(before, ["Annots"]), withoutKeys(after, ["Annots"]))
    ) {
      const a = signed.resolve(before.map.get("Annots"));
      const b = latest.resolve(after.map.get("Annots"));
      if (onlySignaturesAdded(a, b, latest, same))
        return {
          object: num,
          kind: "annotations-extended",
          allowed: true,
          description: `signature widgets were added to page ${num}`,
        };
    }
    return modified("page");
  }
  // An empty signature field that was signed later (§12.7.5.5): only /V (and its look) may change.
  if (isDict(before) && isDict(after) && isSignatureField(before, signed) && !before.map.has("V")) {
    if (same(withoutKeys(before, ["V", "AP", "AS", "Lock"]), withoutKeys(after, ["V", "AP", "AS", "Lock"])))
      return {
        object: num,
        kind: "signature-field-filled",
        allowed: true,
        description: `signature field ${num} was signed`,
      };
  }
  const type = isDict(before) ? before.map.get("Type") : undefined;
  return modified(isName(type) ? `a /${type.name} object` : "object");
}
