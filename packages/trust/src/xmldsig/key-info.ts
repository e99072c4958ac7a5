/**
 * Reading ds:KeyInfo (XMLDSig 1.1 §4.5): X509Data (X509Certificate, X509CRL, X509IssuerSerial,
 * X509SubjectName, X509SKI), KeyValue (RSA, DSA, dsig11:ECKeyValue), dsig11:DEREncodedKeyValue,
 * KeyName, and RetrievalMethod / dsig11:KeyInfoReference (same-document ones are followed in
 * `key-references.ts`; external RetrievalMethods are listed for the caller's resolver). Nothing
 * here trusts a key: the verifier reports which key or certificate it used, and the caller
 * validates the certificate path.
 */
import { createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { MalformedInputError } from "../errors.ts";
import { childElements, firstChildElement, stripXmlWhitespace, textOf } from "../xml/dom.ts";
import type { XmlDsigErrorCode } from "./errors.ts";
import { followKeyInfoReference, followRetrievalMethod, type SameDocumentLookup } from "./key-references.ts";
import * as U from "./uris.ts";

export interface KeyInfoContent {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  keyNames: string[];
  issuerSerials: { issuer: string; serial: string }[];
  subjectNames: string[];
  skis: Uint8Array[];
  keyValues: KeyObject[];
  /** RetrievalMethods to other documents (same-document ones are followed while reading). */
  retrievalMethods: { uri: string; type?: string }[];
  /** Why a KeyInfoReference or same-document RetrievalMethod gave no key (reported if no key verifies). */
  keyReferenceProblems: { code: XmlDsigErrorCode; message: string }[];
}

export function base64Bytes(text: string): Uint8Array {
  const clean = stripXmlWhitespace(text);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new MalformedInputError("invalid base64 content");
  return new Uint8Array(Buffer.from(clean, "base64"));
}

function b64url(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++; // JWK integers carry no leading zeros
  return Buffer.from(bytes.subarray(start)).toString("base64url");
}

// Minimal DER for a DSA SubjectPublicKeyInfo (RFC 3279 §2.3.2): node:crypto has no DSA JWK.
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function der(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}
function derInteger(bytes: Uint8Array): Buffer {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return der(0x02, b);
}
const OID_DSA = Buffer.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]); // 1.2.840.10040.4.1

function dsaKey(p: Uint8Array, q: Uint8Array, g: Uint8Array, y: Uint8Array): KeyObject {
  const params = der(0x30, Buffer.concat([derInteger(p), derInteger(q), derInteger(g)]));
  const algorithm = der(0x30, Buffer.concat([OID_DSA, params]));
  const bitString = der(0x03, Buffer.concat([Buffer.from([0]), derInteger(y)]));
  return createPublicKey({
    key: der(0x30, Buffer.concat([algorithm, bitString])),
    format: "der",
    type: "spki",
  });
}

const CURVES: Record<string, { crv: string; size: number }> = {
  [U.CURVE_P256]: { crv: "P-256", size: 32 },
  [U.CURVE_P384]: { crv: "P-384", size: 48 },
  [U.CURVE_P521]: { crv: "P-521", size: 66 },
};

function childText(parent: Element, ns: string, name: string): Uint8Array {
  const el = firstChildElement(parent, ns, name);
  if (!el) throw new MalformedInputError(`KeyValue lacks ${name}`);
  return base64Bytes(textOf(el));
}

/** A ds:KeyValue's key (its first known child), or undefined if it holds none we know. */
export function readKeyValue(keyValue: Element): KeyObject | undefined {
  for (const child of childElements(keyValue)) {
    const key = keyOfValueElement(child);
    if (key) return key;
  }
  return undefined;
}

/** The key of an RSAKeyValue, DSAKeyValue or dsig11:ECKeyValue element itself. */
export function keyOfValueElement(element: Element): KeyObject | undefined {
  const is = (ns: string, name: string) => element.namespaceURI === ns && element.localName === name;
  const rsa = is(U.DSIG_NAMESPACE, "RSAKeyValue") ? element : undefined;
  if (rsa) {
    const n = childText(rsa, U.DSIG_NAMESPACE, "Modulus");
    const e = childText(rsa, U.DSIG_NAMESPACE, "Exponent");
    return createPublicKey({ key: { kty: "RSA", n: b64url(n), e: b64url(e) }, format: "jwk" });
  }
  const dsa = is(U.DSIG_NAMESPACE, "DSAKeyValue") ? element : undefined;
  if (dsa) {
    const part = (name: string) => childText(dsa, U.DSIG_NAMESPACE, name);
    return dsaKey(part("P"), part("Q"), part("G"), part("Y"));
  }
  const ec = is(U.DSIG11_NAMESPACE, "ECKeyValue") ? element : undefined;
  if (ec) {
    const curveUri = firstChildElement(ec, U.DSIG11_NAMESPACE, "NamedCurve")?.getAttribute("URI") ?? "";
    const curve = CURVES[curveUri];
    if (!curve) throw new MalformedInputError(`unsupported ECKeyValue curve ${curveUri}`);
    const point = childText(ec, U.DSIG11_NAMESPACE, "PublicKey");
    if (point.length !== 1 + 2 * curve.size || point[0] !== 0x04) {
      throw new MalformedInputError("ECKeyValue PublicKey is not an uncompressed point of its curve");
    }
    const x = Buffer.from(point.subarray(1, 1 + curve.size)).toString("base64url");
    const y = Buffer.from(point.subarray(1 + curve.size)).toString("base64url");
    return createPublicKey({ key: { kty: "EC", crv: curve.crv, x, y }, format: "jwk" });
  }
  return undefined;
}

