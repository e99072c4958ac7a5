/**
 * Same-document key references of ds:KeyInfo: dsig11:KeyInfoReference (XMLDSig 1.1 §4.5.5: its
 * URI dereferences to a ds:KeyInfo) and ds:RetrievalMethod with a `#id` URI (§4.5.4: Type says
 * what the target is — KeyValue, RSA/DSA/EC KeyValue, DEREncodedKeyValue, X509Data, or
 * rawX509Certificate as base64 text).
 *
 * Only the same document is read: nothing is fetched. A reference is followed one step; what
 * it points to is read with no lookup, so a reference inside it (or one pointing at its own
 * KeyInfo) is reported as `xmldsig-key-reference-loop` instead of being followed — a chain of
 * length ≤ 1 cannot loop. Each target is read once, and at most MAX_KEY_REFERENCES of them per
 * KeyInfo, so many references to a large element cannot multiply the work. Problems are
 * collected, not thrown: they matter only when no key verifies (the verifier reports the first).
 */
import { MalformedInputError } from "../errors.ts";
import { childElements, textOf } from "../xml/dom.ts";
import type { XmlDsigErrorCode } from "./errors.ts";
import {
  base64Bytes,
  type KeyInfoContent,
  keyOfValueElement,
  readDerEncodedKeyValue,
  readKeyInfo,
  readKeyValue,
  readX509Data,
} from "./key-info.ts";
import * as U from "./uris.ts";

/** Elements carrying an ID value in this document (IdIndex.lookup). */
export type SameDocumentLookup = (id: string) => Element[];

type Problems = KeyInfoContent["keyReferenceProblems"];

/** Distinct targets followed for one KeyInfo; a signer needs one or two. */
export const MAX_KEY_REFERENCES = 8;
const followed = new WeakMap<KeyInfoContent, Set<Element>>();

/** Whether `element` may be read now: not read before, and within MAX_KEY_REFERENCES. */
function firstVisit(element: Element, uri: string, content: KeyInfoContent): boolean {
  let seen = followed.get(content);
  if (!seen) {
    seen = new Set();
    followed.set(content, seen);
  }
  if (seen.has(element)) return false;
  if (seen.size === MAX_KEY_REFERENCES) {
    problem(
      content,
      "xmldsig-no-key",
      `${uri}: more than ${MAX_KEY_REFERENCES} key references are not followed`,
    );
    return false;
  }
  seen.add(element);
  return true;
}

function problem(content: KeyInfoContent, code: XmlDsigErrorCode, message: string): void {
  (content.keyReferenceProblems as Problems).push({ code, message });
}

/** `#id` or `#xpointer(id('id'))` (XMLDSig §4.4.3.3) → the ID; undefined for anything else. */
function sameDocumentId(uri: string): string | undefined {
  if (!uri.startsWith("#") || uri.length < 2) return undefined;
  const xpointer = /^#xpointer\(id\((['"])([^'"]+)\1\)\)$/.exec(uri);
  if (xpointer) return xpointer[2];
  return uri.includes("(") ? undefined : uri.slice(1);
}

/** The one element `uri` designates, or a problem recorded and undefined. */
function target(
  uri: string,
  what: string,
  lookup: SameDocumentLookup | undefined,
  content: KeyInfoContent,
): Element | undefined {
  if (!lookup) {
    problem(
      content,
      "xmldsig-key-reference-loop",
      `${what} ${uri} is not followed: it lies inside a referenced key (or no document was given)`,
    );
    return undefined;
  }
  const id = sameDocumentId(uri);
  if (id === undefined) {
    problem(content, "xmldsig-no-key", `${what} ${uri} is not a same-document reference; nothing is fetched`);
    return undefined;
  }
  const found = lookup(id);
  if (found.length !== 1) {
    problem(
      content,
      "xmldsig-no-key",
      `${what} ${uri} designates ${found.length === 0 ? "no element" : "several elements"}`,
    );
    return undefined;
  }
  return found[0];
}

const isDsig = (e: Element, name: string) => e.namespaceURI === U.DSIG_NAMESPACE && e.localName === name;
const isDsig11 = (e: Element, name: string) => e.namespaceURI === U.DSIG11_NAMESPACE && e.localName === name;

