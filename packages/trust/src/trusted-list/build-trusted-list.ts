/**
 * Writes an (unsigned) ETSI TS 119 612 trusted list from a spec: scheme information, pointers
 * to other lists (for a list of lists), providers, services with their Qualifications and
 * AdditionalServiceInformation extensions and their history. Used by the testbed to publish its
 * list and by tests to shape lists precisely; sign the result with `signTrustedList`.
 * Elements appear in the order the TS 119 612 schema requires.
 */
import type { MultilingualString } from "./types.ts";
import * as U from "./uris.ts";

export interface CriteriaSpec {
  assert: "all" | "atLeastOne" | "none";
  keyUsage?: { name: string; value: boolean }[][];
  policySets?: string[][];
  criteriaLists?: CriteriaSpec[];
  extendedKeyUsage?: string[][];
}

export interface ServiceStateSpec {
  type: string;
  name: string | MultilingualString[];
  certificates?: Uint8Array[];
  skis?: Uint8Array[];
  subjectNames?: string[];
  status: string;
  statusStartingTime: Date;
  qualifications?: { qualifiers: string[]; criteria: CriteriaSpec }[];
  additionalServiceInformation?: string[];
}

export interface ServiceSpec extends ServiceStateSpec {
  /** Earlier states, any order. */
  history?: ServiceStateSpec[];
}

export interface ProviderSpec {
  name: string | MultilingualString[];
  tradeName?: string;
  informationUri?: string;
  services: ServiceSpec[];
}

export interface PointerSpec {
  location: string;
  signerCertificates: Uint8Array[];
  territory: string;
  tslType?: string;
  operatorName: string;
  mimeType?: string;
}

