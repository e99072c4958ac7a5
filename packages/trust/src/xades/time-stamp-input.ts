/**
 * The octets that XAdES time-stamps cover.
 * - SignatureTimeStamp (EN 319 132-1 §5.3): the ds:SignatureValue element, canonicalized with
 *   the time-stamp's ds:CanonicalizationMethod (Canonical XML 1.0 when absent, §5.1.4.1).
 * - xades141:ArchiveTimeStamp (EN 319 132-1 §5.5.2.2, the "v1.4.1" input): in this order
 *   1) the output of every ds:Reference of SignedInfo after its transforms,
 *   2) the canonical ds:SignedInfo, ds:SignatureValue and ds:KeyInfo (if present),
 *   3) every child of UnsignedSignatureProperties that precedes the ArchiveTimeStamp, each
 *      canonicalized, in document order,
 *   4) every ds:Object except the one holding the QualifyingProperties.
 */
import { C14N_10, c14nAlgorithmOf } from "../c14n/algorithms.ts";
import { canonicalize } from "../c14n/canonicalize.ts";
import { childElements, firstChildElement } from "../xml/dom.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import { XADES_NAMESPACE } from "./constants.ts";
import { XadesError } from "./errors.ts";

function c14n(node: Element, algorithmUri: string): Uint8Array {
  const algorithm = c14nAlgorithmOf(algorithmUri);
  if (!algorithm) throw new XadesError("xades-structure", `unknown canonicalization ${algorithmUri}`);
  return canonicalize(node, { algorithm });
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The canonicalization URI named inside a time-stamp property (default Canonical XML 1.0). */
export function timeStampC14n(timeStamp: Element | undefined): string {
  const m = timeStamp && firstChildElement(timeStamp, DSIG_NAMESPACE, "CanonicalizationMethod");
  return m?.getAttribute("Algorithm") || C14N_10;
}

export function signatureValueOf(signature: Element): Element {
  const v = childElements(signature, DSIG_NAMESPACE, "SignatureValue")[0];
  if (!v) throw new XadesError("xades-structure", "no ds:SignatureValue");
  return v;
}

export function signatureTimeStampInput(signature: Element, c14nUri: string): Uint8Array {
  return c14n(signatureValueOf(signature), c14nUri);
}

export interface ArchiveInputParts {
  signature: Element;
  /** Digested octets of each ds:Reference, in SignedInfo order. */
  referenceOctets: Uint8Array[];
  /** The ArchiveTimeStamp being computed or checked (its predecessors are covered); omitted:
   *  all current children of UnsignedSignatureProperties are covered (a new one goes last). */
  archiveTimeStamp?: Element;
  c14nUri: string;
}

export function archiveTimeStampInput(parts: ArchiveInputParts): Uint8Array {
  const { signature, c14nUri } = parts;
  const out: Uint8Array[] = [...parts.referenceOctets];
  for (const name of ["SignedInfo", "SignatureValue", "KeyInfo"]) {
    const el = childElements(signature, DSIG_NAMESPACE, name)[0];
    if (el) out.push(c14n(el, c14nUri));
    else if (name !== "KeyInfo") throw new XadesError("xades-structure", `no ds:${name}`);
  }
  let qualifyingObject: Element | undefined;
  for (const object of childElements(signature, DSIG_NAMESPACE, "Object")) {
    const qp = childElements(object, XADES_NAMESPACE, "QualifyingProperties")[0];
    if (qp) {
      qualifyingObject = object;
      const usp = unsignedSignaturePropertiesOf(qp);
      for (const child of usp ? childElements(usp) : []) {
        if (child === parts.archiveTimeStamp) break;
        out.push(c14n(child, c14nUri));
      }
    }
  }
  for (const object of childElements(signature, DSIG_NAMESPACE, "Object")) {
    if (object !== qualifyingObject) out.push(c14n(object, c14nUri));
  }
  return concatBytes(out);
}

export function unsignedSignaturePropertiesOf(qualifyingProperties: Element): Element | undefined {
  const up = firstChildElement(qualifyingProperties, XADES_NAMESPACE, "UnsignedProperties");
  return up ? firstChildElement(up, XADES_NAMESPACE, "UnsignedSignatureProperties") : undefined;
}
