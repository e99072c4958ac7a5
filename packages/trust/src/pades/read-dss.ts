/**
 * Reads the Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): the
 * certificates, OCSP responses and CRLs as DER (decoded within the reader's limits, at most
 * 10 000 of each), and which /VRI entries carry revocation data.
 */
import { isStream, type PdfObject } from "./objects.ts";
import type { PdfDocument } from "./pdf-document.ts";

export interface DssContent {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
  /** VRI keys (upper-case hex SHA-1 of a /Contents) whose entry holds OCSP or CRL data; null without a /VRI. */
  vriWithRevocation: Set<string> | null;
}

export function readDss(doc: PdfDocument): DssContent {
  const dss = doc.dict(doc.catalog().map.get("DSS"));
  const vri = doc.dict(dss?.map.get("VRI"));
  let vriWithRevocation: Set<string> | null = null;
  if (vri) {
    vriWithRevocation = new Set();
    for (const [key, value] of [...vri.map].slice(0, 10_000)) {
      const entry = doc.dict(value);
      const has = (k: string) => {
        const v = doc.resolve(entry?.map.get(k));
        return Array.isArray(v) && v.length > 0;
      };
      if (has("OCSP") || has("CRL")) vriWithRevocation.add(key.toUpperCase());
    }
  }
  const list = (key: string): Uint8Array[] => {
    const v = doc.resolve(dss?.map.get(key));
    if (!Array.isArray(v)) return [];
    return v.slice(0, 10_000).flatMap((r: PdfObject) => {
      const s = doc.resolve(r);
      return isStream(s) ? [doc.decoded(s)] : [];
    });
  };
  return { certs: list("Certs"), ocsps: list("OCSPs"), crls: list("CRLs"), vriWithRevocation };
}
