/**
 * Produces the legacy forms found in real Latvian eDocs, for tolerance tests only:
 * a SignatureValue re-made with rsa-sha1 or with a DigestInfo lacking the NULL parameters,
 * `&#13;` inside base64 values, and a time-stamp token whose certificate set also holds a
 * `[1]` attribute certificate (2017 LVRTC TSA tokens, edoc-and-validation.md §1.4.5).
 */
import { constants, createHash, type KeyObject, privateEncrypt, sign } from "node:crypto";
import { C14N_11, c14nAlgorithmOf } from "../../c14n/algorithms.ts";
import { canonicalize } from "../../c14n/canonicalize.ts";
import { childrenOf, encodeTlv, readTlv, slice } from "../../ocsp/der.ts";
import { digestInfoEncodings } from "../../validation/legacy-rsa.ts";
import { parseXml } from "../../xml/parse-xml.ts";
import { serializeXml } from "../../xml/serialize.ts";
import { DSIG_NAMESPACE, SIG_RSA_SHA1 } from "../../xmldsig/uris.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

/** Re-signs SignedInfo: "rsa-sha1" switches the method; "no-null" keeps it and drops the NULL. */
export function resignSignedInfo(xml: string, key: KeyObject, mode: "rsa-sha1" | "no-null"): string {
  const doc = parseXml(xml).document;
  const si = doc.getElementsByTagNameNS(DSIG_NAMESPACE, "SignedInfo")[0]!;
  const method = si.getElementsByTagNameNS(DSIG_NAMESPACE, "SignatureMethod")[0]!;
  if (mode === "rsa-sha1") method.setAttribute("Algorithm", SIG_RSA_SHA1);
  const octets = canonicalize(si, { algorithm: c14nAlgorithmOf(C14N_11)! });
  const value =
    mode === "rsa-sha1"
      ? sign("sha1", octets, key)
      : privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          digestInfoEncodings("sha256", createHash("sha256").update(octets).digest())[1]!,
        );
  const sv = doc.getElementsByTagNameNS(DSIG_NAMESPACE, "SignatureValue")[0]!;
  while (sv.firstChild) sv.removeChild(sv.firstChild);
  sv.appendChild(doc.createTextNode(value.toString("base64")));
  return serializeXml(doc);
}

/** Breaks base64 text of the given elements into 64-character lines ending in CR LF. */
export function crlfBase64(xml: string, localNames: string[]): string {
  const pattern = new RegExp(`(<[\\w]+:(?:${localNames.join("|")})(?: [^>]*)?>)([A-Za-z0-9+/=]+)(<)`, "g");
  return xml.replace(pattern, (_m, open: string, body: string, close: string) => {
    const lines = body.match(/.{1,64}/g) ?? [];
    return `${open}${lines.join("&#13;\n")}${close}`;
  });
}

/**
 * Appends a `[1]` (v1AttrCert) element to the token's SignedData.certificates. The signer's
 * signature covers only the signed attributes, so the token stays intact.
 */
export function withAttributeCertificate(token: Uint8Array): Uint8Array {
  const top = readTlv(token, 0);
  const [oid, explicit] = childrenOf(token, top);
  const sd = readTlv(token, explicit!.contentStart, explicit!.end);
  const parts = childrenOf(token, sd);
  // A syntactically plausible AttributeCertificateV1 body: SEQUENCE { acInfo, algorithm, signature }.
  const fake = encodeTlv(
    0xa1,
    concat([
      encodeTlv(0x30, concat([encodeTlv(0x02, new Uint8Array([1])), encodeTlv(0x30, new Uint8Array())])),
      encodeTlv(0x30, encodeTlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]))),
      encodeTlv(0x03, new Uint8Array([0, 1, 2, 3])),
    ]),
  );
  const rebuilt = parts.map((p) => {
    const bytes = slice(token, p);
    if (p.tag !== 0xa0) return bytes;
    return encodeTlv(0xa0, concat([token.subarray(p.contentStart, p.end), fake]));
  });
  const signedData = encodeTlv(0x30, concat(rebuilt));
  return encodeTlv(0x30, concat([slice(token, oid!), encodeTlv(0xa0, signedData)]));
}
