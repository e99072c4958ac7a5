/**
 * Namespace-aware DOM helpers for writing and reading RegRep slots (DIGEST §1.1): writing
 * always emits explicit xsi:type on SlotValue/Element (DIGEST §6.1); reading binds by URI and
 * ignores prefixes, so other implementations' conventions are accepted.
 */
import { DOMImplementation, XMLSerializer } from "@xmldom/xmldom";
import { EdmParseError } from "./errors.ts";
import type { LocalizedText } from "./model.ts";
import { COLLECTION_SET, NS } from "./namespaces.ts";

type NsKey = "query" | "rim" | "rs" | "lcm" | "sdg" | "xsi" | "xlink";
const PREFIXES: NsKey[] = ["query", "rim", "rs", "lcm", "sdg", "xsi", "xlink"];

/** A new document whose root declares every EDM prefix once. */
export function newDocument(ns: NsKey, local: string): Element {
  const doc = new DOMImplementation().createDocument(NS[ns], `${ns}:${local}`, null);
  const root = doc.documentElement as unknown as Element;
  for (const p of PREFIXES) if (p !== ns) root.setAttributeNS(NS.xmlns, `xmlns:${p}`, NS[p]);
  return root;
}

/**
 * Indents element-only content (our builders never mix text and elements), so that messages
 * are readable in logs and validation findings point at a useful line. Whitespace between
 * elements is insignificant to the XSDs and to the EC rules (they compare element text).
 */
function indent(el: Element, depth: number): void {
  const children = kids(el);
  if (children.length === 0) return;
  const doc = el.ownerDocument;
  for (const c of children) {
    el.insertBefore(doc.createTextNode(`\n${"  ".repeat(depth + 1)}`), c);
    indent(c, depth + 1);
  }
  el.appendChild(doc.createTextNode(`\n${"  ".repeat(depth)}`));
}

export function serialize(root: Element): string {
  indent(root, 0);
  const body = new XMLSerializer().serializeToString(root as never);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

/** Appends `<ns:local>` (with optional text) to `parent`. */
export function add(parent: Element, ns: NsKey, local: string, text?: string): Element {
  const el = parent.ownerDocument.createElementNS(NS[ns], `${ns}:${local}`);
  if (text !== undefined) el.appendChild(parent.ownerDocument.createTextNode(text));
  parent.appendChild(el);
  return el;
}

export function addOpt(parent: Element, ns: NsKey, local: string, text: string | undefined): void {
  if (text !== undefined) add(parent, ns, local, text);
}

export function setType(el: Element, type: string): Element {
  el.setAttributeNS(NS.xsi, "xsi:type", `rim:${type}`);
  return el;
}

function slot(parent: Element, name: string, type: string): Element {
  const s = add(parent, "rim", "Slot");
  s.setAttribute("name", name);
  return setType(add(s, "rim", "SlotValue"), type);
}

export function stringSlot(parent: Element, name: string, value: string): void {
  add(slot(parent, name, "StringValueType"), "rim", "Value", value);
}
export function dateTimeSlot(parent: Element, name: string, value: string): void {
  add(slot(parent, name, "DateTimeValueType"), "rim", "Value", value);
}
export function booleanSlot(parent: Element, name: string, value: boolean): void {
  add(slot(parent, name, "BooleanValueType"), "rim", "Value", String(value));
}
export function localizedSlot(parent: Element, name: string, values: LocalizedText[]): void {
  const v = add(slot(parent, name, "InternationalStringValueType"), "rim", "Value");
  for (const t of values) {
    const ls = add(v, "rim", "LocalizedString");
    ls.setAttributeNS(NS.xml, "xml:lang", t.lang);
    ls.setAttribute("value", t.value);
  }
}
/** An AnyValueType slot; `fill` appends the single sdg element to the SlotValue. */
export function anySlot(parent: Element, name: string, fill: (slotValue: Element) => void): void {
  fill(slot(parent, name, "AnyValueType"));
}
/** A CollectionValueType Set slot of AnyValueType elements (S052/S053). */
export function collectionSlot<T>(
  parent: Element,
  name: string,
  items: T[],
  fill: (el: Element, item: T) => void,
): void {
  const sv = slot(parent, name, "CollectionValueType");
  sv.setAttribute("collectionType", COLLECTION_SET);
  for (const item of items) fill(setType(add(sv, "rim", "Element"), "AnyValueType"), item);
}

// ---- reading ----

export function lineOf(node: Node | null | undefined): number {
  return (node as { lineNumber?: number } | null | undefined)?.lineNumber ?? 0;
}

export function isEl(node: Node | null, ns: string, local: string): boolean {
  return (
    node?.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local
  );
}

export function kids(el: Element, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if (ns !== undefined && e.namespaceURI !== ns) continue;
    if (local !== undefined && e.localName !== local) continue;
    out.push(e);
  }
  return out;
}

