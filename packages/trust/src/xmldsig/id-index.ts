/**
 * The document's ID attributes. Without a DTD or schema, XMLDSig applications decide which
 * attributes are IDs (XMLDSig 1.1 §4.4.3.3); we take `Id`, `ID`, `id` (no namespace), `xml:id`
 * and whatever the caller adds (e.g. SAML's `AssertionID`). A value on more than one element is
 * reported: it is the core of signature-wrapping attacks.
 */
import { isElement, XML_NAMESPACE } from "../xml/dom.ts";
import { DSIG_NAMESPACE } from "./uris.ts";

export interface IdAttribute {
  namespace?: string | null;
  localName: string;
}

export const DEFAULT_ID_ATTRIBUTES: readonly IdAttribute[] = [
  { localName: "Id" },
  { localName: "ID" },
  { localName: "id" },
  { namespace: XML_NAMESPACE, localName: "id" },
];

export class IdIndex {
  private readonly byId = new Map<string, Element[]>();
  /** ds:Signature elements in document order (collected on the same walk). */
  readonly signatures: Element[] = [];

  constructor(document: Document, attributes: readonly IdAttribute[] = DEFAULT_ID_ATTRIBUTES) {
    const names = new Set(attributes.map((d) => d.localName));
    const stack: Node[] = [document];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (isElement(n)) {
        if (n.localName === "Signature" && n.namespaceURI === DSIG_NAMESPACE) this.signatures.push(n);
        for (let i = 0; i < n.attributes.length; i++) {
          const a: Attr = n.attributes[i]!;
          if (!names.has(a.localName ?? a.name)) continue;
          const ns = a.namespaceURI ?? null;
          const isId = attributes.some(
            (d) => (d.namespace ?? null) === ns && d.localName === (a.localName ?? a.name),
          );
          if (!isId) continue;
          const list: Element[] = this.byId.get(a.value) ?? [];
          if (!list.includes(n)) list.push(n);
          this.byId.set(a.value, list);
        }
      }
      for (let c = n.lastChild; c; c = c.previousSibling) if (isElement(c)) stack.push(c);
    }
  }

  /** Every element carrying `id`. */
  lookup(id: string): Element[] {
    return this.byId.get(id) ?? [];
  }

  /** ID values found on more than one element. */
  duplicates(): string[] {
    return [...this.byId].filter(([, els]) => els.length > 1).map(([id]) => id);
  }
}
