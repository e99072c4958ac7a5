/**
 * Reading helpers for trusted-list XML: mandatory/optional children in the tsl namespace,
 * multilingual strings, xsd:dateTime and base64 values. Every shape failure becomes a
 * TrustedListFormatError, so a hostile list is refused with a reason, never a crash.
 */
import { attributeOf, childElements, stripXmlWhitespace, textOf, XML_NAMESPACE } from "../xml/dom.ts";
import { TrustedListFormatError } from "./errors.ts";
import type { DigitalId, MultilingualString } from "./types.ts";
import { TSL_NAMESPACE } from "./uris.ts";

export function children(parent: Element, localName: string, namespace = TSL_NAMESPACE): Element[] {
  return childElements(parent, namespace, localName);
}

export function optionalChild(
  parent: Element,
  localName: string,
  namespace = TSL_NAMESPACE,
): Element | undefined {
  return children(parent, localName, namespace)[0];
}

export function requiredChild(parent: Element, localName: string, namespace = TSL_NAMESPACE): Element {
  const found = optionalChild(parent, localName, namespace);
  if (!found)
    throw new TrustedListFormatError("tl-missing-element", `${parent.localName} has no ${localName}`);
  return found;
}

export function trimmedText(element: Element): string {
  return textOf(element).trim();
}

export function requiredText(parent: Element, localName: string): string {
  const value = trimmedText(requiredChild(parent, localName));
  if (value === "")
    throw new TrustedListFormatError("tl-missing-element", `${parent.localName}/${localName} is empty`);
  return value;
}

/** A list of tsl:Name (or tsl:URI) children with xml:lang (TS 119 612 §5.1.4). */
export function multilingual(parent: Element | undefined, itemName = "Name"): MultilingualString[] {
  if (!parent) return [];
  return children(parent, itemName).map((e) => ({
    lang: e.getAttributeNS(XML_NAMESPACE, "lang") || attributeOf(e, "xml:lang") || "",
    value: trimmedText(e),
  }));
}

/** English first (TS 119 612 §5.1.4 requires an English version), else the first given. */
export function preferredText(values: MultilingualString[]): string {
  return (values.find((v) => v.lang.toLowerCase() === "en") ?? values[0])?.value ?? "";
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** xsd:dateTime; TS 119 612 §5.1.4 prescribes UTC, so a missing zone is read as UTC. */
export function parseDateTime(text: string, what: string): Date {
  const m = DATE_TIME.exec(text);
  if (!m)
    throw new TrustedListFormatError("tl-bad-value", `${what} is not an xsd:dateTime: ${text.slice(0, 40)}`);
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ""}${m[8] ?? "Z"}`);
  if (Number.isNaN(date.getTime()))
    throw new TrustedListFormatError("tl-bad-value", `${what} is not a valid time`);
  return date;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseBase64(text: string, what: string): Uint8Array {
  const clean = stripXmlWhitespace(text);
  if (clean.length === 0 || clean.length % 4 !== 0 || !BASE64.test(clean))
    throw new TrustedListFormatError("tl-bad-value", `${what} is not base64`);
  return new Uint8Array(Buffer.from(clean, "base64"));
}

export const MAX_DIGITAL_IDS = 100;

/** tsl:ServiceDigitalIdentity (TS 119 612 §5.5.3): its DigitalId children. */
export function parseDigitalIdentity(identity: Element): DigitalId[] {
  const ids = children(identity, "DigitalId");
  if (ids.length > MAX_DIGITAL_IDS)
    throw new TrustedListFormatError("tl-too-large", "too many DigitalId elements");
  const out: DigitalId[] = [];
  for (const id of ids) {
    for (const value of childElements(id)) {
      const text = trimmedText(value);
      if (value.namespaceURI !== TSL_NAMESPACE) {
        out.push({ kind: "other", element: value.localName ?? "" });
      } else if (value.localName === "X509Certificate") {
        out.push({ kind: "certificate", der: parseBase64(text, "X509Certificate") });
      } else if (value.localName === "X509SubjectName") {
        out.push({ kind: "subject-name", name: text });
      } else if (value.localName === "X509SKI") {
        out.push({ kind: "ski", ski: parseBase64(text, "X509SKI") });
      } else {
        out.push({ kind: "other", element: value.localName ?? "" });
      }
    }
  }
  return out;
}
