/**
 * The evidence request's query part (R-EDM-REQ-S015/S016, S033–S049, C024–C067, C118/C119):
 * the subject (natural or legal person, eIDAS minimum data set and level of assurance), the
 * authorised representative and the requested evidence type.
 */
import { NS } from "../namespaces.ts";
import { kids } from "../xml.ts";
import { BARE_UUID, type Checker, DATE, EIDAS_ID, sel, textOf } from "./rule-kit.ts";

export const QUERY_SLOTS = ["NaturalPerson", "LegalPerson", "AuthorizedRepresentative", "EvidenceRequest"];
const DSET_CHILDREN = ["Identifier", "EvidenceTypeClassification", "Title", "Description", "DistributedAs"];

export function requestQueryRules(c: Checker, root: Element): void {
  const { spec } = c.ctx;
  const later = spec.version !== "1.0";
  const query = sel(root, "query:Query")[0];
  for (const o of sel(root, "query:ResponseOption"))
    c.check(
      o.getAttribute("returnType") === "LeafClassWithRepositoryItem",
      "R-EDM-REQ-C024",
      "ResponseOption returnType must be LeafClassWithRepositoryItem",
      o,
    );
  if (!query) {
    c.check(false, "R-EDM-REQ-S015", "query:Query with the EvidenceRequest slot is missing", root);
    return;
  }
  c.check(
    query.getAttribute("queryDefinition") === "DocumentQuery",
    "R-EDM-REQ-C025",
    "queryDefinition must be DocumentQuery",
    query,
  );
  c.count(
    query,
    "EvidenceRequest",
    (n) => n === 1,
    "R-EDM-REQ-S015",
    'the slot "EvidenceRequest" must be present once',
  );
  c.check(
    sel(query, "rim:Slot[@name='NaturalPerson']").length +
      sel(query, "rim:Slot[@name='LegalPerson']").length ===
      1,
    "R-EDM-REQ-S016",
    "exactly one of NaturalPerson and LegalPerson",
    query,
  );
  if (later) {
    const inQuery = new Set([
      ...QUERY_SLOTS,
      ...(spec.version === "2.0" ? ["AuthorizedRepresentativeLegalPerson"] : []),
    ]);
    for (const s of kids(query, NS.rim, "Slot"))
      c.check(
        inQuery.has(s.getAttribute("name") ?? ""),
        "R-EDM-REQ-S049",
        `query:Query must not carry the slot "${s.getAttribute("name")}"`,
        s,
      );
  }
  c.slotType(query, "EvidenceRequest", "AnyValueType", "R-EDM-REQ-S033");
  c.slotType(query, "LegalPerson", "AnyValueType", "R-EDM-REQ-S034");
  c.slotType(query, "NaturalPerson", "AnyValueType", "R-EDM-REQ-S035");
  c.slotType(query, "AuthorizedRepresentative", "AnyValueType", "R-EDM-REQ-S036");
  for (const sv of sel(query, "rim:Slot[@name='EvidenceRequest']/rim:SlotValue"))
    c.check(
      sel(sv, "sdg:DataServiceEvidenceType").length > 0,
      "R-EDM-REQ-S044",
      "EvidenceRequest must hold sdg:DataServiceEvidenceType",
      sv,
    );
  for (const sv of sel(query, "rim:Slot[@name='NaturalPerson']/rim:SlotValue"))
    c.check(sel(sv, "sdg:Person").length > 0, "R-EDM-REQ-S046", "NaturalPerson must hold sdg:Person", sv);
  for (const sv of sel(query, "rim:Slot[@name='LegalPerson']/rim:SlotValue"))
    c.check(
      sel(sv, "sdg:LegalPerson").length > 0,
      "R-EDM-REQ-S047",
      "LegalPerson must hold sdg:LegalPerson",
      sv,
    );
  for (const sv of sel(query, "rim:Slot[@name='AuthorizedRepresentative']/rim:SlotValue"))
    c.check(
      sel(sv, "sdg:Person").length > 0,
      "R-EDM-REQ-S048",
      "AuthorizedRepresentative must hold sdg:Person",
      sv,
    );

  for (const d of sel(query, "rim:Slot[@name='EvidenceRequest']/rim:SlotValue/sdg:DataServiceEvidenceType")) {
    const names = kids(d).map((k) => k.localName);
    c.check(
      names.every((n) => DSET_CHILDREN.includes(n ?? "")),
      "R-EDM-REQ-S045",
      "the requested DataServiceEvidenceType holds Identifier, EvidenceTypeClassification, Title, Description and DistributedAs only",
      d,
    );
    for (const id of sel(d, "sdg:Identifier"))
      c.check(
        new RegExp(`${BARE_UUID.source.slice(1, -1)}$`, "i").test(textOf(id)),
        "R-EDM-REQ-C026",
        "the DataServiceEvidenceType Identifier must be a UUID",
        id,
      );
    for (const e of sel(d, "sdg:EvidenceTypeClassification"))
      c.check(
        c.sr(`evidencetypeclassifications/[a-z]{2}/${BARE_UUID.source.slice(1, -1)}$`).test(textOf(e)),
        "R-EDM-REQ-C027",
        "EvidenceTypeClassification must be a Semantic Repository evidence type URI",
        e,
      );
    for (const t of sel(d, "sdg:Title")) {
      c.check((t.getAttribute("lang") ?? "").trim() !== "", "R-EDM-REQ-C029", "a Title needs a lang", t);
      if (t.getAttribute("lang"))
        c.code("language", t.getAttribute("lang") ?? "", "R-EDM-REQ-C028", "Title language", t);
    }
    for (const t of sel(d, "sdg:Description")) {
      c.check(
        (t.getAttribute("lang") ?? "").trim() !== "",
        "R-EDM-REQ-C031",
        "a Description needs a lang",
        t,
      );
      if (t.getAttribute("lang"))
        c.code("language", t.getAttribute("lang") ?? "", "R-EDM-REQ-C030", "Description language", t);
    }
    const dist = sel(d, "sdg:DistributedAs");
    if (spec.maxOneDistribution)
      c.check(dist.length <= 1, "R-EDM-REQ-C032", "DistributedAs must not occur more than once", d);
    else c.check(dist.length > 0, "R-EDM-REQ-C032", "DistributedAs must be present", d);
    for (const f of sel(dist, "sdg:Format")) c.code("mediaTypes", textOf(f), "R-EDM-REQ-C033", "Format", f);
    for (const x of sel(dist, "sdg:ConformsTo"))
      c.check(
        c.sr(spec.version === "2.0" ? "(datamodels|distributions)/" : "distributions/").test(textOf(x)),
        "R-EDM-REQ-C034",
        "ConformsTo must be a Semantic Repository distribution URI",
        x,
      );
    for (const x of sel(dist, "sdg:Transformation")) {
      c.check(spec.transformation, "R-EDM-REQ-S045", "Transformation is not part of EDM 2.0", x);
      c.check(
        c.sr("distributions/").test(textOf(x)),
        "R-EDM-REQ-C035",
        "Transformation must be a Semantic Repository distribution URI",
        x,
      );
    }
    for (const x of sel(dist, "sdg:Language")) {
      c.check(spec.distributionLanguage, "R-EDM-REQ-S045", "DistributedAs/Language is EDM 2.0 only", x);
      c.code("language", textOf(x), "R-EDM-REQ-C118", "Language", x);
    }
    for (const x of sel(dist, "sdg:AssociatedDocumentRequest"))
      c.check(
        ["Annex", "HumanReadableVersion", "Translation"].includes(textOf(x)),
        "R-EDM-REQ-C119",
        "AssociatedDocumentRequest must be Annex, HumanReadableVersion or Translation",
        x,
      );
  }

  personRules(c, sel(query, "rim:Slot[@name='NaturalPerson']/rim:SlotValue/sdg:Person"), {
    loa: "R-EDM-REQ-C036",
    loaList: "R-EDM-REQ-C037",
    idWarn: "R-EDM-REQ-C038",
    idForm: "R-EDM-REQ-C039",
    scheme: "R-EDM-REQ-C041",
    eidas: "R-EDM-REQ-C042",
    dob: "R-EDM-REQ-C043",
    country: "R-EDM-REQ-C045",
  });
  personRules(c, sel(query, "rim:Slot[@name='AuthorizedRepresentative']/rim:SlotValue/sdg:Person"), {
    loa: "R-EDM-REQ-C058",
    loaList: "R-EDM-REQ-C059",
    idRequired: "R-EDM-REQ-C060",
    idForm: "R-EDM-REQ-C061",
    scheme: "R-EDM-REQ-C062",
    eidas: "R-EDM-REQ-C063",
    dob: "R-EDM-REQ-C064",
    country: "R-EDM-REQ-C067",
  });
  for (const p of sel(query, "rim:Slot[@name='LegalPerson']/rim:SlotValue/sdg:LegalPerson")) {
    const loa = sel(p, "sdg:LevelOfAssurance")[0];
    c.check(textOf(loa) !== "", "R-EDM-REQ-C047", "the LegalPerson needs a LevelOfAssurance", p);
    if (loa) c.code("levelsOfAssurance", textOf(loa), "R-EDM-REQ-C048", "LevelOfAssurance", loa);
    c.check(
      textOf(sel(p, "sdg:LegalPersonIdentifier")[0]) !== "",
      "R-EDM-REQ-C049",
      "the LegalPerson needs a LegalPersonIdentifier",
      p,
    );
    for (const id of sel(p, "sdg:LegalPersonIdentifier")) {
      c.check(
        EIDAS_ID.test(textOf(id)),
        "R-EDM-REQ-C050",
        "the LegalPersonIdentifier must have the eIDAS form XX/YY/…",
        id,
      );
      c.check(
        id.hasAttribute("schemeID"),
        "R-EDM-REQ-C052",
        "the LegalPersonIdentifier needs a schemeID",
        id,
      );
      c.check(
        id.getAttribute("schemeID") === "eidas",
        "R-EDM-REQ-C053",
        'the LegalPersonIdentifier schemeID must be "eidas"',
        id,
      );
    }
    for (const id of sel(p, "sdg:Identifier"))
      c.check(id.hasAttribute("schemeID"), "R-EDM-REQ-C054", "a LegalPerson Identifier needs a schemeID", id);
    for (const l1 of sel(p, "sdg:RegisteredAddress/sdg:AdminUnitLevel1"))
      c.code("country", textOf(l1), "R-EDM-REQ-C056", "AdminUnitLevel1", l1);
  }
}

