/**
 * XML-DSig signature generation (XMLDSig 1.1 §3.1): builds SignedInfo with the chosen
 * canonicalization, digest and signature methods; enveloped (Signature inside the signed
 * document), enveloping (data in ds:Object) or detached (external data supplied as bytes).
 * Digests are computed by the same dereference/transform code the verifier uses, so what we
 * sign is exactly what we later verify. The Signature is built without indentation so the
 * serialized document canonicalizes to the same octets as the in-memory one.
 */
import { createHash, type KeyObject } from "node:crypto";
import { DOMImplementation } from "@xmldom/xmldom";
import { c14nAlgorithmOf, EXC_C14N_NAMESPACE } from "../c14n/algorithms.ts";
import { canonicalize } from "../c14n/canonicalize.ts";
import { XMLNS_NAMESPACE } from "../xml/dom.ts";
import { declareNamespaces, serializeXml } from "../xml/serialize.ts";
import { nodeHashOf } from "./digests.ts";
import { XmlDsigError } from "./errors.ts";
import { DEFAULT_ID_ATTRIBUTES, type IdAttribute, IdIndex } from "./id-index.ts";
import { processReference } from "./references.ts";
import { createSignatureValue, signatureMethodInfo } from "./signature-methods.ts";
import type { OctetTransform } from "./transforms.ts";
import * as U from "./uris.ts";

export interface TransformSpec {
  algorithm: string;
  /** Exclusive c14n transforms: InclusiveNamespaces PrefixList. */
  inclusivePrefixes?: string[];
  /** XPath transform: the expression. */
  xpath?: string;
  /** XPath Filter 2.0 transform: the filters in order. */
  filters?: { filter: "intersect" | "subtract" | "union"; xpath: string }[];
  /** Prefixes used by the expressions (declared on the XPath elements). */
  namespaces?: Record<string, string>;
}

export interface SignReferenceSpec {
  /** "" (whole document), "#id" (same document) or an external URI (then `data` is required). */
  uri: string;
  digestAlgorithm: string;
  transforms?: TransformSpec[];
  /** Detached data: the bytes behind an external URI. */
  data?: Uint8Array;
  type?: string;
  id?: string;
}

export interface SignObjectSpec {
  id: string;
  /** Text content, or an element to import into the Object. */
  content: string | Element;
  mimeType?: string;
}

export interface SignXmlOptions {
  /** The document to sign into (enveloped / same-document references). Omitted: the Signature is the root of a new document. */
  document?: Document;
  /** Where the Signature goes; default: appended to the document element. */
  placement?: { parent: Element; before?: Node | null };
  references: SignReferenceSpec[];
  canonicalizationAlgorithm: string;
  inclusivePrefixes?: string[];
  signatureAlgorithm: string;
  /** Private key (node:crypto KeyObject). */
  key: KeyObject;
  /** DER certificates for KeyInfo/X509Data (signer first); omitted → no KeyInfo. */
  certificates?: Uint8Array[];
  objects?: SignObjectSpec[];
  signatureId?: string;
  /** Namespace prefix of the ds elements; default "ds", "" for the default namespace. */
  prefix?: string;
  idAttributes?: IdAttribute[];
  /** Transforms over octets that an application profile defines (see `OctetTransform`). */
  octetTransforms?: ReadonlyMap<string, OctetTransform>;
}

export interface SignedXml {
  document: Document;
  signature: Element;
  /** The serialized document (what to store or send). */
  xml: string;
}

function transformElement(
  create: (n: string) => Element,
  doc: Document,
  spec: TransformSpec,
  tag: string,
): Element {
  const el = create(tag);
  el.setAttribute("Algorithm", spec.algorithm);
  if (spec.inclusivePrefixes && spec.inclusivePrefixes.length > 0) {
    const inc = doc.createElementNS(EXC_C14N_NAMESPACE, "ec:InclusiveNamespaces");
    inc.setAttributeNS(XMLNS_NAMESPACE, "xmlns:ec", EXC_C14N_NAMESPACE);
    inc.setAttribute("PrefixList", spec.inclusivePrefixes.join(" "));
    el.appendChild(inc);
  }
  const declare = (x: Element) => {
    for (const [p, uri] of Object.entries(spec.namespaces ?? {}))
      x.setAttributeNS(XMLNS_NAMESPACE, `xmlns:${p}`, uri);
  };
  if (spec.xpath !== undefined) {
    const x = create("XPath");
    declare(x);
    x.appendChild(doc.createTextNode(spec.xpath));
    el.appendChild(x);
  }
  for (const f of spec.filters ?? []) {
    const x = doc.createElementNS(U.XPATH_FILTER2_NAMESPACE, "dsig-xpath:XPath");
    x.setAttributeNS(XMLNS_NAMESPACE, "xmlns:dsig-xpath", U.XPATH_FILTER2_NAMESPACE);
    declare(x);
    x.setAttribute("Filter", f.filter);
    x.appendChild(doc.createTextNode(f.xpath));
    el.appendChild(x);
  }
  return el;
}

