/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): a Document Security Store in
 * its own incremental update — /Certs, /OCSPs and /CRLs for every signature's signer and TSA
 * chains, and a /VRI entry per signature (key: upper-case hex SHA-1 of its /Contents) naming
 * what belongs to it. Revocation data come through the injected fetchers (OCSP first, a CRL
 * otherwise), as for XAdES B-LT.
 */
import { createHash } from "node:crypto";
import { parseSignedData } from "../cms/parse-signed-data.ts";
import { orderChain, uniqueDer } from "../xades/chain.ts";
import { collectRevocation } from "../xades/collect-revocation.ts";
import type { RevocationFetchers } from "../xades/ports.ts";
import { PadesError } from "./errors.ts";
import { IncrementalUpdate } from "./incremental-writer.ts";
import { dict, isRef, name, type PdfObject, type PdfRef, ref } from "./objects.ts";
import { PdfDocument } from "./pdf-document.ts";
import { readSignatureFields } from "./read-signatures.ts";
import { signerCertificateOf, timeStampTokensOf } from "./signature-cms.ts";

export async function addDss(options: {
  pdf: Uint8Array;
  fetchers: RevocationFetchers;
  at: Date;
}): Promise<Uint8Array> {
  const doc = PdfDocument.open(options.pdf);
  const signatures = readSignatureFields(doc);
  if (signatures.length === 0) throw new PadesError("pades-no-signature", "the document holds no signature");
  const update = new IncrementalUpdate(doc);
  const streams: { certs: Uint8Array[]; ocsps: Uint8Array[]; crls: Uint8Array[] } = {
    certs: [],
    ocsps: [],
    crls: [],
  };
  const vri = new Map<string, PdfObject>();
  const refs = new Map<string, PdfRef>();
  const refOf = (der: Uint8Array): PdfRef => {
    const key = createHash("sha256").update(der).digest("hex");
    let r = refs.get(key);
    if (!r) {
      r = ref(update.allocate());
      refs.set(key, r);
      update.set(r.num, { kind: "stream", dict: dict({}), data: der });
    }
    return r;
  };
  const missing: string[] = [];
  for (const sig of signatures) {
    let cms: ReturnType<typeof parseSignedData>;
    try {
      cms = parseSignedData(sig.contents);
    } catch {
      continue;
    }
    const pool = [...cms.certificates];
    const chains: Uint8Array[][] = [];
    const leaf = sig.type === "Sig" ? signerCertificateOf(cms) : undefined;
    if (leaf) chains.push(orderChain(leaf, pool));
    const tokens =
      sig.type === "DocTimeStamp" ? [sig.contents.subarray(0, cms.length)] : timeStampTokensOf(cms);
    for (const token of tokens) {
      try {
        const t = parseSignedData(token);
        const tsa = signerCertificateOf(t);
        if (tsa) chains.push(orderChain(tsa, [...t.certificates, ...pool]));
      } catch {
        // an unreadable token: the validator reports it
      }
    }
    const mine = { certs: [] as Uint8Array[], ocsps: [] as Uint8Array[], crls: [] as Uint8Array[] };
    for (const chain of chains) {
      const r = await collectRevocation(chain, options.fetchers, options.at);
      missing.push(...r.missing);
      mine.certs.push(...chain);
      mine.ocsps.push(...r.ocspResponses);
      mine.crls.push(...r.crls);
    }
    const key = createHash("sha1").update(sig.contents).digest("hex").toUpperCase();
    vri.set(
      key,
      dict({
        Cert: uniqueDer(mine.certs).map(refOf),
        ...(mine.ocsps.length ? { OCSP: uniqueDer(mine.ocsps).map(refOf) } : {}),
        ...(mine.crls.length ? { CRL: uniqueDer(mine.crls).map(refOf) } : {}),
      }),
    );
    streams.certs.push(...mine.certs);
    streams.ocsps.push(...mine.ocsps);
    streams.crls.push(...mine.crls);
  }
  if (missing.length > 0)
    throw new PadesError(
      "pades-revocation-unavailable",
      `no revocation data for: ${[...new Set(missing)].join("; ")}`,
    );

  // Merge with an existing DSS: its entries stay, ours are added.
  const catalog = doc.catalog();
  const oldDss = doc.dict(catalog.map.get("DSS"));
  const oldList = (k: string): PdfObject[] => {
    const v = doc.resolve(oldDss?.map.get(k));
    return Array.isArray(v) ? v : [];
  };
  const merge = (k: string, ders: Uint8Array[]) => {
    const list = [...oldList(k)];
    for (const r of uniqueDer(ders).map(refOf))
      if (!list.some((x) => isRef(x) && x.num === r.num)) list.push(r);
    return list;
  };
  const oldVri = doc.dict(oldDss?.map.get("VRI"));
  const vriMap = new Map<string, PdfObject>(oldVri?.map ?? []);
  for (const [k, v] of vri) vriMap.set(k, v);
  const dssNum = update.allocate();
  update.set(dssNum, {
    kind: "object",
    value: dict({
      Type: name("DSS"),
      Certs: merge("Certs", streams.certs),
      OCSPs: merge("OCSPs", streams.ocsps),
      CRLs: merge("CRLs", streams.crls),
      VRI: { kind: "dict", map: vriMap },
    }),
  });
  const newCatalog = new Map(catalog.map);
  newCatalog.set("DSS", ref(dssNum));
  update.set(doc.rootRef().num, { kind: "object", value: { kind: "dict", map: newCatalog } });
  const built = update.build();
  const out = new Uint8Array(built.totalLength);
  out.set(options.pdf, 0);
  out.set(built.bytes, options.pdf.length);
  return out;
}