/** dsig11:KeyInfoReference → the referenced ds:KeyInfo, read without following further references. */
export function followKeyInfoReference(
  reference: Element,
  ownKeyInfo: Element,
  lookup: SameDocumentLookup | undefined,
  content: KeyInfoContent,
): void {
  const uri = reference.getAttribute("URI") ?? "";
  const keyInfo = target(uri, "KeyInfoReference", lookup, content);
  if (!keyInfo) return;
  if (!isDsig(keyInfo, "KeyInfo")) {
    problem(
      content,
      "xmldsig-no-key",
      `KeyInfoReference ${uri} designates ${keyInfo.nodeName}, not a KeyInfo`,
    );
    return;
  }
  if (keyInfo === ownKeyInfo) {
    problem(content, "xmldsig-key-reference-loop", `KeyInfoReference ${uri} designates its own KeyInfo`);
    return;
  }
  if (firstVisit(keyInfo, uri, content)) readKeyInfo(keyInfo, undefined, content);
}

/** The element kinds each RetrievalMethod Type designates (XMLDSig 1.1 §4.5.4). */
const TYPE_TARGETS: Record<string, (e: Element) => boolean> = {
  [U.RETRIEVAL_KEY_VALUE]: (e) => isDsig(e, "KeyValue"),
  [`${U.DSIG_NAMESPACE}RSAKeyValue`]: (e) => isDsig(e, "RSAKeyValue"),
  [`${U.DSIG_NAMESPACE}DSAKeyValue`]: (e) => isDsig(e, "DSAKeyValue"),
  [`${U.DSIG11_NAMESPACE}ECKeyValue`]: (e) => isDsig11(e, "ECKeyValue"),
  [U.RETRIEVAL_DER_ENCODED_KEY_VALUE]: (e) => isDsig11(e, "DEREncodedKeyValue"),
  [U.RETRIEVAL_X509_DATA]: (e) => isDsig(e, "X509Data"),
  // Binary DER: in the same document only as base64 text of an element (a base64 transform).
  [U.RETRIEVAL_RAW_X509_CERTIFICATE]: () => true,
};

/** Only the base64 transform makes sense between a same-document node and a key structure. */
function transformsAllowed(method: Element): boolean {
  const transforms = childElements(method, U.DSIG_NAMESPACE, "Transforms")[0];
  if (!transforms) return true;
  return childElements(transforms).every(
    (t) => isDsig(t, "Transform") && t.getAttribute("Algorithm") === U.TRANSFORM_BASE64,
  );
}

/** ds:RetrievalMethod URI="#id" → the key structure it designates, added to `content`. */
export function followRetrievalMethod(
  method: Element,
  lookup: SameDocumentLookup | undefined,
  content: KeyInfoContent,
): void {
  const uri = method.getAttribute("URI") ?? "";
  const element = target(uri, "RetrievalMethod", lookup, content);
  if (!element) return;
  const type = method.getAttribute("Type") ?? "";
  const fits = TYPE_TARGETS[type];
  if (!fits) {
    problem(content, "xmldsig-unsupported-algorithm", `RetrievalMethod Type "${type}" is not supported`);
    return;
  }
  if (!fits(element)) {
    problem(content, "xmldsig-no-key", `RetrievalMethod ${uri} designates ${element.nodeName}, not its Type`);
    return;
  }
  if (!transformsAllowed(method)) {
    problem(
      content,
      "xmldsig-unsupported-transform",
      `RetrievalMethod ${uri}: only a base64 transform is allowed`,
    );
    return;
  }
  if (element.getElementsByTagNameNS(U.DSIG_NAMESPACE, "RetrievalMethod").length > 0) {
    problem(
      content,
      "xmldsig-key-reference-loop",
      `RetrievalMethod ${uri} designates another RetrievalMethod`,
    );
    return;
  }
  switch (type) {
    case U.RETRIEVAL_X509_DATA:
      readX509Data(element, content);
      return;
    case U.RETRIEVAL_RAW_X509_CERTIFICATE:
      content.certificates.push(base64Bytes(textOf(element)));
      return;
    case U.RETRIEVAL_DER_ENCODED_KEY_VALUE:
      content.keyValues.push(readDerEncodedKeyValue(element));
      return;
    default: {
      const key = type === U.RETRIEVAL_KEY_VALUE ? readKeyValue(element) : keyOfValueElement(element);
      if (!key) throw new MalformedInputError(`RetrievalMethod ${uri}: no key in ${element.nodeName}`);
      content.keyValues.push(key);
    }
  }
}
