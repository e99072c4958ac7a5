/**
 * Safe HTML from a CDA section's narrative block (`<text>`, HL7 CDA R2 NarrativeBlock.xsd).
 *
 * The narrative is outside input shown to professionals (issue 6 item 4: "no script survives"),
 * so it is never copied as markup: the DOM is WALKED and only whitelisted CDA elements (in the
 * CDA namespace) become HTML elements, each with only whitelisted attributes whose values are
 * checked. Preact escapes every text and attribute value on output. Everything else is dropped,
 * except that the text inside an unknown element is kept as plain text (a reader loses no words),
 * and the content of elements that are code, not text (script, style), is dropped with them.
 * Comments and processing instructions are dropped; CDATA is text like any other.
 */
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { CDA_NAMESPACE } from "./cda-names.ts";

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Narrative nested deeper than this is shown as text only (the parser limits depth too). */
const MAX_NARRATIVE_DEPTH = 64;

/** Elements whose content is code, never text to show, in whatever namespace they come. */
const CODE_ELEMENTS = new Set(["script", "style", "iframe", "object", "embed", "template", "noscript"]);

export type NarrativeLanguage = "lv" | "en";

const LABELS: Record<NarrativeLanguage, { multimedia: string; note: string; external: string }> = {
  lv: {
    multimedia: "[multivides saturs šeit netiek rādīts]",
    note: "piezīme",
    external: "(ārēja saite: atvērsies cita vietne ārpus e-veselības)",
  },
  en: {
    multimedia: "[multimedia content not shown here]",
    note: "note",
    external: "(outside link: opens another site, outside e-health)",
  },
};

export interface NarrativeOptions {
  /** The language of the placeholder texts (Latvian by default). */
  lang?: NarrativeLanguage;
}

interface Walk {
  readonly labels: (typeof LABELS)[NarrativeLanguage];
}

// --- attribute checks: each returns the safe value or undefined (attribute dropped) ----------

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}$/;
const SMALL_INTEGER = /^[1-9][0-9]{0,2}$/;

function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  const v = value?.trim();
  return allowed.find((a) => a === v);
}
function smallInteger(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v !== undefined && SMALL_INTEGER.test(v) ? Number(v) : undefined;
}
function languageTag(el: Element): string | undefined {
  const v = attr(el, "language")?.trim();
  return v !== undefined && LANGUAGE_TAG.test(v) ? v : undefined;
}
/** Only absolute http(s) URLs; `javascript:`, `data:`, relative and odd forms are refused. */
export function safeHref(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function styleCodes(el: Element): Set<string> {
  return new Set((attr(el, "styleCode") ?? "").split(/\s+/).filter(Boolean));
}

// --- the walk --------------------------------------------------------------------------------

function isCda(el: Element): boolean {
  return el.namespaceURI === CDA_NAMESPACE;
}

function childElements(el: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === ELEMENT_NODE) {
      const child = node as Element;
      if (isCda(child) && child.localName === localName) found.push(child);
    }
  }
  return found;
}

/** The text of a subtree, without the content of code elements; iterative, so depth is no risk. */
function plainText(root: Node): string {
  const parts: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      parts.push(node.nodeValue ?? "");
    } else if (node.nodeType === ELEMENT_NODE || node === root) {
      if (node.nodeType === ELEMENT_NODE && CODE_ELEMENTS.has((node as Element).localName.toLowerCase()))
        continue;
      const children = Array.from(node.childNodes);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
    }
  }
  return parts.join("");
}

function walkChildren(
  el: Element,
  walk: Walk,
  depth: number,
  skip?: (child: Element) => boolean,
): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      out.push(node.nodeValue ?? "");
    } else if (node.nodeType === ELEMENT_NODE) {
      const child = node as Element;
      if (skip?.(child)) continue;
      out.push(walkElement(child, walk, depth + 1));
    }
    // Comments, processing instructions: dropped.
  }
  return out;
}

