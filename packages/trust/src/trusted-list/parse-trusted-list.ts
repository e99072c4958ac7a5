/**
 * Parses an ETSI TS 119 612 trusted list (TSLVersionIdentifier 5 or 6): a national list
 * (TrustServiceProviderList) or the EU list of lists (PointersToOtherTSL). The XML goes through
 * the hardened parser (no DTD, size/depth/node limits); the list has limits of its own on
 * providers, services, history and identities. Every failure is a TrustedListFormatError.
 *
 *   <tsl:TrustServiceStatusList Id="…" TSLTag="http://uri.etsi.org/19612/TSLTag">
 *     <tsl:SchemeInformation>TSLVersionIdentifier, TSLSequenceNumber, TSLType, SchemeOperatorName,
 *       …, SchemeTerritory, …, PointersToOtherTSL?, ListIssueDateTime, NextUpdate, DistributionPoints?
 *     </tsl:SchemeInformation>
 *     <tsl:TrustServiceProviderList>?  <ds:Signature>
 */
import { MalformedInputError } from "../errors.ts";
import { childElements } from "../xml/dom.ts";
import type { XmlLimits } from "../xml/limits.ts";
import { type ParsedXml, parseXml } from "../xml/parse-xml.ts";
import { TrustedListFormatError } from "./errors.ts";
import { parseProvider } from "./parse-service.ts";
import {
  children,
  multilingual,
  optionalChild,
  parseDateTime,
  parseDigitalIdentity,
  requiredChild,
  requiredText,
  trimmedText,
} from "./tl-xml.ts";
import type { DigitalId, OtherTslPointer, TrustedList } from "./types.ts";
import { TSL_NAMESPACE, TSL_TYPE_EU_LOTL, TSLX_NAMESPACE } from "./uris.ts";

export interface TrustedListLimits {
  xml: Partial<XmlLimits>;
  maxProviders: number;
  maxServices: number;
  maxPointers: number;
}

/** National lists reach a few MB (the largest EU ones ~10 MB); 32 MB leaves room, no more. */
export const DEFAULT_TRUSTED_LIST_LIMITS: Readonly<TrustedListLimits> = Object.freeze({
  xml: { maxBytes: 32 * 1024 * 1024, maxNodes: 4_000_000 },
  maxProviders: 5_000,
  maxServices: 50_000,
  maxPointers: 500,
});

export interface ParseTrustedListOptions {
  limits?: Partial<TrustedListLimits>;
}

function parsePointer(element: Element): OtherTslPointer {
  const identities = requiredChild(element, "ServiceDigitalIdentities");
  const ids: DigitalId[] = children(identities, "ServiceDigitalIdentity").flatMap(parseDigitalIdentity);
  const pointer: OtherTslPointer = {
    location: requiredText(element, "TSLLocation"),
    signerCertificates: [],
    signerDigitalIds: [],
    schemeOperatorNames: [],
  };
  for (const id of ids) {
    if (id.kind === "certificate") pointer.signerCertificates.push(id.der);
    else pointer.signerDigitalIds.push(id);
  }
  const additional = optionalChild(element, "AdditionalInformation");
  for (const info of additional ? children(additional, "OtherInformation") : []) {
    for (const c of childElements(info)) {
      if (c.namespaceURI === TSL_NAMESPACE && c.localName === "TSLType") pointer.tslType = trimmedText(c);
      else if (c.namespaceURI === TSL_NAMESPACE && c.localName === "SchemeTerritory")
        pointer.territory = trimmedText(c);
      else if (c.namespaceURI === TSL_NAMESPACE && c.localName === "SchemeOperatorName")
        pointer.schemeOperatorNames = multilingual(c);
      else if (c.namespaceURI === TSLX_NAMESPACE && c.localName === "MimeType")
        pointer.mimeType = trimmedText(c);
    }
  }
  return pointer;
}

function parseVersion(text: string): 5 | 6 {
  if (text === "5") return 5;
  if (text === "6") return 6;
  throw new TrustedListFormatError(
    "tl-unsupported-version",
    `TSLVersionIdentifier ${text.slice(0, 10)} (5 or 6 supported)`,
  );
}

export function parseTrustedList(
  input: Uint8Array | string,
  options: ParseTrustedListOptions = {},
): TrustedList {
  const limits = { ...DEFAULT_TRUSTED_LIST_LIMITS, ...(options.limits ?? {}) };
  let source: ParsedXml;
  try {
    source = parseXml(input, { limits: limits.xml });
  } catch (cause) {
    if (cause instanceof MalformedInputError) throw cause;
    throw new MalformedInputError("trusted list is not readable XML", { cause });
  }
  const root = source.document.documentElement;
  if (!root || root.namespaceURI !== TSL_NAMESPACE || root.localName !== "TrustServiceStatusList")
    throw new TrustedListFormatError(
      "tl-not-a-trusted-list",
      "root element is not tsl:TrustServiceStatusList",
    );
  const scheme = requiredChild(root, "SchemeInformation");
  const sequenceText = requiredText(scheme, "TSLSequenceNumber");
  if (!/^\d{1,9}$/.test(sequenceText))
    throw new TrustedListFormatError("tl-bad-value", "TSLSequenceNumber is not a positive integer");
  const type = requiredText(scheme, "TSLType");
  const nextUpdateElement = requiredChild(scheme, "NextUpdate");
  const nextUpdateText = trimmedText(nextUpdateElement);
  const pointersElement = optionalChild(scheme, "PointersToOtherTSL");
  const pointerElements = pointersElement ? children(pointersElement, "OtherTSLPointer") : [];
  if (pointerElements.length > limits.maxPointers)
    throw new TrustedListFormatError("tl-too-large", "too many OtherTSLPointer entries");
  const territory = requiredText(scheme, "SchemeTerritory");

  const providersElement = optionalChild(root, "TrustServiceProviderList");
  const providerElements = providersElement ? children(providersElement, "TrustServiceProvider") : [];
  if (providerElements.length > limits.maxProviders)
    throw new TrustedListFormatError("tl-too-large", "too many TrustServiceProvider entries");
  const budget = { services: limits.maxServices };
  const providers = providerElements.map((p) => parseProvider(p, territory, budget));
  const distribution = optionalChild(scheme, "DistributionPoints");

  return {
    versionIdentifier: parseVersion(requiredText(scheme, "TSLVersionIdentifier")),
    sequenceNumber: Number(sequenceText),
    type,
    isListOfLists: type === TSL_TYPE_EU_LOTL,
    schemeOperatorNames: multilingual(requiredChild(scheme, "SchemeOperatorName")),
    schemeNames: multilingual(optionalChild(scheme, "SchemeName")),
    territory,
    listIssueDateTime: parseDateTime(requiredText(scheme, "ListIssueDateTime"), "ListIssueDateTime"),
    // §5.3.15: an empty NextUpdate (or one without dateTime) marks a closed list.
    ...(nextUpdateText !== ""
      ? { nextUpdate: parseDateTime(requiredText(nextUpdateElement, "dateTime"), "NextUpdate") }
      : {}),
    distributionPoints: distribution ? children(distribution, "URI").map(trimmedText) : [],
    pointers: pointerElements.map(parsePointer),
    providers,
    services: providers.flatMap((p) => p.services),
    source,
  };
}
