/**
 * What the portal lists about a document, read from its CDA header (CDA R2 §4.2.1): the title,
 * the document type code, the effective time, the document id, and the patients' identifiers
 * (recordTarget/patientRole/id). Read from the parsed DOM of the document as uploaded; only
 * direct children are looked at, so a title inside the body cannot pose as the header's.
 */
import { CDA_NAMESPACE } from "../core/cda-names.ts";
import { PERSONAL_CODE_ROOT } from "./cda-ids.ts";

export interface CdaHeader {
  readonly title: string | null;
  readonly typeCode: string | null;
  readonly typeCodeSystem: string | null;
  readonly typeDisplayName: string | null;
  /** HL7 TS as written (`YYYYMMDD[HHMM[SS]][+ZZZZ]`). */
  readonly effectiveTime: string | null;
  /** `root^extension` (or root alone). */
  readonly documentId: string | null;
  /** Personal codes of recordTarget patients (ids with PERSONAL_CODE_ROOT). */
  readonly patientCodes: readonly string[];
}

/** Longest header text kept (a title is a line, not a chapter). */
const MAX_HEADER_TEXT = 500;

function children(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (
      n.nodeType === 1 &&
      (n as Element).namespaceURI === CDA_NAMESPACE &&
      (n as Element).localName === localName
    )
      found.push(n as Element);
  }
  return found;
}

function attribute(el: Element | undefined, name: string): string | null {
  if (!el?.hasAttribute(name)) return null;
  const value = (el.getAttribute(name) ?? "").trim();
  return value ? value.slice(0, MAX_HEADER_TEXT) : null;
}

function text(el: Element | undefined): string | null {
  const value = (el?.textContent ?? "").replace(/\s+/g, " ").trim();
  return value ? value.slice(0, MAX_HEADER_TEXT) : null;
}

export function readCdaHeader(document: Document): CdaHeader {
  const root = document.documentElement as Element;
  const code = children(root, "code")[0];
  const id = children(root, "id")[0];
  const idRoot = attribute(id, "root");
  const idExtension = attribute(id, "extension");
  const patientCodes = children(root, "recordTarget")
    .flatMap((rt) => children(rt, "patientRole"))
    .flatMap((pr) => children(pr, "id"))
    .filter((i) => attribute(i, "root") === PERSONAL_CODE_ROOT)
    .map((i) => attribute(i, "extension"))
    .filter((c): c is string => c !== null);
  return {
    title: text(children(root, "title")[0]),
    typeCode: attribute(code, "code"),
    typeCodeSystem: attribute(code, "codeSystem"),
    typeDisplayName: attribute(code, "displayName"),
    effectiveTime: attribute(children(root, "effectiveTime")[0], "value"),
    documentId: idRoot === null ? null : idExtension === null ? idRoot : `${idRoot}^${idExtension}`,
    patientCodes,
  };
}