function walkElement(el: Element, walk: Walk, depth: number): ComponentChildren {
  if (CODE_ELEMENTS.has(el.localName.toLowerCase())) return null;
  if (!isCda(el) || depth > MAX_NARRATIVE_DEPTH) return plainText(el);
  const kids = () => walkChildren(el, walk, depth);
  const lang = languageTag(el);
  switch (el.localName) {
    case "paragraph":
      return <p lang={lang}>{kids()}</p>;
    case "content": {
      const codes = styleCodes(el);
      let inner: ComponentChildren = kids();
      // styleCode (NarrativeBlock.xsd): rendering hints; only the emphasis ones are honoured.
      if (codes.has("Underline")) inner = <u>{inner}</u>;
      if (codes.has("Italics")) inner = <i>{inner}</i>;
      if (codes.has("Bold")) inner = <b>{inner}</b>;
      if (codes.has("Emphasis")) inner = <em>{inner}</em>;
      return <span lang={lang}>{inner}</span>;
    }
    case "br":
      return <br />;
    case "sub":
      return <sub>{kids()}</sub>;
    case "sup":
      return <sup>{kids()}</sup>;
    case "caption":
      // A caption outside a table (list, item, paragraph): a bold lead-in.
      return <b class="cda-caption">{kids()}</b>;
    case "linkHtml": {
      const href = safeHref(attr(el, "href"));
      if (!href) return <span>{kids()}</span>;
      // The reader is told before following it that the link leaves the system; the target
      // learns neither the page it came from nor gets a handle on it.
      return (
        <>
          <a href={href} rel="noopener noreferrer nofollow">
            {kids()}
          </a>{" "}
          <span class="cda-external">{walk.labels.external}</span>
        </>
      );
    }
    case "list": {
      const ordered = oneOf(attr(el, "listType"), ["ordered", "unordered"]) === "ordered";
      const caption = childElements(el, "caption")[0];
      const items = walkChildren(el, walk, depth, (c) => !(isCda(c) && c.localName === "item"));
      const list = ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
      if (!caption) return list;
      return (
        <div class="cda-list">
          <p class="cda-caption">{walkChildren(caption, walk, depth + 1)}</p>
          {list}
        </div>
      );
    }
    case "item":
      return <li lang={lang}>{kids()}</li>;
    case "table":
      return <table class="cda-table">{walkTableParts(el, walk, depth)}</table>;
    case "thead":
      return <thead>{walkRows(el, walk, depth)}</thead>;
    case "tbody":
      return <tbody>{walkRows(el, walk, depth)}</tbody>;
    case "tfoot":
      return <tfoot>{walkRows(el, walk, depth)}</tfoot>;
    case "tr":
      return (
        <tr>
          {walkChildren(
            el,
            walk,
            depth,
            (c) => !(isCda(c) && (c.localName === "th" || c.localName === "td")),
          )}
        </tr>
      );
    case "th":
    case "td": {
      const cell = {
        colSpan: smallInteger(attr(el, "colspan")),
        rowSpan: smallInteger(attr(el, "rowspan")),
        scope:
          el.localName === "th"
            ? oneOf(attr(el, "scope"), ["row", "col", "rowgroup", "colgroup"])
            : undefined,
        align: oneOf(attr(el, "align"), ["left", "center", "right", "justify"]),
        lang,
      };
      return el.localName === "th" ? <th {...cell}>{kids()}</th> : <td {...cell}>{kids()}</td>;
    }
    case "footnote":
      return (
        <small class="cda-footnote">
          ({walk.labels.note}: {kids()})
        </small>
      );
    case "footnoteRef":
      return <sup>*</sup>;
    case "renderMultiMedia": {
      const caption = childElements(el, "caption")[0];
      return (
        <span class="cda-multimedia">
          {walk.labels.multimedia}
          {caption ? <> {walkChildren(caption, walk, depth + 1)}</> : null}
        </span>
      );
    }
    default:
      // Unknown CDA element (or one out of place, like a bare col): its words, not its markup.
      return plainText(el);
  }
}

/** Table children in HTML's order: caption first, then column groups are dropped, then parts. */
function walkTableParts(table: Element, walk: Walk, depth: number): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const caption = childElements(table, "caption")[0];
  if (caption) out.push(<caption>{walkChildren(caption, walk, depth + 1)}</caption>);
  for (const part of ["thead", "tbody", "tfoot"]) {
    for (const child of childElements(table, part)) out.push(walkElement(child, walk, depth + 1));
  }
  return out;
}

function walkRows(part: Element, walk: Walk, depth: number): ComponentChildren[] {
  return childElements(part, "tr").map((tr) => walkElement(tr, walk, depth + 1));
}

/** The narrative block as a Preact element (for pages that compose it). */
export function CdaNarrative(props: { text: Element; lang?: NarrativeLanguage }): VNode {
  const walk: Walk = { labels: LABELS[props.lang ?? "lv"] };
  return <div class="cda-narrative">{walkChildren(props.text, walk, 0)}</div>;
}

/** The narrative block (`<text>` element of a CDA section) as a safe HTML string. */
export function renderNarrativeHtml(text: Element, options: NarrativeOptions = {}): string {
  return renderToString(<CdaNarrative text={text} lang={options.lang} />);
}
