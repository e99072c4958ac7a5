/**
 * Signs a trusted list with an enveloped XAdES signature (TS 119 612 §5.7.1: enveloped, the
 * reference covering the whole list with the enveloped-signature transform and Exclusive c14n;
 * XAdES baseline B with SigningTime and SigningCertificateV2). Built on the XML-DSig core.
 *
 * Note: this writes a minimal SignedProperties of its own; once the XAdES module exposes an
 * enveloped signer at its front door, this function can delegate to it unchanged for callers.
 */
import { createHash, type KeyObject } from "node:crypto";
import { DOMImplementation } from "@xmldom/xmldom";
import { EXC_C14N } from "../c14n/algorithms.ts";
import { XMLNS_NAMESPACE } from "../xml/dom.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { signXml } from "../xmldsig/sign.ts";
import * as D from "../xmldsig/uris.ts";
import { XADES_NAMESPACE, XADES_SIGNED_PROPERTIES_TYPE } from "./uris.ts";

export interface SignTrustedListOptions {
  /** The unsigned list (from buildTrustedListXml or elsewhere). */
  xml: string | Uint8Array;
  key: KeyObject;
  /** DER signer certificate (announced in the pointer to this list). */
  certificate: Uint8Array;
  signingTime?: Date;
  signatureId?: string;
}

function algorithmsFor(key: KeyObject): { signature: string; digest: string; hash: string } {
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "secp384r1")
      return { signature: D.SIG_ECDSA_SHA384, digest: D.DIGEST_SHA384, hash: "sha384" };
    if (curve === "secp521r1")
      return { signature: D.SIG_ECDSA_SHA512, digest: D.DIGEST_SHA512, hash: "sha512" };
    return { signature: D.SIG_ECDSA_SHA256, digest: D.DIGEST_SHA256, hash: "sha256" };
  }
  return { signature: D.SIG_RSA_SHA256, digest: D.DIGEST_SHA256, hash: "sha256" };
}

/** xades:QualifyingProperties with SigningTime, SigningCertificateV2 and DataObjectFormat. */
function qualifyingProperties(o: {
  signatureId: string;
  signedPropertiesId: string;
  referenceId: string;
  signingTime: Date;
  certificate: Uint8Array;
  digest: string;
  hash: string;
}): Element {
  const doc = new DOMImplementation().createDocument(
    XADES_NAMESPACE,
    "xades:QualifyingProperties",
    null,
  ) as unknown as Document;
  const x = (name: string, text?: string) => {
    const e = doc.createElementNS(XADES_NAMESPACE, `xades:${name}`);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    return e;
  };
  const ds = (name: string) => doc.createElementNS(D.DSIG_NAMESPACE, `ds:${name}`);
  const root = doc.documentElement!;
  root.setAttributeNS(XMLNS_NAMESPACE, "xmlns:xades", XADES_NAMESPACE);
  root.setAttributeNS(XMLNS_NAMESPACE, "xmlns:ds", D.DSIG_NAMESPACE);
  root.setAttribute("Target", `#${o.signatureId}`);
  const signed = x("SignedProperties");
  signed.setAttribute("Id", o.signedPropertiesId);
  const ssp = x("SignedSignatureProperties");
  ssp.appendChild(x("SigningTime", `${o.signingTime.toISOString().slice(0, 19)}Z`));
  const signingCertificate = x("SigningCertificateV2");
  const cert = x("Cert");
  const certDigest = x("CertDigest");
  const method = ds("DigestMethod");
  method.setAttribute("Algorithm", o.digest);
  const value = ds("DigestValue");
  value.appendChild(doc.createTextNode(createHash(o.hash).update(o.certificate).digest("base64")));
  certDigest.appendChild(method);
  certDigest.appendChild(value);
  cert.appendChild(certDigest);
  signingCertificate.appendChild(cert);
  ssp.appendChild(signingCertificate);
  signed.appendChild(ssp);
  const sdop = x("SignedDataObjectProperties");
  const format = x("DataObjectFormat");
  format.setAttribute("ObjectReference", `#${o.referenceId}`);
  format.appendChild(x("MimeType", "text/xml"));
  sdop.appendChild(format);
  signed.appendChild(sdop);
  root.appendChild(signed);
  return root;
}

/** Returns the signed list as XML text. */
export async function signTrustedList(options: SignTrustedListOptions): Promise<string> {
  const { document } = parseXml(options.xml);
  const alg = algorithmsFor(options.key);
  const id = options.signatureId ?? "tl-signature";
  const referenceId = `${id}-ref-list`;
  const signedPropertiesId = `${id}-signed-properties`;
  const qualifying = qualifyingProperties({
    signatureId: id,
    signedPropertiesId,
    referenceId,
    signingTime: options.signingTime ?? new Date(),
    certificate: options.certificate,
    digest: alg.digest,
    hash: alg.hash,
  });
  const signed = await signXml({
    document,
    references: [
      {
        uri: "",
        id: referenceId,
        digestAlgorithm: alg.digest,
        transforms: [{ algorithm: D.TRANSFORM_ENVELOPED_SIGNATURE }, { algorithm: EXC_C14N }],
      },
      {
        uri: `#${signedPropertiesId}`,
        type: XADES_SIGNED_PROPERTIES_TYPE,
        digestAlgorithm: alg.digest,
        transforms: [{ algorithm: EXC_C14N }],
      },
    ],
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: alg.signature,
    key: options.key,
    certificates: [options.certificate],
    objects: [{ id: `${id}-object`, content: qualifying }],
    signatureId: id,
  });
  return signed.xml;
}
