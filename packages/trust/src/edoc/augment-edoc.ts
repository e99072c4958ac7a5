/**
 * Raising the signatures of an existing eDoc (ASiC-E) to B-T, B-LT or B-LTA (EN 319 132-1
 * §6.4–6.6; preservation, TS 119 511): only unsigned properties are added (augmentXades), so
 * every ds:SignedInfo, SignatureValue and data file stays exactly as signed. The container is
 * written anew around the same data-file bytes: the signature files change, and an ASiC-E
 * signature covers the data files, not the ZIP.
 *
 * A signature already at the target level is left as it is — except at LTA, where one more
 * archive time-stamp is added over everything before it: that is how an archive time-stamp is
 * renewed before its TSA certificate or algorithms weaken (EN 319 132-1 §5.5.2).
 */
import { createAsicE } from "../asic/asic-create.ts";
import { readAsicE } from "../asic/asic-read.ts";
import { findEntryByReferenceUri } from "../asic/reference-uri.ts";
import { augmentXades, findSignature, qualifyingPropertiesOf } from "../xades/augment.ts";
import { XADES_NAMESPACE, XADES141_NAMESPACE, type XadesLevel } from "../xades/constants.ts";
import { XadesError } from "../xades/errors.ts";
import type { RevocationFetchers, TimeStampAuthority } from "../xades/ports.ts";
import { unsignedSignaturePropertiesOf } from "../xades/time-stamp-input.ts";
import { childElements } from "../xml/dom.ts";
import { parseXml } from "../xml/parse-xml.ts";
import { DSIG_NAMESPACE } from "../xmldsig/uris.ts";

export interface AugmentEdocOptions {
  container: Uint8Array;
  level: Exclude<XadesLevel, "B">;
  tsa: TimeStampAuthority;
  fetchers?: RevocationFetchers;
  /** CA certificates for the signer's and the TSA's chains (LT). */
  certificates?: Uint8Array[];
  now?: () => Date;
}

const RANK: Record<XadesLevel, number> = { B: 0, T: 1, LT: 2, LTA: 3 };
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';

export async function augmentEdoc(options: AugmentEdocOptions): Promise<Uint8Array> {
  const container = readAsicE(options.container);
  if (container.signatureFiles.length === 0)
    throw new XadesError("xades-structure", "the container holds no signature to augment");
  const names = container.dataFiles.map((f) => f.name);
  const resolver = async (uri: string | null) => {
    let name: string | null = null;
    try {
      name = uri === null ? null : findEntryByReferenceUri(uri, names);
    } catch {
      name = null;
    }
    const file = name === null ? undefined : container.dataFiles.find((f) => f.name === name);
    return file ? file.content : ("unavailable" as const);
  };
  const signatures: Uint8Array[] = [];
  for (const file of container.signatureFiles) {
    let xml: string = new TextDecoder().decode(file.content);
    for (const id of signatureIdsOf(xml)) {
      if (RANK[levelOf(xml, id)] >= RANK[options.level] && options.level !== "LTA") continue;
      xml = await augmentXades({
        xml,
        level: options.level,
        signatureId: id,
        tsa: options.tsa,
        resolver,
        ...(options.fetchers ? { fetchers: options.fetchers } : {}),
        ...(options.certificates ? { certificates: options.certificates } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      if (!xml.startsWith("<?xml")) xml = XML_DECLARATION + xml;
    }
    signatures.push(new TextEncoder().encode(xml));
  }
  return createAsicE({
    dataFiles: container.dataFiles.map((f) => ({ name: f.name, content: f.content, mediaType: f.mediaType })),
    signatures,
    ...(container.comment ? { comment: container.comment } : {}),
  });
}

function signatureIdsOf(xml: string): string[] {
  const doc = parseXml(xml).document;
  const ids = Array.from(doc.getElementsByTagNameNS(DSIG_NAMESPACE, "Signature"))
    .filter((s) => s.parentNode === doc.documentElement)
    .map((s) => s.getAttribute("Id"));
  if (ids.some((id) => !id))
    throw new XadesError("xades-structure", "a signature without an Id cannot be augmented in place");
  return ids as string[];
}

/** The level by the unsigned properties present (as the validator names it). */
function levelOf(xml: string, id: string): XadesLevel {
  const doc = parseXml(xml).document;
  const qp = qualifyingPropertiesOf(findSignature(doc, id));
  const usp = qp ? unsignedSignaturePropertiesOf(qp) : undefined;
  if (!usp) return "B";
  const has = (ns: string, local: string) => childElements(usp, ns, local).length > 0;
  if (has(XADES141_NAMESPACE, "ArchiveTimeStamp")) return "LTA";
  if (has(XADES_NAMESPACE, "RevocationValues")) return "LT";
  return has(XADES_NAMESPACE, "SignatureTimeStamp") ? "T" : "B";
}