/**
 * dsig11:DEREncodedKeyValue (XMLDSig 1.1 §4.5.3): a SubjectPublicKeyInfo in base64,
 * so any key type node:crypto reads (RSA, EC, Ed25519, Ed448, …) can be given without X.509.
 */
export function readDerEncodedKeyValue(element: Element): KeyObject {
  const der = base64Bytes(textOf(element));
  try {
    return createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
  } catch {
    throw new MalformedInputError("DEREncodedKeyValue is not a SubjectPublicKeyInfo node:crypto can read");
  }
}

export function emptyKeyInfoContent(): KeyInfoContent {
  return {
    certificates: [],
    crls: [],
    keyNames: [],
    issuerSerials: [],
    subjectNames: [],
    skis: [],
    keyValues: [],
    retrievalMethods: [],
    keyReferenceProblems: [],
  };
}

/**
 * The content of a ds:KeyInfo. With `lookup`, same-document dsig11:KeyInfoReference and
 * RetrievalMethod (`URI="#id"`) are followed one step: what they point to is read without
 * following any reference inside it (a chain of length ≤ 1, so no loop can form).
 */
export function readKeyInfo(
  keyInfo: Element | undefined,
  lookup?: SameDocumentLookup,
  content: KeyInfoContent = emptyKeyInfoContent(),
): KeyInfoContent {
  if (!keyInfo) return content;
  for (const child of childElements(keyInfo)) {
    if (child.namespaceURI === U.DSIG11_NAMESPACE) {
      if (child.localName === "DEREncodedKeyValue") content.keyValues.push(readDerEncodedKeyValue(child));
      else if (child.localName === "KeyInfoReference")
        followKeyInfoReference(child, keyInfo, lookup, content);
      continue;
    }
    if (child.namespaceURI !== U.DSIG_NAMESPACE) continue;
    switch (child.localName) {
      case "KeyName":
        content.keyNames.push(textOf(child).trim());
        break;
      case "KeyValue": {
        const key = readKeyValue(child);
        if (key) content.keyValues.push(key);
        break;
      }
      case "RetrievalMethod": {
        const uri = child.getAttribute("URI") ?? "";
        if (uri.startsWith("#")) {
          followRetrievalMethod(child, lookup, content);
          break;
        }
        const entry: { uri: string; type?: string } = { uri };
        const type = child.getAttribute("Type");
        if (type) entry.type = type;
        content.retrievalMethods.push(entry);
        break;
      }
      case "X509Data":
        readX509Data(child, content);
        break;
    }
  }
  return content;
}

export function readX509Data(x509Data: Element, content: KeyInfoContent): void {
  for (const item of childElements(x509Data, U.DSIG_NAMESPACE)) {
    switch (item.localName) {
      case "X509Certificate":
        content.certificates.push(base64Bytes(textOf(item)));
        break;
      case "X509CRL":
        content.crls.push(base64Bytes(textOf(item)));
        break;
      case "X509SubjectName":
        content.subjectNames.push(textOf(item).trim());
        break;
      case "X509SKI":
        content.skis.push(base64Bytes(textOf(item)));
        break;
      case "X509IssuerSerial": {
        const issuer = firstChildElement(item, U.DSIG_NAMESPACE, "X509IssuerName");
        const serial = firstChildElement(item, U.DSIG_NAMESPACE, "X509SerialNumber");
        if (issuer && serial)
          content.issuerSerials.push({ issuer: textOf(issuer).trim(), serial: textOf(serial).trim() });
        break;
      }
    }
  }
}

/** RFC 4514 string (most significant RDN last) → comparable list of lower-cased RDNs. */
function normalizeDn(dn: string): string {
  const parts = dn
    .split(/(?<!\\),/)
    .map((p) =>
      p
        .trim()
        .replace(/\s*=\s*/, "=")
        .toLowerCase(),
    )
    .filter((p) => p.length > 0);
  return parts.reverse().join("\n");
}

function nodeDn(name: string): string {
  return name
    .split("\n")
    .map((p) => p.trim().toLowerCase())
    .join("\n");
}

/** The certificate of `pool` that an X509IssuerSerial / SubjectName / SKI designates. */
export function findDesignatedCertificate(
  content: KeyInfoContent,
  pool: Uint8Array[],
): Uint8Array | undefined {
  // Nothing designates a certificate: skip parsing the pool (X509Certificate costs ~0.3 ms each).
  if (content.issuerSerials.length === 0 && content.subjectNames.length === 0 && content.skis.length === 0)
    return undefined;
  for (const der of pool) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      continue;
    }
    for (const is of content.issuerSerials) {
      const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
      if (serial === is.serial.replace(/^0+(?=\d)/, "") && nodeDn(cert.issuer) === normalizeDn(is.issuer))
        return der;
    }
    for (const subject of content.subjectNames) if (nodeDn(cert.subject) === normalizeDn(subject)) return der;
    if (content.skis.length > 0) {
      const ski = subjectKeyIdentifier(der);
      if (ski && content.skis.some((s) => Buffer.from(s).equals(ski))) return der;
    }
  }
  return undefined;
}

/** Subject key identifier extension value (RFC 5280 §4.2.1.2), found by a small DER walk. */
function subjectKeyIdentifier(der: Uint8Array): Buffer | undefined {
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e]); // 2.5.29.14
  const buf = Buffer.from(der);
  const at = buf.indexOf(oid);
  if (at < 0) return undefined;
  let i = at + oid.length;
  if (buf[i] === 0x01) i += 3; // critical BOOLEAN
  if (buf[i] !== 0x04) return undefined; // extnValue OCTET STRING
  i += 2;
  if (buf[i] !== 0x04) return undefined; // KeyIdentifier OCTET STRING
  const len = buf[i + 1]!;
  return buf.subarray(i + 2, i + 2 + len);
}
