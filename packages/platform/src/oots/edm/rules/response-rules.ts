/**
 * Business rules of the evidence response (R-EDM-RESP-*) from EDM-RESP-S/C (1.0) and the 2.0
 * packaging rules of DIGEST §1.4 (S046–S049, S062, S065, S066).
 */
import type { EdmFinding } from "../errors.ts";
import { EDM_CLASSIFICATION_SCHEME } from "../evidence-response.ts";
import { NS, STATUS } from "../namespaces.ts";
import { kids, xsiType } from "../xml.ts";
import {
  BARE_UUID,
  Checker,
  DATE,
  DATE_TIME,
  EIDAS_ID,
  type RuleContext,
  sel,
  textOf,
  URN_UUID,
} from "./rule-kit.ts";

const TOP_SLOTS = [
  "SpecificationIdentifier",
  "EvidenceResponseIdentifier",
  "IssueDateTime",
  "ResponseAvailableDateTime",
  "EvidenceProvider",
  "EvidenceRequester",
];

export function responseRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  const { spec } = ctx;
  const status = root.getAttribute("status");
  c.check(root.hasAttribute("requestId"), "R-EDM-RESP-S003", "requestId is mandatory", root);
  if (root.hasAttribute("requestId"))
    c.check(
      URN_UUID.test((root.getAttribute("requestId") ?? "").trim()),
      "R-EDM-RESP-S004",
      "requestId must be urn:uuid:<UUID>",
      root,
    );
  c.check(
    status === STATUS.success || status === STATUS.unavailable,
    "R-EDM-RESP-S006",
    "status must be Success or Unavailable",
    root,
  );
  if (status === STATUS.success)
    c.check(
      sel(root, "rim:RegistryObjectList").length > 0,
      "R-EDM-RESP-S007",
      "a success carries a RegistryObjectList",
      root,
    );
  for (const [name, rule] of [
    ["SpecificationIdentifier", "S009"],
    ["EvidenceResponseIdentifier", "S010"],
    ["IssueDateTime", "S011"],
    ["EvidenceProvider", "S012"],
    ["EvidenceRequester", "S013"],
  ] as const)
    c.count(root, name, (n) => n === 1, `R-EDM-RESP-${rule}`, `the slot "${name}" must be present once`);
  for (const s of kids(root, NS.rim, "Slot"))
    c.check(
      TOP_SLOTS.includes(s.getAttribute("name") ?? ""),
      "R-EDM-RESP-S016",
      `a QueryResponse must not carry the slot "${s.getAttribute("name")}"`,
      s,
    );
  c.slotType(root, "SpecificationIdentifier", "StringValueType", "R-EDM-RESP-S017");
  c.slotType(root, "EvidenceResponseIdentifier", "StringValueType", "R-EDM-RESP-S018");
  c.slotType(root, "IssueDateTime", "DateTimeValueType", "R-EDM-RESP-S019");
  c.slotType(root, "EvidenceProvider", "CollectionValueType", "R-EDM-RESP-S020");
  c.slotType(root, "EvidenceRequester", "AnyValueType", "R-EDM-RESP-S022");
  c.slotType(root, "ResponseAvailableDateTime", "DateTimeValueType", "R-EDM-RESP-S023");
  for (const sv of sel(root, "rim:Slot[@name='SpecificationIdentifier']/rim:SlotValue"))
    c.check(
      textOf(sel(sv, "rim:Value")[0]) === spec.identifier,
      "R-EDM-RESP-C002",
      `SpecificationIdentifier must be "${spec.identifier}"`,
      sv,
    );
  for (const v of sel(root, "rim:Slot[@name='EvidenceResponseIdentifier']/rim:SlotValue/rim:Value"))
    c.check(
      new RegExp(`${BARE_UUID.source.slice(1, -1)}$`, "i").test(textOf(v)),
      "R-EDM-RESP-C003",
      "EvidenceResponseIdentifier must be a UUID",
      v,
    );
  for (const v of sel(root, "rim:Slot[@name='IssueDateTime']/rim:SlotValue/rim:Value"))
    c.check(DATE_TIME.test(textOf(v)), "R-EDM-RESP-C004", "IssueDateTime must be an xsd:dateTime", v);
  for (const v of sel(root, "rim:Slot[@name='ResponseAvailableDateTime']/rim:SlotValue/rim:Value"))
    c.check(
      DATE_TIME.test(textOf(v)),
      "R-EDM-RESP-C005",
      "ResponseAvailableDateTime must be an xsd:dateTime",
      v,
    );
  for (const e of sel(root, "rim:Slot[@name='EvidenceProvider']/rim:SlotValue/rim:Element"))
    c.check(
      sel(e, "sdg:Agent").length > 0,
      "R-EDM-RESP-S025",
      "an EvidenceProvider element must hold sdg:Agent",
      e,
    );
  for (const a of sel(root, "rim:Slot[@name='EvidenceProvider']/rim:SlotValue/rim:Element/sdg:Agent")) {
    c.check(
      ["Identifier", "Name", "Address", "Classification"].every((n) => sel(a, `sdg:${n}`).length > 0),
      "R-EDM-RESP-S026",
      "the EvidenceProvider Agent needs Identifier, Name, Address and Classification",
      a,
    );
    for (const id of sel(a, "sdg:Identifier")) c.agentScheme(id, "R-EDM-RESP-C006", "R-EDM-RESP-C007");
    for (const l1 of sel(a, "sdg:Address/sdg:AdminUnitLevel1"))
      c.code("country", textOf(l1), "R-EDM-RESP-C008", "AdminUnitLevel1", l1);
    const cls = sel(a, "sdg:Classification")[0];
    c.check(textOf(cls) !== "", "R-EDM-RESP-C010", "the EvidenceProvider Agent needs a Classification", a);
    if (cls)
      c.check(
        ["EP", "IP"].includes(textOf(cls)),
        "R-EDM-RESP-C011",
        `Classification "${textOf(cls)}" must be EP or IP`,
        cls,
      );
  }
  for (const sv of sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue"))
    c.check(sel(sv, "sdg:Agent").length > 0, "R-EDM-RESP-S027", "EvidenceRequester must hold sdg:Agent", sv);
  for (const a of sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue/sdg:Agent")) {
    c.check(
      sel(a, "sdg:Identifier").length > 0 && sel(a, "sdg:Name").length > 0,
      "R-EDM-RESP-S028",
      "the EvidenceRequester Agent needs Identifier and Name",
      a,
    );
    for (const id of sel(a, "sdg:Identifier")) c.agentScheme(id, "R-EDM-RESP-C012", "R-EDM-RESP-C013");
  }

  // The documents: flat (1.x) or one level down inside RegistryPackages (2.0).
  const top = sel(root, "rim:RegistryObjectList/rim:RegistryObject");
  let documents = top;
  if (spec.packagedResponse) {
    documents = [];
    for (const p of top) {
      c.check(
        xsiType(p) === "RegistryPackageType",
        "R-EDM-RESP-S066",
        "EDM 2.0 lists only rim:RegistryPackageType at the top",
        p,
      );
      c.check(
        URN_UUID.test(p.getAttribute("id") ?? ""),
        "R-EDM-RESP-S037",
        "a RegistryObject id must be urn:uuid:<UUID>",
        p,
      );
      const lists = sel(p, "rim:RegistryObjectList");
      c.check(lists.length === 1, "R-EDM-RESP-S046", "a package holds exactly one RegistryObjectList", p);
      const inner = sel(lists, "rim:RegistryObject").filter((o) => xsiType(o) !== "AssociationType");
      const nodes = inner.map((o) =>
        kids(o, NS.rim, "Classification").filter(
          (k) => k.getAttribute("classificationScheme") === EDM_CLASSIFICATION_SCHEME,
        ),
      );
      c.check(
        nodes.some((k) => k.some((x) => x.getAttribute("classificationNode") === "MainEvidence")),
        "R-EDM-RESP-S047",
        "a package needs a MainEvidence",
        p,
      );
      inner.forEach((o, i) => {
        const k = nodes[i] ?? [];
        c.check(k.length === 1, "R-EDM-RESP-S048", "each document carries exactly one EDM classification", o);
        for (const x of k) {
          c.check(
            ["MainEvidence", "Annex", "HumanReadableVersion", "Translation"].includes(
              x.getAttribute("classificationNode") ?? "",
            ),
            "R-EDM-RESP-S049",
            "the EDM classification node is MainEvidence, Annex, HumanReadableVersion or Translation",
            x,
          );
          c.check(
            URN_UUID.test(x.getAttribute("id") ?? ""),
            "R-EDM-RESP-S065",
            "the classification id must be urn:uuid:<UUID>",
            x,
          );
        }
        const main = k.some((x) => x.getAttribute("classificationNode") === "MainEvidence");
        const ev = sel(o, "rim:Slot[@name='EvidenceMetadata']/rim:SlotValue/sdg:Evidence")[0];
        if (main && ev)
          for (const n of [
            "Identifier",
            "IssuingDate",
            "IsAbout",
            "IssuingAuthority",
            "IsConformantTo",
            "Distribution",
          ])
            c.check(
              sel(ev, `sdg:${n}`).length > 0,
              "R-EDM-RESP-S062",
              `the MainEvidence metadata must carry sdg:${n}`,
              ev,
            );
      });
      documents.push(...inner);
    }
  }
  for (const o of documents) {
    c.check(
      sel(o, "rim:RepositoryItemRef").length > 0,
      "R-EDM-RESP-S033",
      "each document needs a rim:RepositoryItemRef",
      o,
    );
    c.check(o.hasAttribute("id"), "R-EDM-RESP-S036", "each RegistryObject needs an id", o);
    c.check(
      URN_UUID.test(o.getAttribute("id") ?? ""),
      "R-EDM-RESP-S037",
      "a RegistryObject id must be urn:uuid:<UUID>",
      o,
    );
    c.count(
      o,
      "EvidenceMetadata",
      (n) => n === 1,
      "R-EDM-RESP-S015",
      'the slot "EvidenceMetadata" must be present once',
    );
    c.slotType(o, "EvidenceMetadata", "AnyValueType", "R-EDM-RESP-S024");
    for (const sv of sel(o, "rim:Slot[@name='EvidenceMetadata']/rim:SlotValue"))
      c.check(
        sel(sv, "sdg:Evidence").length > 0,
        "R-EDM-RESP-S029",
        "EvidenceMetadata must hold sdg:Evidence",
        sv,
      );
    for (const ref of sel(o, "rim:RepositoryItemRef")) {
      const href = ref.getAttributeNS(NS.xlink, "href") ?? "";
      c.check(href !== "", "R-EDM-RESP-S034", "RepositoryItemRef needs xlink:href", ref);
      c.check(
        (ref.getAttributeNS(NS.xlink, "title") ?? "") !== "",
        "R-EDM-RESP-S035",
        "RepositoryItemRef needs xlink:title",
        ref,
      );
      c.check(
        /^cid:[^@\s]+@[^@\s]+$/.test(href),
        "R-EDM-RESP-C042",
        "xlink:href must be cid:<id>@<domain> (the MIME part's Content-ID)",
        ref,
      );
    }
    for (const ev of sel(o, "rim:Slot[@name='EvidenceMetadata']/rim:SlotValue/sdg:Evidence"))
      evidenceRules(c, ev);
  }
  return c.findings;
}

