/**
 * 2017 LVRTC TSA tokens carry a `[1] v1AttrCert` (an attribute certificate) in
 * SignedData.certificates (edoc-and-validation.md §1.4.5); strict CMS parsers — ours through
 * @peculiar/asn1-cms included — refuse the whole token. The certificate set is not covered by
 * the token's signature (RFC 5652 §5.4: only the signed attributes are), so dropping the
 * CertificateChoices that are not plain X.509 certificates (tag SEQUENCE) changes nothing that
 * was signed. Returns undefined when there was nothing to drop.
 */
import { childrenOf, encodeTlv, readTlv, slice } from "../ocsp/der.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

export function dropNonX509Certificates(token: Uint8Array): Uint8Array | undefined {
  try {
    const top = readTlv(token, 0);
    const [oid, explicit] = childrenOf(token, top);
    if (!oid || !explicit || explicit.tag !== 0xa0) return undefined;
    const sd = readTlv(token, explicit.contentStart, explicit.end);
    const parts = childrenOf(token, sd);
    let dropped = false;
    const rebuilt = parts.map((p) => {
      if (p.tag !== 0xa0) return slice(token, p);
      const kept = childrenOf(token, p).filter((c) => c.tag === 0x30);
      if (kept.length === childrenOf(token, p).length) return slice(token, p);
      dropped = true;
      return encodeTlv(0xa0, concat(kept.map((c) => slice(token, c))));
    });
    if (!dropped) return undefined;
    return encodeTlv(0x30, concat([slice(token, oid), encodeTlv(0xa0, encodeTlv(0x30, concat(rebuilt)))]));
  } catch {
    return undefined;
  }
}
