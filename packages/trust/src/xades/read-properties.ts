/**
 * Reads the XAdES qualifying properties of a verified signature. Signed properties are read
 * ONLY from the SignedProperties element that the signature's reference covers (the defence
 * against wrapping: a second QualifyingProperties elsewhere is ignored). Unsigned properties
 * are read from the QualifyingProperties that contains that SignedProperties.
 * Base64 values are read after stripping all XML whitespace, so `&#13;` line ends of real
 * eDocs decode (edoc-and-validation.md §1.4.6).
 */
import { childElements, firstChildElement, stripXmlWhitespace, textOf } from "../xml/dom.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import type { XmlSignatureVerification } from "../xmldsig/verify.ts";
import { SIGNED_PROPERTIES_TYPE, XADES_NAMESPACE, XADES141_NAMESPACE } from "./constants.ts";
import { timeStampC14n } from "./time-stamp-input.ts";

export interface SigningCertificateRef {
  version: 1 | 2;
  digestUri: string;
  digest: Uint8Array;
  /** v2: DER IssuerSerial; v1: issuer name string and decimal serial. */
  issuerSerialDer?: Uint8Array;
  issuerName?: string;
  serialDecimal?: string;
}

export interface EncapsulatedTimeStamp {
  element: Element;
  token: Uint8Array;
  c14nUri: string;
}

export interface XadesProperties {
  signedProperties: Element;
  qualifyingProperties: Element;
  signingTime?: Date;
  signingCertificates: SigningCertificateRef[];
  dataObjectFormats: { objectReference: string; mimeType?: string }[];
  claimedRoles: string[];
  signatureTimeStamps: EncapsulatedTimeStamp[];
  archiveTimeStamps: EncapsulatedTimeStamp[];
  /** CertificateValues + TimeStampValidationData certificates. */
  certificateValues: Uint8Array[];
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  hasCertificateValues: boolean;
  hasRevocationValues: boolean;
}

export function base64Content(element: Element): Uint8Array {
  return new Uint8Array(Buffer.from(stripXmlWhitespace(textOf(element)), "base64"));
}

const xs = (parent: Element | undefined, local: string, ns = XADES_NAMESPACE): Element[] =>
  parent ? childElements(parent, ns, local) : [];