function evidenceRules(c: Checker, ev: Element): void {
  for (const id of sel(ev, "sdg:Identifier"))
    c.check(
      new RegExp(`${BARE_UUID.source.slice(1, -1)}$`, "i").test(textOf(id)),
      "R-EDM-RESP-C015",
      "the Evidence Identifier must be a UUID",
      id,
    );
  for (const d of sel(ev, "sdg:IssuingDate"))
    c.check(DATE.test(textOf(d)), "R-EDM-RESP-C016", "IssuingDate must be YYYY-MM-DD", d);
  for (const conf of sel(ev, "sdg:IsConformantTo")) {
    c.check(
      ["EvidenceTypeClassification", "Title"].every((n) => sel(conf, `sdg:${n}`).length > 0),
      "R-EDM-RESP-S030",
      "IsConformantTo needs EvidenceTypeClassification and Title",
      conf,
    );
    for (const e of sel(conf, "sdg:EvidenceTypeClassification"))
      c.check(
        c.sr(`evidencetypeclassifications/[a-z]{2}/${BARE_UUID.source.slice(1, -1)}$`).test(textOf(e)),
        "R-EDM-RESP-C017",
        "EvidenceTypeClassification must be a Semantic Repository evidence type URI",
        e,
      );
    for (const t of sel(conf, "sdg:Title")) {
      c.check(t.hasAttribute("lang"), "R-EDM-RESP-C019", "a Title needs a lang", t);
      if (t.hasAttribute("lang"))
        c.code("language", t.getAttribute("lang") ?? "", "R-EDM-RESP-C018", "Title language", t);
    }
    for (const t of sel(conf, "sdg:Description")) {
      c.check(t.hasAttribute("lang"), "R-EDM-RESP-C021", "a Description needs a lang", t);
      if (t.hasAttribute("lang"))
        c.code("language", t.getAttribute("lang") ?? "", "R-EDM-RESP-C020", "Description language", t);
    }
  }
  for (const d of sel(ev, "sdg:Distribution")) {
    for (const f of sel(d, "sdg:Format")) c.code("mediaTypes", textOf(f), "R-EDM-RESP-C023", "Format", f);
    for (const l of sel(d, "sdg:Language")) c.code("language", textOf(l), "R-EDM-RESP-C026", "Language", l);
    for (const x of sel(d, "sdg:ConformsTo"))
      c.check(
        c.sr(c.ctx.spec.version === "2.0" ? "(datamodels|distributions)/" : "distributions/").test(textOf(x)),
        "R-EDM-RESP-C022",
        "ConformsTo must be a Semantic Repository distribution URI",
        x,
      );
    for (const x of sel(d, "sdg:Transformation"))
      c.check(
        c.sr("distributions/").test(textOf(x)),
        "R-EDM-RESP-C043",
        "Transformation must be a Semantic Repository distribution URI",
        x,
      );
  }
  for (const p of sel(ev, "sdg:IsAbout/sdg:NaturalPerson")) {
    c.check(
      textOf(sel(p, "sdg:Identifier")[0]) !== "",
      "R-EDM-RESP-C027",
      "the subject should carry an eIDAS Identifier",
      p,
      "warning",
    );
    for (const id of sel(p, "sdg:Identifier")) {
      c.check(
        EIDAS_ID.test(textOf(id)),
        "R-EDM-RESP-C028",
        "the Identifier must have the eIDAS form XX/YY/…",
        id,
      );
      c.check(id.hasAttribute("schemeID"), "R-EDM-RESP-C030", "the Identifier needs a schemeID", id);
      c.check(
        id.getAttribute("schemeID") === "eidas",
        "R-EDM-RESP-C031",
        'the Identifier schemeID must be "eidas"',
        id,
      );
    }
    for (const d of sel(p, "sdg:DateOfBirth"))
      c.check(DATE.test(textOf(d)), "R-EDM-RESP-C032", "DateOfBirth must be YYYY-MM-DD", d);
  }
  for (const p of sel(ev, "sdg:IsAbout/sdg:LegalPerson"))
    c.check(
      textOf(sel(p, "sdg:LegalPersonIdentifier")[0]) !== "",
      "R-EDM-RESP-C033",
      "the legal person needs a LegalPersonIdentifier",
      p,
    );
  for (const id of sel(ev, "sdg:IssuingAuthority/sdg:Identifier"))
    c.agentScheme(id, "R-EDM-RESP-C038", "R-EDM-RESP-C039");
  for (const d of sel(ev, "sdg:ValidityPeriod/sdg:StartDate"))
    c.check(DATE.test(textOf(d)), "R-EDM-RESP-C040", "StartDate must be YYYY-MM-DD", d);
  for (const d of sel(ev, "sdg:ValidityPeriod/sdg:EndDate"))
    c.check(DATE.test(textOf(d)), "R-EDM-RESP-C041", "EndDate must be YYYY-MM-DD", d);
}
