/**
 * XAdES baseline B-B signing (EN 319 132-1 §6.3) on top of the XML-DSig core. Three shapes:
 * - "asic": detached references to ASiC-E data files (percent-encoded URIs, no transforms),
 *   the ds:Signature inside <asic:XAdESSignatures> (EN 319 162-1 §A.5), as eDocs are;
 * - "detached": the ds:Signature is the document root, references point to external files;
 * - "enveloped": the ds:Signature goes inside the signed XML document (URI="" with the
 *   enveloped-signature transform).
 * The SignedProperties are referenced with Type ".../01903#SignedProperties" and digested
 * after Canonical XML 1.1 — inclusive, so the namespaces inherited from asic:XAdESSignatures
 * and ds:Signature are part of the digest exactly as a verifier will see them.
 */
import type { KeyObject } from "node:crypto";
import { DOMImplementation } from "@xmldom/xmldom";
import { XMLNS_NAMESPACE } from "../xml/dom.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { serializeXml } from "../xml/serialize.ts";
import { type SignReferenceSpec, signXml } from "../xmldsig/sign.ts";
import { DSIG_NAMESPACE, TRANSFORM_ENVELOPED_SIGNATURE } from "../xmldsig/uris.ts";
import { algorithmsFor } from "./algorithms.ts";
import { ASIC_NAMESPACE, ASIC_PREFIX, SIGNED_PROPERTIES_TYPE } from "./constants.ts";
import { XadesError } from "./errors.ts";
import { buildQualifyingProperties, type ProductionPlace, signedPropertiesId } from "./signed-properties.ts";

export interface XadesSigner {
  key: KeyObject;
  /** DER signing certificate. */
  certificate: Uint8Array;
  /** DER CA certificates (issuer first); put in KeyInfo after the signer's. */
  chain?: Uint8Array[];
}

export interface XadesDataObject {
  /** Reference URI as it must appear (ASiC-E: percent-encoded entry name). */
  uri: string;
  content: Uint8Array;
  mimeType: string;
}

export interface SignXadesOptions {
  signer: XadesSigner;
  shape: "asic" | "detached" | "enveloped";
  /** asic / detached: the data objects. */
  dataObjects?: XadesDataObject[];
  /** enveloped: the XML document to sign. */
  document?: Uint8Array | string;
  signatureId?: string;
  signingTime?: Date;
  claimedRoles?: string[];
  productionPlace?: ProductionPlace;
  /** Legacy v1 SigningCertificate (interoperability tests only; see signed-properties.ts). */
  legacySigningCertificateV1?: boolean;
  /** Put the CA certificates in KeyInfo as well (default true). */
  includeChain?: boolean;
}

export interface SignedXades {
  xml: string;
  document: Document;
  signature: Element;
}

export async function signXades(options: SignXadesOptions): Promise<SignedXades> {
  const algorithms = algorithmsFor(options.signer.key);
  const id = options.signatureId ?? "S0";
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) throw new XadesError("xades-bad-input", `bad signature Id ${id}`);
  const signingTime = options.signingTime ?? new Date();
  const refs: SignReferenceSpec[] = [];
  const dataObjects: { referenceId: string; mimeType: string }[] = [];
  let document: Document;
  if (options.shape === "enveloped") {
    if (options.document === undefined)
      throw new XadesError("xades-bad-input", "enveloped signing needs a document");
    document = parseXml(options.document).document;
    refs.push({
      uri: "",
      id: `${id}-ref-0`,
      digestAlgorithm: algorithms.digest.uri,
      transforms: [{ algorithm: TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: algorithms.canonicalization }],
    });
    dataObjects.push({ referenceId: `${id}-ref-0`, mimeType: "text/xml" });
  } else {
    const objects = options.dataObjects ?? [];
    if (objects.length === 0) throw new XadesError("xades-bad-input", "no data objects to sign");
    document = new DOMImplementation().createDocument(null, "", null) as unknown as Document;
    if (options.shape === "asic") {
      const root = document.createElementNS(ASIC_NAMESPACE, `${ASIC_PREFIX}:XAdESSignatures`);
      root.setAttributeNS(XMLNS_NAMESPACE, `xmlns:${ASIC_PREFIX}`, ASIC_NAMESPACE);
      document.appendChild(root);
    }
    for (const [i, o] of objects.entries()) {
      const referenceId = `${id}-ref-${i}`;
      // eDoc profile: the raw bytes of the entry, no transforms.
      refs.push({ uri: o.uri, id: referenceId, digestAlgorithm: algorithms.digest.uri, data: o.content });
      dataObjects.push({ referenceId, mimeType: o.mimeType });
    }
  }
  refs.push({
    uri: `#${signedPropertiesId(id)}`,
    type: SIGNED_PROPERTIES_TYPE,
    digestAlgorithm: algorithms.digest.uri,
    transforms: [{ algorithm: algorithms.canonicalization }],
  });
  const qualifying = buildQualifyingProperties({
    signatureId: id,
    signingTime,
    signingCertificate: options.signer.certificate,
    digest: algorithms.digest,
    dataObjects,
    ...(options.claimedRoles ? { claimedRoles: options.claimedRoles } : {}),
    ...(options.productionPlace ? { productionPlace: options.productionPlace } : {}),
    ...(options.legacySigningCertificateV1 ? { legacySigningCertificateV1: true } : {}),
  });
  const certificates = [
    options.signer.certificate,
    ...(options.includeChain === false ? [] : (options.signer.chain ?? [])),
  ];
  const signed = await signXml({
    document,
    references: refs,
    canonicalizationAlgorithm: algorithms.canonicalization,
    signatureAlgorithm: algorithms.signature,
    key: options.signer.key,
    certificates,
    objects: [{ id: `${id}-object-xades`, content: qualifying }],
    signatureId: id,
  });
  // The SignatureValue Id (outside SignedInfo) lets time-stamps and tools name it.
  const value = signed.signature.getElementsByTagNameNS(DSIG_NAMESPACE, "SignatureValue")[0];
  value?.setAttribute("Id", `${id}-SIG`);
  return { xml: serializeXml(signed.document), document: signed.document, signature: signed.signature };
}