/** Returns undefined when the signature has no covered SignedProperties (not XAdES). */
export function readXadesProperties(verification: XmlSignatureVerification): XadesProperties | undefined {
  const spRefs = verification.references.filter(
    // A SignedProperties whose digest fails is still read (for the format); the signature then
    // fails with HASH_FAILURE anyway.
    (r) =>
      r.type === SIGNED_PROPERTIES_TYPE &&
      (r.status === "valid" || r.status === "digest-mismatch") &&
      r.target &&
      "localName" in r.target,
  );
  if (spRefs.length !== 1) return undefined;
  const sp = spRefs[0]!.target as Element;
  if (sp.localName !== "SignedProperties" || sp.namespaceURI !== XADES_NAMESPACE) return undefined;
  const qp = sp.parentNode as Element | null;
  if (qp?.localName !== "QualifyingProperties" || qp.namespaceURI !== XADES_NAMESPACE) return undefined;
  // The QualifyingProperties must belong to THIS signature (ds:Signature/ds:Object/QP).
  const object = qp.parentNode as Element | null;
  if (object?.localName !== "Object" || object.namespaceURI !== DSIG_NAMESPACE) return undefined;
  if (object.parentNode !== verification.signature) return undefined;

  const out: XadesProperties = {
    signedProperties: sp,
    qualifyingProperties: qp,
    signingCertificates: [],
    dataObjectFormats: [],
    claimedRoles: [],
    signatureTimeStamps: [],
    archiveTimeStamps: [],
    certificateValues: [],
    crls: [],
    ocspResponses: [],
    hasCertificateValues: false,
    hasRevocationValues: false,
  };
  const ssp = xs(sp, "SignedSignatureProperties")[0];
  const st = xs(ssp, "SigningTime")[0];
  if (st) {
    const t = new Date(textOf(st).trim());
    if (!Number.isNaN(t.getTime())) out.signingTime = t;
  }
  for (const [version, local] of [
    [2, "SigningCertificateV2"],
    [1, "SigningCertificate"],
  ] as const) {
    for (const sc of xs(ssp, local)) {
      for (const cert of xs(sc, "Cert")) {
        const cd = xs(cert, "CertDigest")[0];
        const dm = cd && firstChildElement(cd, DSIG_NAMESPACE, "DigestMethod");
        const dv = cd && firstChildElement(cd, DSIG_NAMESPACE, "DigestValue");
        if (!dm || !dv) continue;
        const ref: SigningCertificateRef = {
          version,
          digestUri: dm.getAttribute("Algorithm") ?? "",
          digest: base64Content(dv),
        };
        const isv2 = xs(cert, "IssuerSerialV2")[0];
        if (isv2) ref.issuerSerialDer = base64Content(isv2);
        const is1 = xs(cert, "IssuerSerial")[0];
        if (is1) {
          const name = firstChildElement(is1, DSIG_NAMESPACE, "X509IssuerName");
          const serial = firstChildElement(is1, DSIG_NAMESPACE, "X509SerialNumber");
          if (name) ref.issuerName = textOf(name).trim();
          if (serial) ref.serialDecimal = textOf(serial).trim();
        }
        out.signingCertificates.push(ref);
      }
    }
  }
  for (const role of [...xs(ssp, "SignerRoleV2"), ...xs(ssp, "SignerRole")]) {
    for (const claimed of xs(role, "ClaimedRoles"))
      for (const r of xs(claimed, "ClaimedRole")) out.claimedRoles.push(textOf(r).trim());
  }
  const sdop = xs(sp, "SignedDataObjectProperties")[0];
  for (const dof of xs(sdop, "DataObjectFormat")) {
    const mt = xs(dof, "MimeType")[0];
    out.dataObjectFormats.push({
      objectReference: dof.getAttribute("ObjectReference") ?? "",
      ...(mt ? { mimeType: textOf(mt).trim() } : {}),
    });
  }

  const up = xs(qp, "UnsignedProperties")[0];
  const usp = xs(up, "UnsignedSignatureProperties")[0];
  const stamp = (el: Element): EncapsulatedTimeStamp | undefined => {
    const enc = xs(el, "EncapsulatedTimeStamp")[0] ?? xs(el, "EncapsulatedTimeStamp", XADES141_NAMESPACE)[0];
    return enc ? { element: el, token: base64Content(enc), c14nUri: timeStampC14n(el) } : undefined;
  };
  /** CertificateValues/RevocationValues of `holder`; `ownLevel` says whether they count for LT. */
  const readValues = (holder: Element, ownLevel: boolean) => {
    for (const cv of xs(holder, "CertificateValues")) {
      if (ownLevel) out.hasCertificateValues = true;
      for (const c of xs(cv, "EncapsulatedX509Certificate")) out.certificateValues.push(base64Content(c));
    }
    for (const rv of xs(holder, "RevocationValues")) {
      if (ownLevel) out.hasRevocationValues = true;
      for (const c of xs(xs(rv, "CRLValues")[0], "EncapsulatedCRLValue")) out.crls.push(base64Content(c));
      for (const o of xs(xs(rv, "OCSPValues")[0], "EncapsulatedOCSPValue"))
        out.ocspResponses.push(base64Content(o));
    }
  };
  for (const child of usp ? childElements(usp) : []) {
    const ns = child.namespaceURI;
    if (ns === XADES_NAMESPACE && child.localName === "SignatureTimeStamp") {
      const s = stamp(child);
      if (s) out.signatureTimeStamps.push(s);
    } else if (ns === XADES141_NAMESPACE && child.localName === "ArchiveTimeStamp") {
      const s = stamp(child);
      if (s) out.archiveTimeStamps.push(s);
    } else if (ns === XADES141_NAMESPACE && child.localName === "TimeStampValidationData") {
      // Validation data for time-stamps (EN 319 132-1 §5.5.1): pooled, but not what makes LT.
      readValues(child, false);
    }
  }
  if (usp) readValues(usp, true);
  return out;
}
