/**
 * Names of the eIDAS SAML profile (eIDAS SAML Message Format v1.2, eIDAS SAML Attribute Profile
 * v1.2, eIDAS Cryptographic Requirements v1.2) and small DOM helpers shared by the request,
 * metadata and response code. Pure: no I/O.
 */
import { EIDAS_LOA_HIGH, EIDAS_LOA_LOW, EIDAS_LOA_SUBSTANTIAL, type Level } from "./levels.ts";

export const SAML_PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const SAML_METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
export const EIDAS_EXTENSIONS_NS = "http://eidas.europa.eu/saml-extensions";
export const XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";
export const XMLENC11_NS = "http://www.w3.org/2009/xmlenc11#";

export const SAML_BINDING_HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
export const SAML_NAMEID_ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
export const SAML_NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
export const SAML_NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
export const SAML_NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
export const SAML_ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
export const SAML_CM_BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const SAML_CONSENT_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:consent:unspecified";

/** SAML Core §3.2.2.2 status codes. */
export const STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
export const STATUS_REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";
export const STATUS_RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
export const STATUS_AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
export const STATUS_REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";

/** eIDAS SAML Attribute Profile §2.2: natural-person attributes (NameFormat uri). */
export const EIDAS_NATURAL_PERSON = "http://eidas.europa.eu/attributes/naturalperson/";
export const ATTR_PERSON_IDENTIFIER = `${EIDAS_NATURAL_PERSON}PersonIdentifier`;
export const ATTR_FAMILY_NAME = `${EIDAS_NATURAL_PERSON}CurrentFamilyName`;
export const ATTR_GIVEN_NAME = `${EIDAS_NATURAL_PERSON}CurrentGivenName`;
export const ATTR_DATE_OF_BIRTH = `${EIDAS_NATURAL_PERSON}DateOfBirth`;

/** What we ask every node for (AUTH-6): the minimum data set, the first three required. */
export const REQUESTED_ATTRIBUTES: readonly { name: string; friendlyName: string; required: boolean }[] = [
  { name: ATTR_PERSON_IDENTIFIER, friendlyName: "PersonIdentifier", required: true },
  { name: ATTR_FAMILY_NAME, friendlyName: "FamilyName", required: true },
  { name: ATTR_GIVEN_NAME, friendlyName: "FirstName", required: true },
  { name: ATTR_DATE_OF_BIRTH, friendlyName: "DateOfBirth", required: false },
];

/** XML Encryption algorithms we accept (eIDAS Cryptographic Requirements §3.3). */
export const ENC_AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
export const ENC_AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
export const KT_RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
export const KT_RSA_OAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
export const ENC_TYPE_ELEMENT = "http://www.w3.org/2001/04/xmlenc#Element";
export const MGF1_SHA1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1";
export const MGF1_SHA224 = "http://www.w3.org/2009/xmlenc11#mgf1sha224";
export const MGF1_SHA256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256";
export const MGF1_SHA384 = "http://www.w3.org/2009/xmlenc11#mgf1sha384";
export const MGF1_SHA512 = "http://www.w3.org/2009/xmlenc11#mgf1sha512";

/** The eIDAS LoA URIs as levels; anything else (e.g. non-notified LoAs) is no level. */
export function levelOfEidasUri(uri: string): Level | undefined {
  if (uri === EIDAS_LOA_LOW) return "low";
  if (uri === EIDAS_LOA_SUBSTANTIAL) return "substantial";
  if (uri === EIDAS_LOA_HIGH) return "high";
  return undefined;
}

export function eidasUriOfLevel(level: Level): string {
  return level === "low" ? EIDAS_LOA_LOW : level === "substantial" ? EIDAS_LOA_SUBSTANTIAL : EIDAS_LOA_HIGH;
}

/** Element children of `parent` in `ns` named `local`. */
export function children(parent: Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local)
      out.push(n as Element);
  }
  return out;
}

/** The single child `ns:local`; undefined when absent; `"many"` when repeated. */
export function onlyChild(parent: Node, ns: string, local: string): Element | undefined | "many" {
  const found = children(parent, ns, local);
  return found.length > 1 ? "many" : found[0];
}

export function textContent(node: Node): string {
  let out = "";
  for (let n = node.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || n.nodeType === 4) out += n.nodeValue ?? "";
    else if (n.nodeType === 1) out += textContent(n);
  }
  return out;
}

/** An xs:dateTime as SAML writes it (UTC, `Z`); anything else → undefined. */
export function parseSamlInstant(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value)) return undefined;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+Z$/, "$1Z"));
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** SAML instants are written in UTC without milliseconds. */
export function samlInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