interface PersonRuleIds {
  loa: string;
  loaList: string;
  idWarn?: string;
  idRequired?: string;
  idForm: string;
  scheme: string;
  eidas: string;
  dob: string;
  country: string;
}

function personRules(c: Checker, persons: Element[], r: PersonRuleIds): void {
  for (const p of persons) {
    const loa = sel(p, "sdg:LevelOfAssurance")[0];
    c.check(textOf(loa) !== "", r.loa, "the person needs a LevelOfAssurance", p);
    if (loa) c.code("levelsOfAssurance", textOf(loa), r.loaList, "LevelOfAssurance", loa);
    const ids = sel(p, "sdg:Identifier");
    if (r.idWarn)
      c.check(textOf(ids[0]) !== "", r.idWarn, "the person should carry an eIDAS Identifier", p, "warning");
    if (r.idRequired) c.check(ids.length > 0, r.idRequired, "the representative needs an Identifier", p);
    for (const id of ids) {
      c.check(EIDAS_ID.test(textOf(id)), r.idForm, "the Identifier must have the eIDAS form XX/YY/…", id);
      c.check(id.hasAttribute("schemeID"), r.scheme, "the Identifier needs a schemeID", id);
      c.check(
        id.getAttribute("schemeID") === "eidas",
        r.eidas,
        'the Identifier schemeID must be "eidas"',
        id,
      );
    }
    for (const d of sel(p, "sdg:DateOfBirth"))
      c.check(DATE.test(textOf(d)), r.dob, "DateOfBirth must be YYYY-MM-DD", d);
    for (const l1 of sel(p, "sdg:CurrentAddress/sdg:AdminUnitLevel1"))
      c.code("country", textOf(l1), r.country, "AdminUnitLevel1", l1);
  }
}
