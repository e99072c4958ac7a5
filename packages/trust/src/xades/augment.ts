/**
 * Raises a XAdES signature to B-T, B-LT or B-LTA (EN 319 132-1 §6.4–6.6) by adding unsigned
 * properties; the signed parts are left untouched, so the signature stays valid.
 *   B-T:   xades:SignatureTimeStamp over the canonical ds:SignatureValue (§5.3).
 *   B-LT:  xades:CertificateValues + xades:RevocationValues with the certificates and the
 *          OCSP responses / CRLs of the signer's chain and of the time-stamping unit's (§5.4).
 *   B-LTA: xades141:ArchiveTimeStamp over the §5.5.2.2 input (see time-stamp-input.ts).
 * TSA and revocation sources are reached only through the injected ports.
 */
import { C14N_11 } from "../c14n/algorithms.ts";
import { bytesEqual } from "../ocsp/cert-id.ts";
import { caIssuersUrlsOf } from "../ocsp/ocsp-urls.ts";
import { verifyTimeStampToken } from "../tsp/verify-token.ts";
import { childElements, firstChildElement, stripXmlWhitespace, textOf, XMLNS_NAMESPACE } from "../xml/dom.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { serializeXml } from "../xml/serialize.ts";
import type { ExternalResolver } from "../xmldsig/references.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";
import { verifyXmlSignature } from "../xmldsig/verify.ts";
import { isSelfIssued, orderChain, uniqueDer } from "./chain.ts";
import { collectRevocation } from "./collect-revocation.ts";
import {
  XADES_NAMESPACE,
  XADES_PREFIX,
  XADES141_NAMESPACE,
  XADES141_PREFIX,
  type XadesLevel,
} from "./constants.ts";
import { XadesError } from "./errors.ts";
import type { RevocationFetchers, TimeStampAuthority } from "./ports.ts";
import { requestTimeStamp } from "./request-time-stamp.ts";
import {
  archiveTimeStampInput,
  signatureTimeStampInput,
  unsignedSignaturePropertiesOf,
} from "./time-stamp-input.ts";

export interface AugmentXadesOptions {
  /** The signature document (an ASiC signature file, a detached or an enveloped document). */
  xml: Uint8Array | string;
  /** Which ds:Signature (by Id); default the only one. */
  signatureId?: string;
  level: Exclude<XadesLevel, "B">;
  tsa?: TimeStampAuthority;
  fetchers?: RevocationFetchers;
  /** CA certificates to use for chains (signer's and TSA's) besides those in the signature. */
  certificates?: Uint8Array[];
  /** Detached data for the archive time-stamp's reference input. */
  resolver?: ExternalResolver;
  now?: () => Date;
}

const LEVEL_RANK: Record<XadesLevel, number> = { B: 0, T: 1, LT: 2, LTA: 3 };

export function findSignature(document: Document, id?: string): Element {
  const all = Array.from(document.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature")).filter(
    (s) => id === undefined || s.getAttribute("Id") === id,
  );
  if (all.length !== 1)
    throw new XadesError(
      "xades-structure",
      `expected one ds:Signature${id ? ` with Id ${id}` : ""}, found ${all.length}`,
    );
  return all[0]!;
}

export function qualifyingPropertiesOf(signature: Element): Element | undefined {
  for (const object of childElements(signature, DSIG_NAMESPACE, "Object")) {
    const qp = firstChildElement(object, XADES_NAMESPACE, "QualifyingProperties");
    if (qp) return qp;
  }
  return undefined;
}

/** The chain from the pool, completed through AIA caIssuers (RFC 5280 §4.2.2.1) when a fetcher is given. */
async function completeChain(
  leaf: Uint8Array,
  pool: Uint8Array[],
  fetchers: RevocationFetchers,
): Promise<Uint8Array[]> {
  let chain = orderChain(leaf, pool);
  for (let i = 0; i < 4 && fetchers.fetchCertificate; i++) {
    const last = chain[chain.length - 1]!;
    if (isSelfIssued(last)) break;
    let found: Uint8Array | undefined;
    for (const url of caIssuersUrlsOf(last)) {
      found = await fetchers.fetchCertificate(url).catch(() => undefined);
      if (found) break;
    }
    if (!found) break;
    pool.push(found);
    chain = orderChain(leaf, pool);
  }
  return chain;
}

function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