export interface TrustedListSpec {
  id?: string;
  version?: 5 | 6;
  sequenceNumber: number;
  type?: string;
  operatorName: string | MultilingualString[];
  schemeName: string | MultilingualString[];
  territory: string;
  informationUri?: string;
  issued: Date;
  /** Omitted: a closed list (empty NextUpdate). */
  nextUpdate?: Date;
  distributionPoints?: string[];
  legalNotice?: string;
  pointers?: PointerSpec[];
  providers?: ProviderSpec[];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const b64 = (der: Uint8Array) => Buffer.from(der).toString("base64");
const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
const el = (name: string, content: string, attrs = "") => `<${name}${attrs}>${content}</${name}>`;
const txt = (name: string, value: string, attrs = "") => el(name, escapeXml(value), attrs);

function names(wrapper: string, value: string | MultilingualString[], item = "tsl:Name"): string {
  const list = typeof value === "string" ? [{ lang: "en", value }] : value;
  return el(wrapper, list.map((n) => txt(item, n.value, ` xml:lang="${escapeXml(n.lang)}"`)).join(""));
}

function digitalIdentity(s: {
  certificates?: Uint8Array[];
  skis?: Uint8Array[];
  subjectNames?: string[];
}): string {
  const ids = [
    ...(s.certificates ?? []).map((c) => el("tsl:DigitalId", el("tsl:X509Certificate", b64(c)))),
    ...(s.subjectNames ?? []).map((n) => el("tsl:DigitalId", txt("tsl:X509SubjectName", n))),
    ...(s.skis ?? []).map((k) => el("tsl:DigitalId", el("tsl:X509SKI", b64(k)))),
  ];
  return el("tsl:ServiceDigitalIdentity", ids.join(""));
}

function criteria(c: CriteriaSpec): string {
  const parts = [
    ...(c.keyUsage ?? []).map((set) =>
      el(
        "ecc:KeyUsage",
        set.map((b) => txt("ecc:KeyUsageBit", String(b.value), ` name="${escapeXml(b.name)}"`)).join(""),
      ),
    ),
    ...(c.policySets ?? []).map((set) =>
      el(
        "ecc:PolicySet",
        set
          .map((oid) =>
            el("ecc:PolicyIdentifier", txt("xades:Identifier", `urn:oid:${oid}`, ' Qualifier="OIDAsURN"')),
          )
          .join(""),
      ),
    ),
    ...(c.criteriaLists ?? []).map(criteria),
  ];
  if (c.extendedKeyUsage?.length) {
    parts.push(
      el(
        "ecc:otherCriteriaList",
        c.extendedKeyUsage
          .map((set) =>
            el(
              "tslx:ExtendedKeyUsage",
              set.map((oid) => el("tslx:KeyPurposeId", txt("xades:Identifier", oid))).join(""),
            ),
          )
          .join(""),
      ),
    );
  }
  return el("ecc:CriteriaList", parts.join(""), ` assert="${c.assert}"`);
}

function extensions(s: ServiceStateSpec): string {
  const exts: string[] = [];
  if (s.qualifications?.length) {
    const elements = s.qualifications.map((q) =>
      el(
        "ecc:QualificationElement",
        el("ecc:Qualifiers", q.qualifiers.map((u) => `<ecc:Qualifier uri="${escapeXml(u)}"/>`).join("")) +
          criteria(q.criteria),
      ),
    );
    exts.push(el("tsl:Extension", el("ecc:Qualifications", elements.join("")), ' Critical="true"'));
  }
  for (const uri of s.additionalServiceInformation ?? []) {
    exts.push(
      el(
        "tsl:Extension",
        el("tsl:AdditionalServiceInformation", txt("tsl:URI", uri, ' xml:lang="en"')),
        ' Critical="false"',
      ),
    );
  }
  return exts.length > 0 ? el("tsl:ServiceInformationExtensions", exts.join("")) : "";
}

function stateBody(s: ServiceStateSpec): string {
  return (
    txt("tsl:ServiceTypeIdentifier", s.type) +
    names("tsl:ServiceName", s.name) +
    digitalIdentity(s) +
    txt("tsl:ServiceStatus", s.status) +
    txt("tsl:StatusStartingTime", iso(s.statusStartingTime))
  );
}

function service(s: ServiceSpec): string {
  const info = el("tsl:ServiceInformation", stateBody(s) + extensions(s));
  const history = (s.history ?? [])
    .slice()
    .sort((a, b) => b.statusStartingTime.getTime() - a.statusStartingTime.getTime())
    .map((h) => el("tsl:ServiceHistoryInstance", stateBody(h) + extensions(h)));
  return el("tsl:TSPService", info + (history.length > 0 ? el("tsl:ServiceHistory", history.join("")) : ""));
}

function provider(p: ProviderSpec, territory: string): string {
  const info =
    names("tsl:TSPName", p.name) +
    (p.tradeName ? names("tsl:TSPTradeName", p.tradeName) : "") +
    el(
      "tsl:TSPAddress",
      el(
        "tsl:PostalAddresses",
        el(
          "tsl:PostalAddress",
          txt("tsl:StreetAddress", "-") + txt("tsl:Locality", "-") + txt("tsl:CountryName", territory),
          ' xml:lang="en"',
        ),
      ) +
        el(
          "tsl:ElectronicAddress",
          txt("tsl:URI", p.informationUri ?? "https://example.invalid/", ' xml:lang="en"'),
        ),
    ) +
    el(
      "tsl:TSPInformationURI",
      txt("tsl:URI", p.informationUri ?? "https://example.invalid/", ' xml:lang="en"'),
    );
  return el(
    "tsl:TrustServiceProvider",
    el("tsl:TSPInformation", info) + el("tsl:TSPServices", p.services.map(service).join("")),
  );
}

function pointer(p: PointerSpec): string {
  const ids = el(
    "tsl:ServiceDigitalIdentities",
    p.signerCertificates.map((c) => digitalIdentity({ certificates: [c] })).join(""),
  );
  const info = [
    el("tsl:OtherInformation", txt("tsl:TSLType", p.tslType ?? U.TSL_TYPE_EU_GENERIC)),
    el("tsl:OtherInformation", names("tsl:SchemeOperatorName", p.operatorName)),
    el(
      "tsl:OtherInformation",
      el("tsl:SchemeTypeCommunityRules", txt("tsl:URI", U.SCHEME_RULES_EU_COMMON, ' xml:lang="en"')),
    ),
    el("tsl:OtherInformation", txt("tsl:SchemeTerritory", p.territory)),
    el("tsl:OtherInformation", txt("tslx:MimeType", p.mimeType ?? U.TSL_MIME_TYPE)),
  ];
  return el(
    "tsl:OtherTSLPointer",
    ids + txt("tsl:TSLLocation", p.location) + el("tsl:AdditionalInformation", info.join("")),
  );
}

export function buildTrustedListXml(spec: TrustedListSpec): string {
  const isLotl = (spec.type ?? U.TSL_TYPE_EU_GENERIC) === U.TSL_TYPE_EU_LOTL;
  const scheme =
    txt("tsl:TSLVersionIdentifier", String(spec.version ?? 5)) +
    txt("tsl:TSLSequenceNumber", String(spec.sequenceNumber)) +
    txt("tsl:TSLType", spec.type ?? U.TSL_TYPE_EU_GENERIC) +
    names("tsl:SchemeOperatorName", spec.operatorName) +
    el(
      "tsl:SchemeOperatorAddress",
      el(
        "tsl:PostalAddresses",
        el(
          "tsl:PostalAddress",
          txt("tsl:StreetAddress", "-") + txt("tsl:Locality", "-") + txt("tsl:CountryName", spec.territory),
          ' xml:lang="en"',
        ),
      ) +
        el(
          "tsl:ElectronicAddress",
          txt("tsl:URI", spec.informationUri ?? "https://example.invalid/", ' xml:lang="en"'),
        ),
    ) +
    names("tsl:SchemeName", spec.schemeName) +
    el(
      "tsl:SchemeInformationURI",
      txt("tsl:URI", spec.informationUri ?? "https://example.invalid/", ' xml:lang="en"'),
    ) +
    txt("tsl:StatusDeterminationApproach", U.STATUS_DETERMINATION_EU_APPROPRIATE) +
    el("tsl:SchemeTypeCommunityRules", txt("tsl:URI", U.SCHEME_RULES_EU_COMMON, ' xml:lang="en"')) +
    txt("tsl:SchemeTerritory", spec.territory) +
    el(
      "tsl:PolicyOrLegalNotice",
      txt("tsl:TSLLegalNotice", spec.legalNotice ?? "Test list.", ' xml:lang="en"'),
    ) +
    txt("tsl:HistoricalInformationPeriod", "65535") +
    (spec.pointers?.length ? el("tsl:PointersToOtherTSL", spec.pointers.map(pointer).join("")) : "") +
    txt("tsl:ListIssueDateTime", iso(spec.issued)) +
    el("tsl:NextUpdate", spec.nextUpdate ? txt("tsl:dateTime", iso(spec.nextUpdate)) : "") +
    (spec.distributionPoints?.length
      ? el("tsl:DistributionPoints", spec.distributionPoints.map((u) => txt("tsl:URI", u)).join(""))
      : "");
  const providers =
    !isLotl && spec.providers?.length
      ? el("tsl:TrustServiceProviderList", spec.providers.map((p) => provider(p, spec.territory)).join(""))
      : "";
  const attrs =
    ` xmlns:tsl="${U.TSL_NAMESPACE}" xmlns:ecc="${U.ECC_NAMESPACE}" xmlns:tslx="${U.TSLX_NAMESPACE}"` +
    ` xmlns:xades="${U.XADES_NAMESPACE}" Id="${escapeXml(spec.id ?? "tsl")}" TSLTag="${U.TSL_TAG}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el("tsl:TrustServiceStatusList", el("tsl:SchemeInformation", scheme) + providers, attrs)}`;
}
