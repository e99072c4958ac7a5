/**
 * The wsse:Security header block (WS-Security 1.1.1 SOAP Message Security §5) and the tokens
 * and references inside it that signing and encryption share: the X.509 BinarySecurityToken
 * (X.509 Token Profile 1.1 §3.1) and SecurityTokenReference forms (§3.2: direct reference,
 * issuer-serial, subject key identifier).
 */
import { parseCertificate } from "@tilts/trust";
import { As4Error } from "../errors.ts";
import { children, el, textContent } from "../message/xml-builder.ts";
import { BASE64_BINARY, DS_NS, SOAP12_NS, WSSE_NS, WSU_NS, X509_SKI, X509V3_TOKEN } from "../namespaces.ts";

const XMLNS = "http://www.w3.org/2000/xmlns/";

/** The wsse:Security block of the header, created (mustUnderstand) when absent. */
export function securityHeader(doc: Document): Element {
  const header = children(doc.documentElement!, SOAP12_NS, "Header")[0];
  if (!header) throw new As4Error("EBMS:0009", "the envelope has no Header");
  const existing = children(header, WSSE_NS, "Security");
  if (existing.length > 1) throw new As4Error("EBMS:0103", "more than one wsse:Security header");
  if (existing[0]) return existing[0];
  const security = el(doc, WSSE_NS, "wsse:Security", { "env:mustUnderstand": "true" });
  security.setAttributeNS(XMLNS, "xmlns:wsse", WSSE_NS);
  header.insertBefore(security, header.firstChild);
  return security;
}

export function binarySecurityToken(doc: Document, id: string, certificate: Uint8Array): Element {
  return el(
    doc,
    WSSE_NS,
    "wsse:BinarySecurityToken",
    { EncodingType: BASE64_BINARY, ValueType: X509V3_TOKEN, "wsu:Id": id },
    [Buffer.from(certificate).toString("base64")],
  );
}

/** `<wsse:SecurityTokenReference><wsse:Reference URI="#id" ValueType="…"/></…>` */
export function directReference(doc: Document, id: string, valueType = X509V3_TOKEN): Element {
  return el(doc, WSSE_NS, "wsse:SecurityTokenReference", {}, [
    el(doc, WSSE_NS, "wsse:Reference", { URI: `#${id}`, ValueType: valueType }),
  ]);
}

/** `<wsse:SecurityTokenReference><ds:X509Data><ds:X509IssuerSerial>…` (X.509 Token Profile §3.2). */
export function issuerSerialReference(doc: Document, certificate: Uint8Array): Element {
  const cert = parseCertificate(certificate);
  const data = el(doc, DS_NS, "ds:X509Data", {}, [
    el(doc, DS_NS, "ds:X509IssuerSerial", {}, [
      el(doc, DS_NS, "ds:X509IssuerName", {}, [cert.issuerString]),
      el(doc, DS_NS, "ds:X509SerialNumber", {}, [BigInt(`0x${cert.serial}`).toString(10)]),
    ]),
  ]);
  data.setAttributeNS(XMLNS, "xmlns:ds", DS_NS);
  return el(doc, WSSE_NS, "wsse:SecurityTokenReference", {}, [data]);
}

/** `<wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="…#X509SubjectKeyIdentifier">`. */
export function subjectKeyIdentifierReference(doc: Document, certificate: Uint8Array): Element {
  const ski = parseCertificate(certificate).subjectKeyId;
  if (!ski) throw new As4Error("EBMS:0004", "the certificate has no subject key identifier");
  return el(doc, WSSE_NS, "wsse:SecurityTokenReference", {}, [
    el(doc, WSSE_NS, "wsse:KeyIdentifier", { EncodingType: BASE64_BINARY, ValueType: X509_SKI }, [
      Buffer.from(ski, "hex").toString("base64"),
    ]),
  ]);
}

const normalName = (s: string) =>
  s
    .split(/\s*,\s*/)
    .map((p) => p.replace(/\s*=\s*/, "=").toLowerCase())
    .join(",");

/** The certificate a SecurityTokenReference designates: a BST of this header, or one of `pool`
 *  matched by issuer-serial or subject key identifier. Anything else is EBMS:0101. */
export function resolveTokenReference(
  str: Element,
  security: Element,
  pool: readonly Uint8Array[],
): Uint8Array {
  const fail = (detail: string) => new As4Error("EBMS:0101", detail);
  const known = () => pool.map((der) => parseCertificate(der));
  const ref = children(str, WSSE_NS, "Reference")[0];
  if (ref) {
    const uri = ref.getAttribute("URI") ?? "";
    if (!uri.startsWith("#")) throw fail(`token reference ${uri} is not in the message`);
    const tokens = children(security, WSSE_NS, "BinarySecurityToken").filter(
      (t) => t.getAttributeNS(WSU_NS, "Id") === uri.slice(1),
    );
    if (tokens.length !== 1) throw fail(`token reference ${uri} designates ${tokens.length} tokens`);
    if (tokens[0]!.getAttribute("ValueType") !== X509V3_TOKEN)
      throw fail("the token is not an X.509v3 certificate");
    return new Uint8Array(Buffer.from(textContent(tokens[0]), "base64"));
  }
  const issuerSerial = str.getElementsByTagNameNS(DS_NS, "X509IssuerSerial")[0];
  if (issuerSerial) {
    const serial = textContent(issuerSerial.getElementsByTagNameNS(DS_NS, "X509SerialNumber")[0]);
    const issuer = normalName(textContent(issuerSerial.getElementsByTagNameNS(DS_NS, "X509IssuerName")[0]));
    const found = known().filter(
      (c) => BigInt(`0x${c.serial}`).toString(10) === serial && normalName(c.issuerString) === issuer,
    );
    if (found.length !== 1) throw fail(`issuer-serial reference matches ${found.length} known certificates`);
    return found[0]!.der;
  }
  const keyId = children(str, WSSE_NS, "KeyIdentifier")[0];
  if (keyId && keyId.getAttribute("ValueType") === X509_SKI) {
    const ski = Buffer.from(textContent(keyId), "base64").toString("hex");
    const found = known().filter((c) => c.subjectKeyId === ski);
    if (found.length !== 1) throw fail(`subject key identifier matches ${found.length} known certificates`);
    return found[0]!.der;
  }
  throw fail("the SecurityTokenReference has no supported form");
}
