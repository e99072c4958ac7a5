/**
 * Builds xades:QualifyingProperties with the signed properties of a baseline B-B signature
 * (EN 319 132-1 §5.2, §6.3): SigningTime, SigningCertificateV2, optional
 * SignatureProductionPlaceV2 and SignerRoleV2, and one DataObjectFormat per data reference
 * (EN 319 132-1 §6.3 requires DataObjectFormat for each signed data object).
 *
 *   <xades:QualifyingProperties Target="#S0">
 *     <xades:SignedProperties Id="S0-SignedProperties">
 *       <xades:SignedSignatureProperties> SigningTime, SigningCertificateV2, … </…>
 *       <xades:SignedDataObjectProperties> DataObjectFormat* </…>
 *     </xades:SignedProperties>
 *   </xades:QualifyingProperties>
 */
import { createHash } from "node:crypto";
import { DOMImplementation } from "@xmldom/xmldom";
import { certificateFields } from "../ocsp/certificate-fields.ts";
import { encodeTlv } from "../ocsp/der.ts";
import { parseCertificate } from "../x509/cert/certificate.ts";
import { XMLNS_NAMESPACE } from "../xml/dom.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import { XADES_NAMESPACE, XADES_PREFIX } from "./constants.ts";

export interface ProductionPlace {
  streetAddress?: string;
  city?: string;
  stateOrProvince?: string;
  postalCode?: string;
  countryName?: string;
}

export interface SignedPropertiesInput {
  signatureId: string;
  signingTime: Date;
  signingCertificate: Uint8Array;
  /** Digest URI and node:crypto name of the certificate digest. */
  digest: { uri: string; node: string };
  /** One per data reference: the Reference Id and its MIME type. */
  dataObjects: { referenceId: string; mimeType: string }[];
  claimedRoles?: string[];
  productionPlace?: ProductionPlace;
  /** Write the legacy v1 SigningCertificate (TS 101 903 v1.3.2 §7.2.2) instead of V2 — only to
   *  produce the form older Latvian files carry, for interoperability tests. */
  legacySigningCertificateV1?: boolean;
}

export function signedPropertiesId(signatureId: string): string {
  return `${signatureId}-SignedProperties`;
}

/**
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 * (RFC 5035), DER, as EN 319 132-1 §5.2.2 puts it base64-encoded in IssuerSerialV2.
 */
export function issuerSerialDer(certificate: Uint8Array): Uint8Array {
  const f = certificateFields(certificate);
  const generalNames = encodeTlv(0x30, encodeTlv(0xa4, f.issuerName));
  const serial = encodeTlv(0x02, f.serial);
  const body = new Uint8Array(generalNames.length + serial.length);
  body.set(generalNames, 0);
  body.set(serial, generalNames.length);
  return encodeTlv(0x30, body);
}

/** xs:dateTime in UTC with whole seconds, as real eDocs carry it. */
export function xadesDateTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function buildQualifyingProperties(input: SignedPropertiesInput): Element {
  const doc = new DOMImplementation().createDocument(null, "", null) as unknown as Document;
  const x = (local: string, text?: string) => {
    const el = doc.createElementNS(XADES_NAMESPACE, `${XADES_PREFIX}:${local}`);
    if (text !== undefined) el.appendChild(doc.createTextNode(text));
    return el;
  };
  const ds = (local: string, text?: string) => {
    const el = doc.createElementNS(DSIG_NAMESPACE, `ds:${local}`);
    if (text !== undefined) el.appendChild(doc.createTextNode(text));
    return el;
  };
  const qp = x("QualifyingProperties");
  qp.setAttributeNS(XMLNS_NAMESPACE, `xmlns:${XADES_PREFIX}`, XADES_NAMESPACE);
  qp.setAttribute("Target", `#${input.signatureId}`);
  const sp = x("SignedProperties");
  sp.setAttribute("Id", signedPropertiesId(input.signatureId));
  qp.appendChild(sp);
  const ssp = x("SignedSignatureProperties");
  sp.appendChild(ssp);
  ssp.appendChild(x("SigningTime", xadesDateTime(input.signingTime)));

  // EN 319 132-1 §5.2.2: SigningCertificateV2 / Cert / CertDigest + IssuerSerialV2.
  const legacy = input.legacySigningCertificateV1 === true;
  const scv2 = x(legacy ? "SigningCertificate" : "SigningCertificateV2");
  const cert = x("Cert");
  const certDigest = x("CertDigest");
  const dm = ds("DigestMethod");
  dm.setAttribute("Algorithm", input.digest.uri);
  certDigest.appendChild(dm);
  certDigest.appendChild(
    ds("DigestValue", createHash(input.digest.node).update(input.signingCertificate).digest("base64")),
  );
  cert.appendChild(certDigest);
  if (legacy) {
    const parsed = parseCertificate(input.signingCertificate);
    const issuerSerial = x("IssuerSerial");
    issuerSerial.appendChild(ds("X509IssuerName", parsed.issuerString));
    issuerSerial.appendChild(ds("X509SerialNumber", BigInt(`0x${parsed.serial || "0"}`).toString(10)));
    cert.appendChild(issuerSerial);
  } else {
    cert.appendChild(
      x("IssuerSerialV2", Buffer.from(issuerSerialDer(input.signingCertificate)).toString("base64")),
    );
  }
  scv2.appendChild(cert);
  ssp.appendChild(scv2);

  // EN 319 132-1 §5.2.5: SignatureProductionPlaceV2 (elements in schema order).
  const place = input.productionPlace;
  if (place && Object.values(place).some((v) => v)) {
    const p = x("SignatureProductionPlaceV2");
    if (place.city) p.appendChild(x("City", place.city));
    if (place.streetAddress) p.appendChild(x("StreetAddress", place.streetAddress));
    if (place.stateOrProvince) p.appendChild(x("StateOrProvince", place.stateOrProvince));
    if (place.postalCode) p.appendChild(x("PostalCode", place.postalCode));
    if (place.countryName) p.appendChild(x("CountryName", place.countryName));
    ssp.appendChild(p);
  }
  // EN 319 132-1 §5.2.6: SignerRoleV2 / ClaimedRoles.
  if (input.claimedRoles && input.claimedRoles.length > 0) {
    const role = x("SignerRoleV2");
    const claimed = x("ClaimedRoles");
    for (const r of input.claimedRoles) claimed.appendChild(x("ClaimedRole", r));
    role.appendChild(claimed);
    ssp.appendChild(role);
  }

  const sdop = x("SignedDataObjectProperties");
  for (const d of input.dataObjects) {
    const dof = x("DataObjectFormat");
    dof.setAttribute("ObjectReference", `#${d.referenceId}`);
    dof.appendChild(x("MimeType", d.mimeType));
    sdop.appendChild(dof);
  }
  if (input.dataObjects.length > 0) sp.appendChild(sdop);
  doc.appendChild(qp);
  return qp;
}