export async function signXml(options: SignXmlOptions): Promise<SignedXml> {
  const algorithm = c14nAlgorithmOf(options.canonicalizationAlgorithm);
  if (!algorithm)
    throw new XmlDsigError(
      "xmldsig-unsupported-algorithm",
      `unknown c14n ${options.canonicalizationAlgorithm}`,
    );
  if (!signatureMethodInfo(options.signatureAlgorithm).signing) {
    throw new XmlDsigError("xmldsig-unsupported-algorithm", `${options.signatureAlgorithm} is verify-only`);
  }
  for (const r of options.references) nodeHashOf(r.digestAlgorithm, "sign");

  const prefix = options.prefix ?? "ds";
  const doc =
    options.document ?? (new DOMImplementation().createDocument(null, "", null) as unknown as Document);
  const create = (local: string) =>
    doc.createElementNS(U.DSIG_NAMESPACE, prefix ? `${prefix}:${local}` : local);
  const text = (local: string, value: string) => {
    const el = create(local);
    el.appendChild(doc.createTextNode(value));
    return el;
  };

  const signature = create("Signature");
  // Declared explicitly: canonicalization reads namespace declarations from attributes.
  signature.setAttributeNS(XMLNS_NAMESPACE, prefix ? `xmlns:${prefix}` : "xmlns", U.DSIG_NAMESPACE);
  if (options.signatureId) signature.setAttribute("Id", options.signatureId);
  const signedInfo = create("SignedInfo");
  signature.appendChild(signedInfo);
  signedInfo.appendChild(
    transformElement(
      create,
      doc,
      { algorithm: algorithm.uri, inclusivePrefixes: options.inclusivePrefixes ?? [] },
      "CanonicalizationMethod",
    ),
  );
  const method = create("SignatureMethod");
  method.setAttribute("Algorithm", options.signatureAlgorithm);
  signedInfo.appendChild(method);
  const digestValues: Element[] = [];
  for (const spec of options.references) {
    const ref = create("Reference");
    if (spec.id) ref.setAttribute("Id", spec.id);
    if (spec.type) ref.setAttribute("Type", spec.type);
    ref.setAttribute("URI", spec.uri);
    if (spec.transforms && spec.transforms.length > 0) {
      const transforms = create("Transforms");
      for (const t of spec.transforms) transforms.appendChild(transformElement(create, doc, t, "Transform"));
      ref.appendChild(transforms);
    }
    const dm = create("DigestMethod");
    dm.setAttribute("Algorithm", spec.digestAlgorithm);
    ref.appendChild(dm);
    const dv = text("DigestValue", "");
    ref.appendChild(dv);
    digestValues.push(dv);
    signedInfo.appendChild(ref);
  }
  const signatureValue = text("SignatureValue", "");
  signature.appendChild(signatureValue);
  if (options.certificates && options.certificates.length > 0) {
    const keyInfo = create("KeyInfo");
    const x509Data = create("X509Data");
    for (const der of options.certificates)
      x509Data.appendChild(text("X509Certificate", Buffer.from(der).toString("base64")));
    keyInfo.appendChild(x509Data);
    signature.appendChild(keyInfo);
  }
  for (const o of options.objects ?? []) {
    const obj = create("Object");
    obj.setAttribute("Id", o.id);
    if (o.mimeType) obj.setAttribute("MimeType", o.mimeType);
    obj.appendChild(
      typeof o.content === "string" ? doc.createTextNode(o.content) : doc.importNode(o.content, true),
    );
    signature.appendChild(obj);
  }

  // Place the Signature before digesting: enveloped transforms and "#id" of Objects need it.
  if (options.placement) options.placement.parent.insertBefore(signature, options.placement.before ?? null);
  else if (doc.documentElement) doc.documentElement.appendChild(signature);
  else doc.appendChild(signature);

  declareNamespaces(doc.documentElement!);
  const idIndex = new IdIndex(doc, [...DEFAULT_ID_ATTRIBUTES, ...(options.idAttributes ?? [])]);
  const dup = idIndex.duplicates();
  if (dup.length > 0)
    throw new XmlDsigError("xmldsig-duplicate-id", `duplicate IDs in the document: ${dup.join(", ")}`);
  const refs = Array.from(signedInfo.childNodes).filter(
    (n) => (n as Element).localName === "Reference",
  ) as Element[];
  for (const [i, ref] of refs.entries()) {
    const spec = options.references[i]!;
    const resolver = async () => {
      if (!spec.data)
        throw new XmlDsigError(
          "xmldsig-reference-unavailable",
          `no data for the external reference ${spec.uri}`,
        );
      return spec.data;
    };
    const result = await processReference(ref, i, {
      document: doc,
      signature,
      idIndex,
      resolver,
      octetTransforms: options.octetTransforms,
    });
    const octets = result.digestedOctets;
    if (!octets)
      throw new XmlDsigError("xmldsig-reference-unresolved", `reference ${spec.uri} produced no data`);
    const value = createHash(nodeHashOf(spec.digestAlgorithm, "sign")).update(octets).digest("base64");
    digestValues[i]!.appendChild(doc.createTextNode(value));
  }

  const signedInfoOctets = canonicalize(signedInfo, {
    algorithm,
    inclusivePrefixes: options.inclusivePrefixes ?? [],
  });
  const value = createSignatureValue(options.signatureAlgorithm, options.key, signedInfoOctets);
  signatureValue.appendChild(doc.createTextNode(value.toString("base64")));
  const xml = serializeXml(doc);
  return { document: doc, signature, xml };
}
