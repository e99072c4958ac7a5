/**
 * Business rules of the evidence request (R-EDM-REQ-S0xx structure, R-EDM-REQ-C0xx content),
 * from the EC's EDM-REQ-S/C schematrons for 1.0 and DIGEST §1.3/§1.9 for what 1.2 and 2.0
 * add or change (S049–S053, S059–S062, C032, C118–C120).
 */

import type { EdmFinding } from "../errors.ts";
import { NS } from "../namespaces.ts";
import { kids, xsiType } from "../xml.ts";
import { QUERY_SLOTS, requestQueryRules } from "./request-query-rules.ts";
import { BARE_UUID, Checker, DATE_TIME, type RuleContext, sel, textOf, URN_UUID } from "./rule-kit.ts";

const TOP_SLOTS = [
  "SpecificationIdentifier",
  "IssueDateTime",
  "Procedure",
  "PreviewLocation",
  "PossibilityForPreview",
  "ExplicitRequestGiven",
  "Requirements",
  "EvidenceRequester",
  "EvidenceProvider",
  "EvidenceProviderClassification",
];

export function requestRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  const { spec } = ctx;
  const later = spec.version !== "1.0";
  c.check(
    URN_UUID.test((root.getAttribute("id") ?? "").trim()),
    "R-EDM-REQ-S004",
    "the QueryRequest id must be urn:uuid:<UUID>",
    root,
  );
  c.count(
    root,
    "SpecificationIdentifier",
    (n) => n === 1,
    "R-EDM-REQ-S005",
    'the slot "SpecificationIdentifier" must be present once',
  );
  c.count(
    root,
    "IssueDateTime",
    (n) => n === 1,
    "R-EDM-REQ-S006",
    'the slot "IssueDateTime" must be present once',
  );
  c.count(
    root,
    "Procedure",
    (n) => n === 1,
    "R-EDM-REQ-S007",
    'the slot "Procedure" should be present',
    "warning",
  );
  c.count(
    root,
    "PossibilityForPreview",
    (n) => n === 1,
    "R-EDM-REQ-S009",
    'the slot "PossibilityForPreview" must be present once',
  );
  c.count(
    root,
    "ExplicitRequestGiven",
    (n) => n === 1,
    "R-EDM-REQ-S010",
    'the slot "ExplicitRequestGiven" must be present once',
  );
  c.count(
    root,
    "Requirements",
    (n) => n === 1,
    "R-EDM-REQ-S011",
    'the slot "Requirements" should be present',
    "warning",
  );
  c.count(
    root,
    "EvidenceRequester",
    (n) => n === 1,
    "R-EDM-REQ-S012",
    'the slot "EvidenceRequester" must be present once',
  );
  c.count(
    root,
    "EvidenceProvider",
    (n) => n === 1,
    "R-EDM-REQ-S013",
    'the slot "EvidenceProvider" must be present once',
  );
  const allowed = new Set([
    ...TOP_SLOTS,
    ...QUERY_SLOTS,
    ...(spec.hasReturnLocation ? ["ReturnLocation"] : []),
  ]);
  for (const s of kids(root, NS.rim, "Slot"))
    c.check(
      allowed.has(s.getAttribute("name") ?? ""),
      "R-EDM-REQ-S019",
      `a QueryRequest must not carry the slot "${s.getAttribute("name")}"`,
      s,
    );

  c.slotType(root, "SpecificationIdentifier", "StringValueType", "R-EDM-REQ-S020");
  c.slotType(root, "IssueDateTime", "DateTimeValueType", "R-EDM-REQ-S021");
  c.slotType(
    root,
    "Procedure",
    spec.procedureIsLocalized ? "InternationalStringValueType" : "StringValueType",
    "R-EDM-REQ-S022",
  );
  c.slotType(root, "PreviewLocation", "StringValueType", "R-EDM-REQ-S023");
  c.slotType(root, "PossibilityForPreview", "BooleanValueType", "R-EDM-REQ-S024");
  c.slotType(root, "ExplicitRequestGiven", "BooleanValueType", "R-EDM-REQ-S025");
  c.slotType(root, "Requirements", "CollectionValueType", "R-EDM-REQ-S026");
  for (const e of sel(root, "rim:Slot[@name='Requirements']/rim:SlotValue/rim:Element")) {
    c.check(
      xsiType(e) === "AnyValueType",
      "R-EDM-REQ-S027",
      "a Requirements element must be rim:AnyValueType",
      e,
    );
    c.check(
      sel(e, "sdg:Requirement").length > 0,
      "R-EDM-REQ-S037",
      "a Requirements element must hold sdg:Requirement",
      e,
    );
  }
  for (const r of sel(root, "rim:Slot[@name='Requirements']/rim:SlotValue/rim:Element/sdg:Requirement")) {
    c.check(
      sel(r, "sdg:Name").length > 0 && sel(r, "sdg:Identifier").length > 0,
      "R-EDM-REQ-S038",
      "sdg:Requirement needs sdg:Identifier and sdg:Name",
      r,
    );
    if (later)
      for (const id of sel(r, "sdg:Identifier"))
        c.check(
          c.sr(`requirements/${BARE_UUID.source.slice(1, -1)}$`).test(textOf(id)),
          "R-EDM-REQ-C008",
          "the requirement identifier must be a Semantic Repository requirement URI",
          id,
        );
  }
  c.slotType(root, "EvidenceRequester", "CollectionValueType", "R-EDM-REQ-S028");
  for (const sv of sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue"))
    c.check(
      sel(sv, "rim:Element/sdg:Agent").length > 0,
      "R-EDM-REQ-S039",
      "EvidenceRequester must hold rim:Element/sdg:Agent",
      sv,
    );
  for (const e of sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue/rim:Element"))
    c.check(
      xsiType(e) === "AnyValueType",
      "R-EDM-REQ-S029",
      "an EvidenceRequester element must be rim:AnyValueType",
      e,
    );
  const requesters = sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue/rim:Element/sdg:Agent");
  for (const a of requesters) {
    c.check(
      sel(a, "sdg:Identifier").length > 0 &&
        sel(a, "sdg:Name").length > 0 &&
        sel(a, "sdg:Jurisdiction").length === 0,
      "R-EDM-REQ-S040",
      "an EvidenceRequester Agent holds Identifier, Name, Address and Classification only",
      a,
    );
    for (const id of sel(a, "sdg:Identifier")) c.agentScheme(id, "R-EDM-REQ-C010", "R-EDM-REQ-C012");
    const cls = sel(a, "sdg:Classification")[0];
    c.check(textOf(cls) !== "", "R-EDM-REQ-C013", "an EvidenceRequester Agent needs a Classification", a);
    if (cls)
      c.check(
        ["ER", "IP"].includes(textOf(cls)) && ctx.codes.agentClassification.has(textOf(cls)),
        "R-EDM-REQ-C014",
        `Classification "${textOf(cls)}" must be ER or IP`,
        cls,
      );
    for (const l1 of sel(a, "sdg:Address/sdg:AdminUnitLevel1"))
      c.code("country", textOf(l1), "R-EDM-REQ-C015", "AdminUnitLevel1", l1);
  }
  const classes = requesters.map((a) => textOf(sel(a, "sdg:Classification")[0]));
  if (classes.includes("IP"))
    c.check(
      classes.includes("ER"),
      "R-EDM-REQ-C014",
      "an intermediary (IP) needs an Agent classified ER beside it",
      root,
    );

  c.slotType(root, "EvidenceProvider", "AnyValueType", "R-EDM-REQ-S030");
  for (const sv of sel(root, "rim:Slot[@name='EvidenceProvider']/rim:SlotValue"))
    c.check(sel(sv, "sdg:Agent").length > 0, "R-EDM-REQ-S042", "EvidenceProvider must hold sdg:Agent", sv);
  for (const a of sel(root, "rim:Slot[@name='EvidenceProvider']/rim:SlotValue/sdg:Agent")) {
    c.check(
      sel(a, "sdg:Identifier").length > 0 && sel(a, "sdg:Name").length > 0,
      "R-EDM-REQ-S043",
      "the EvidenceProvider Agent needs Identifier and Name",
      a,
    );
    for (const id of sel(a, "sdg:Identifier")) c.agentScheme(id, "R-EDM-REQ-C017", "R-EDM-REQ-C018");
  }
  c.slotType(root, "EvidenceProviderClassification", "CollectionValueType", "R-EDM-REQ-S031");
  for (const e of sel(root, "rim:Slot[@name='EvidenceProviderClassification']/rim:SlotValue/rim:Element")) {
    c.check(
      xsiType(e) === "AnyValueType",
      "R-EDM-REQ-S032",
      "an EvidenceProviderClassification element must be rim:AnyValueType",
      e,
    );
    c.check(
      sel(e, "sdg:EvidenceProviderClassification").length > 0,
      "R-EDM-REQ-S041",
      "the element must hold sdg:EvidenceProviderClassification",
      e,
    );
    for (const k of sel(e, "sdg:EvidenceProviderClassification")) {
      for (const id of sel(k, "sdg:Identifier"))
        c.check(
          new RegExp(`${BARE_UUID.source.slice(1, -1)}$`, "i").test(textOf(id)),
          "R-EDM-REQ-C019",
          "the classification Identifier must end in a UUID",
          id,
        );
      c.check(textOf(sel(k, "sdg:Type")[0]) !== "", "R-EDM-REQ-C020", "the classification needs a Type", k);
      for (const d of sel(k, "sdg:Description"))
        c.check(
          (d.getAttribute("lang") ?? "").trim() !== "",
          "R-EDM-REQ-C022",
          "a Description needs a lang",
          d,
        );
      c.check(
        textOf(sel(k, "sdg:SupportedValue")[0]) !== "",
        "R-EDM-REQ-C023",
        "the classification needs a SupportedValue",
        k,
      );
    }
  }

  for (const sv of sel(root, "rim:Slot[@name='SpecificationIdentifier']/rim:SlotValue"))
    c.check(
      textOf(sel(sv, "rim:Value")[0]) === spec.identifier,
      "R-EDM-REQ-C001",
      `SpecificationIdentifier must be "${spec.identifier}"`,
      sv,
    );
  for (const v of sel(root, "rim:Slot[@name='IssueDateTime']/rim:SlotValue/rim:Value"))
    c.check(DATE_TIME.test(textOf(v)), "R-EDM-REQ-C002", "IssueDateTime must be an xsd:dateTime", v);
  if (spec.procedureIsLocalized) {
    for (const ls of sel(root, "rim:Slot[@name='Procedure']/rim:SlotValue/rim:Value/rim:LocalizedString")) {
      c.code("procedures", ls.getAttribute("value") ?? "", "R-EDM-REQ-C003", "Procedure", ls);
      c.code("language", ls.getAttributeNS(NS.xml, "lang") ?? "", "R-EDM-REQ-C004", "Procedure language", ls);
    }
  } else {
    for (const v of sel(root, "rim:Slot[@name='Procedure']/rim:SlotValue/rim:Value"))
      c.code("procedures", textOf(v), "R-EDM-REQ-C003", "Procedure", v);
  }
  for (const v of sel(root, "rim:Slot[@name='PreviewLocation']/rim:SlotValue/rim:Value"))
    c.check(textOf(v).startsWith("https://"), "R-EDM-REQ-C005", "PreviewLocation must be an https:// URL", v);

  if (later) {
    for (const s of [...kids(root, NS.rim, "Slot"), ...sel(root, "query:Query/rim:Slot")]) {
      const values = kids(s, NS.rim, "SlotValue");
      c.check(
        values.length === 1,
        "R-EDM-REQ-S050",
        `the slot "${s.getAttribute("name")}" must have exactly one SlotValue`,
        s,
      );
      for (const v of values)
        c.check(kids(v).length > 0 || textOf(v) !== "", "R-EDM-REQ-S051", "a SlotValue must not be empty", v);
      for (const v of values.filter((x) => xsiType(x) === "CollectionValueType"))
        c.check(
          v.getAttribute("collectionType") === "urn:oasis:names:tc:ebxml-regrep:CollectionType:Set",
          "R-EDM-REQ-S052",
          "a collection must be a Set",
          v,
        );
    }
  }
  if (spec.version === "2.0") {
    c.check(
      !root.hasAttributeNS(NS.xml, "lang"),
      "R-EDM-REQ-S059",
      "an EDM 2.0 QueryRequest must not carry xml:lang",
      root,
    );
    const preview = sel(root, "rim:Slot[@name='PreviewLocation']").length;
    const ret = sel(root, "rim:Slot[@name='ReturnLocation']");
    c.check(ret.length <= 1, "R-EDM-REQ-S061", "ReturnLocation occurs at most once", root);
    c.check(
      ret.length === preview,
      "R-EDM-REQ-S062",
      "ReturnLocation and PreviewLocation go together (second preview request)",
      root,
    );
    for (const v of sel(ret, "rim:SlotValue/rim:Value"))
      c.check(
        textOf(v).startsWith("https://"),
        "R-EDM-REQ-C120",
        "ReturnLocation must be an https:// URL",
        v,
      );
  }

  requestQueryRules(c, root);
  return c.findings;
}