export function kid(el: Element | undefined, ns: string, local: string): Element | undefined {
  return el ? kids(el, ns, local)[0] : undefined;
}

export function text(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? "").trim() : undefined;
}

export function sdgText(el: Element | undefined, local: string): string | undefined {
  return text(kid(el, NS.sdg, local));
}

/** The rim:Slot children of `el` named `name`. */
export function slotsNamed(el: Element, name: string): Element[] {
  return kids(el, NS.rim, "Slot").filter((s) => s.getAttribute("name") === name);
}

export function slotValue(slotEl: Element | undefined): Element | undefined {
  return kid(slotEl, NS.rim, "SlotValue");
}

/** The local part of an xsi:type (schematron compares `substring-after(@xsi:type, ':')`). */
export function xsiType(el: Element | undefined): string {
  const t = el?.getAttributeNS(NS.xsi, "type") ?? "";
  const i = t.indexOf(":");
  return i >= 0 ? t.slice(i + 1) : t;
}

/** Reads one slot; `rule` is the id reported when it is absent and required. */
export function readSlot(el: Element, name: string, rule?: string): Element | undefined {
  const s = slotsNamed(el, name);
  if (s.length === 0 && rule) throw new EdmParseError(rule, `the rim:Slot "${name}" is missing`, lineOf(el));
  if (s.length > 1)
    throw new EdmParseError(
      rule ?? "R-EDM-REQ-S050",
      `the rim:Slot "${name}" occurs more than once`,
      lineOf(s[1]),
    );
  return s[0];
}

export function slotString(el: Element, name: string, rule?: string): string | undefined {
  return text(kid(slotValue(readSlot(el, name, rule)), NS.rim, "Value"));
}

export function slotBoolean(el: Element, name: string, rule?: string): boolean | undefined {
  const v = slotString(el, name, rule);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false" && v !== "1" && v !== "0")
    throw new EdmParseError(
      rule ?? "R-EDM-REQ-S024",
      `the slot "${name}" is not a boolean: ${v}`,
      lineOf(el),
    );
  return v === "true" || v === "1";
}

export function slotLocalized(el: Element, name: string, rule?: string): LocalizedText[] | undefined {
  const v = kid(slotValue(readSlot(el, name, rule)), NS.rim, "Value");
  if (!v) return undefined;
  return kids(v, NS.rim, "LocalizedString").map((ls) => ({
    lang: ls.getAttributeNS(NS.xml, "lang") ?? "",
    value: ls.getAttribute("value") ?? "",
  }));
}

/** The single sdg element of an AnyValueType slot. */
export function slotAny(
  el: Element,
  name: string,
  local: string,
  rule?: string,
  contentRule?: string,
): Element | undefined {
  const sv = slotValue(readSlot(el, name, rule));
  if (!sv) return undefined;
  const e = kid(sv, NS.sdg, local);
  if (!e)
    throw new EdmParseError(
      contentRule ?? rule ?? "R-EDM-REQ-S044",
      `the slot "${name}" does not hold sdg:${local}`,
      lineOf(sv),
    );
  return e;
}

/** The sdg elements inside a CollectionValueType slot's rim:Elements. */
export function slotCollection(
  el: Element,
  name: string,
  local: string,
  rule?: string,
  contentRule?: string,
): Element[] | undefined {
  const sv = slotValue(readSlot(el, name, rule));
  if (!sv) return undefined;
  return kids(sv, NS.rim, "Element").map((e) => {
    const inner = kid(e, NS.sdg, local);
    if (!inner)
      throw new EdmParseError(
        contentRule ?? rule ?? "R-EDM-REQ-S039",
        `an element of "${name}" is not sdg:${local}`,
        lineOf(e),
      );
    return inner;
  });
}

/** Accepts a slot written either as AnyValueType or as a one-element collection. */
export function slotAgents(
  el: Element,
  name: string,
  rule?: string,
  contentRule?: string,
): Element[] | undefined {
  const sv = slotValue(readSlot(el, name, rule));
  if (!sv) return undefined;
  if (xsiType(sv) === "CollectionValueType") return slotCollection(el, name, "Agent", rule, contentRule);
  const a = slotAny(el, name, "Agent", rule, contentRule);
  return a ? [a] : [];
}