export async function augmentXades(options: AugmentXadesOptions): Promise<string> {
  const parsed = parseXml(options.xml);
  const doc = parsed.document;
  const signature = findSignature(doc, options.signatureId);
  const sigId = signature.getAttribute("Id") ?? "S";
  const qp = qualifyingPropertiesOf(signature);
  if (!qp) throw new XadesError("xades-structure", "no xades:QualifyingProperties: not a XAdES signature");
  const x = (local: string, text?: string) => {
    const el = doc.createElementNS(XADES_NAMESPACE, `${qp.prefix ? `${qp.prefix}:` : ""}${local}`);
    if (text !== undefined) el.appendChild(doc.createTextNode(text));
    return el;
  };
  const now = options.now ?? (() => new Date());

  let usp = unsignedSignaturePropertiesOf(qp);
  if (!usp) {
    let up = firstChildElement(qp, XADES_NAMESPACE, "UnsignedProperties");
    if (!up) {
      up = x("UnsignedProperties");
      qp.appendChild(up);
    }
    usp = x("UnsignedSignatureProperties");
    up.insertBefore(usp, up.firstChild);
  }
  const existing = (ns: string, local: string) => childElements(usp!, ns, local);
  const has = {
    T: existing(XADES_NAMESPACE, "SignatureTimeStamp").length > 0,
    LT: existing(XADES_NAMESPACE, "RevocationValues").length > 0,
  };
  const target = LEVEL_RANK[options.level];

  const timeStampElement = (local: string, ns: string, token: Uint8Array, n: number) => {
    const prefix = ns === XADES_NAMESPACE ? (qp.prefix ?? XADES_PREFIX) : XADES141_PREFIX;
    const ts = doc.createElementNS(ns, `${prefix}:${local}`);
    if (ns === XADES141_NAMESPACE)
      ts.setAttributeNS(XMLNS_NAMESPACE, `xmlns:${XADES141_PREFIX}`, XADES141_NAMESPACE);
    ts.setAttribute("Id", `${sigId}-${local}-${n}`);
    const cm = doc.createElementNS(
      DSIG_NAMESPACE,
      `${signature.prefix ? `${signature.prefix}:` : ""}CanonicalizationMethod`,
    );
    cm.setAttribute("Algorithm", C14N_11);
    ts.appendChild(cm);
    ts.appendChild(x("EncapsulatedTimeStamp", base64Of(token)));
    return ts;
  };

  const tsaCertificates: Uint8Array[] = [];
  if (target >= LEVEL_RANK.T && !has.T) {
    if (!options.tsa) throw new XadesError("xades-bad-input", "level T and above need a TSA");
    const stamp = await requestTimeStamp(options.tsa, signatureTimeStampInput(signature, C14N_11));
    tsaCertificates.push(...stamp.certificates);
    usp.appendChild(timeStampElement("SignatureTimeStamp", XADES_NAMESPACE, stamp.token, 0));
  }

  if (target >= LEVEL_RANK.LT && !has.LT) {
    const keyInfoCerts = Array.from(signature.getElementsByTagNameNS(DSIG_NAMESPACE, "X509Certificate")).map(
      (e) => new Uint8Array(Buffer.from(stripXmlWhitespace(textOf(e)), "base64")),
    );
    const signer = keyInfoCerts[0];
    if (!signer) throw new XadesError("xades-structure", "no signing certificate in KeyInfo");
    for (const ts of existing(XADES_NAMESPACE, "SignatureTimeStamp")) {
      const enc = firstChildElement(ts, XADES_NAMESPACE, "EncapsulatedTimeStamp");
      if (!enc) continue;
      const check = verifyTimeStampToken(
        new Uint8Array(Buffer.from(stripXmlWhitespace(textOf(enc)), "base64")),
      );
      if (check.valid) tsaCertificates.push(check.signerCertificate, ...check.certificates);
    }
    const pool = uniqueDer([...keyInfoCerts, ...tsaCertificates, ...(options.certificates ?? [])]);
    const fetchers = options.fetchers ?? {};
    const chains = [await completeChain(signer, pool, fetchers)];
    const tsaSigner = tsaCertificates[0];
    if (tsaSigner) chains.push(await completeChain(tsaSigner, pool, fetchers));
    const ocsp: Uint8Array[] = [];
    const crls: Uint8Array[] = [];
    const missing: string[] = [];
    for (const chain of chains) {
      const r = await collectRevocation(chain, fetchers, now());
      ocsp.push(...r.ocspResponses);
      crls.push(...r.crls);
      missing.push(...r.missing);
    }
    if (missing.length > 0)
      throw new XadesError(
        "xades-revocation-unavailable",
        `no revocation data could be obtained for: ${missing.join("; ")}`,
      );
    const certValues = x("CertificateValues");
    for (const der of uniqueDer(chains.flat()))
      if (!keyInfoCerts.some((k) => bytesEqual(k, der)))
        certValues.appendChild(x("EncapsulatedX509Certificate", base64Of(der)));
    usp.appendChild(certValues);
    const revValues = x("RevocationValues");
    if (crls.length > 0) {
      const cv = x("CRLValues");
      for (const c of uniqueDer(crls)) cv.appendChild(x("EncapsulatedCRLValue", base64Of(c)));
      revValues.appendChild(cv);
    }
    if (ocsp.length > 0) {
      const ov = x("OCSPValues");
      for (const o of uniqueDer(ocsp)) ov.appendChild(x("EncapsulatedOCSPValue", base64Of(o)));
      revValues.appendChild(ov);
    }
    usp.appendChild(revValues);
  }

  if (target >= LEVEL_RANK.LTA) {
    if (!options.tsa) throw new XadesError("xades-bad-input", "level LTA needs a TSA");
    const verification = await verifyXmlSignature(doc, {
      signature,
      ...(options.resolver ? { resolver: options.resolver } : {}),
    });
    const referenceOctets = verification.references.map((r) => r.digestedOctets);
    if (!verification.valid || referenceOctets.some((o) => !o))
      throw new XadesError(
        "xades-structure",
        "the signature does not verify; refusing to archive-time-stamp it",
      );
    const input = archiveTimeStampInput({
      signature,
      referenceOctets: referenceOctets as Uint8Array[],
      c14nUri: C14N_11,
    });
    const stamp = await requestTimeStamp(options.tsa, input);
    const n = existing(XADES141_NAMESPACE, "ArchiveTimeStamp").length;
    usp.appendChild(timeStampElement("ArchiveTimeStamp", XADES141_NAMESPACE, stamp.token, n));
  }
  return serializeXml(doc);
}
