/**
 * Business rules of the Common Services answers: EB requirement / evidence-type responses
 * (R-EB-REQ-*, R-EB-EVI-*), EB errors (R-EB-ERR-*), DSD responses and errors (R-DSD-RESP-*,
 * R-DSD-ERR-*; the EC's DSD-ERR-S reuses some R-DSD-RESP/R-EDM-REQ ids, kept as they are).
 */

import { DSD_ERRORS, EB_ERRORS } from "../common-services.ts";
import type { EdmFinding } from "../errors.ts";
import { NS, SEVERITY_ERROR, STATUS } from "../namespaces.ts";
import { edmSpecification } from "../version.ts";
import { kids, xsiType } from "../xml.ts";
import { Checker, type RuleContext, sel, textOf, URN_UUID } from "./rule-kit.ts";

export function ebAnswerRules(root: Element, ctx: RuleContext, kind: "EB-REQ" | "EB-EVI"): EdmFinding[] {
  const c = new Checker(ctx);
  const r = (n: string) => `R-${kind}-${n}`;
  c.check(root.getAttribute("status") === STATUS.success, r("S006"), "status must be Success", root);
  c.check(
    sel(root, "rim:RegistryObjectList").length === 1,
    r("S007"),
    "exactly one RegistryObjectList",
    root,
  );
  c.check(sel(root, "rs:Exception").length === 0, r("S008"), "a success carries no rs:Exception", root);
  const objects = sel(root, "rim:RegistryObjectList/rim:RegistryObject");
  for (const list of sel(root, "rim:RegistryObjectList"))
    c.check(objects.length > 0, r("S018"), "the list holds at least one RegistryObject", list);
  for (const o of objects) {
    c.check(
      sel(o, "rim:Slot[@name='Requirement']").length > 0,
      r(kind === "EB-REQ" ? "S011" : "S009"),
      "each RegistryObject carries the Requirement slot",
      o,
    );
    c.check(
      kids(o, NS.rim, "Slot").length === 1,
      r(kind === "EB-REQ" ? "S012" : "S010"),
      "each RegistryObject carries one slot",
      o,
    );
    c.check(
      URN_UUID.test(o.getAttribute("id") ?? ""),
      r("S019"),
      "a RegistryObject id must be urn:uuid:<UUID>",
      o,
    );
    for (const sv of sel(o, "rim:Slot[@name='Requirement']/rim:SlotValue")) {
      c.check(
        xsiType(sv) === "AnyValueType",
        r(kind === "EB-REQ" ? "S013" : "S011"),
        "the Requirement slot is rim:AnyValueType",
        sv,
      );
      c.check(
        sel(sv, "sdg:Requirement").length === 1,
        r(kind === "EB-REQ" ? "S014" : "S012"),
        "the slot holds one sdg:Requirement",
        sv,
      );
    }
    for (const q of sel(o, "rim:Slot[@name='Requirement']/rim:SlotValue/sdg:Requirement")) {
      const lists = sel(q, "sdg:EvidenceTypeList");
      if (kind === "EB-REQ")
        c.check(lists.length === 0, r("S016"), "a requirements answer carries no EvidenceTypeList", q);
      else {
        c.check(lists.length > 0, r("S016"), "an evidence-types answer carries EvidenceTypeLists", q);
        for (const l of lists)
          c.check(
            sel(l, "sdg:EvidenceType").length > 0,
            r("S015"),
            "an EvidenceTypeList holds EvidenceTypes",
            l,
          );
        for (const t of sel(lists, "sdg:EvidenceType"))
          c.check(
            sel(t, "sdg:Distribution").length === 0,
            r("S014"),
            "an EvidenceType here carries no Distribution",
            t,
          );
      }
      const frameworks = sel(q, "sdg:ReferenceFramework");
      c.check(frameworks.length > 0, r("S017"), "the Requirement carries a ReferenceFramework", q);
      for (const f of frameworks) {
        c.check(
          sel(f, "sdg:RelatedTo").length > 0,
          r("S020"),
          "the ReferenceFramework is RelatedTo a procedure",
          f,
        );
        c.check(
          sel(f, "sdg:Jurisdiction").length > 0,
          r("S021"),
          "the ReferenceFramework carries a Jurisdiction",
          f,
        );
        for (const rel of sel(f, "sdg:RelatedTo"))
          c.check(
            sel(rel, "sdg:Identifier").length === 1,
            r(kind === "EB-REQ" ? "S015" : "S013"),
            "RelatedTo carries one Identifier",
            rel,
          );
      }
    }
  }
  return c.findings;
}

export function dsdAnswerRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  c.check(root.getAttribute("status") === STATUS.success, "R-DSD-RESP-S006", "status must be Success", root);
  c.check(
    sel(root, "rim:RegistryObjectList").length === 1,
    "R-DSD-RESP-S007",
    "exactly one RegistryObjectList",
    root,
  );
  c.check(
    sel(root, "rs:Exception").length === 0,
    "R-DSD-RESP-S008",
    "a success carries no rs:Exception",
    root,
  );
  for (const o of sel(root, "rim:RegistryObjectList/rim:RegistryObject")) {
    c.check(
      sel(o, "rim:Slot[@name='DataServiceEvidenceType']").length > 0,
      "R-DSD-RESP-S009",
      "each RegistryObject carries the DataServiceEvidenceType slot",
      o,
    );
    c.check(
      URN_UUID.test(o.getAttribute("id") ?? ""),
      "R-DSD-RESP-S014",
      "a RegistryObject id must be urn:uuid:<UUID>",
      o,
    );
    for (const sv of sel(o, "rim:Slot[@name='DataServiceEvidenceType']/rim:SlotValue")) {
      c.check(xsiType(sv) === "AnyValueType", "R-DSD-RESP-S010", "the slot is rim:AnyValueType", sv);
      c.check(
        sel(sv, "sdg:DataServiceEvidenceType").length === 1,
        "R-DSD-RESP-S011",
        "the slot holds one sdg:DataServiceEvidenceType",
        sv,
      );
    }
    for (const d of sel(
      o,
      "rim:Slot[@name='DataServiceEvidenceType']/rim:SlotValue/sdg:DataServiceEvidenceType",
    )) {
      c.check(
        sel(d, "sdg:AccessService").length > 0,
        "R-DSD-RESP-S013",
        "the DataServiceEvidenceType names an AccessService",
        d,
      );
      c.check(
        sel(d, "sdg:AccessService/sdg:Publisher/sdg:ClassificationConcept/sdg:SupportedValue").length >=
          sel(d, "sdg:EvidenceProviderClassification").length,
        "R-DSD-RESP-S012",
        "each EvidenceProviderClassification needs publisher SupportedValues",
        d,
      );
      for (const x of sel(d, "sdg:EvidenceProviderJurisdictionDetermination"))
        c.check(
          ctx.spec.jurisdictionDetermination,
          "R-DSD-RESP-S012",
          "EvidenceProviderJurisdictionDetermination is not part of 2.0",
          x,
        );
      for (const l of sel(d, "sdg:EvidenceProviderJurisdictionDetermination/sdg:JurisdictionLevel"))
        c.code("jurisdictionLevel", textOf(l), "R-DSD-RESP-C016", "JurisdictionLevel", l);
      for (const f of sel(d, "sdg:DistributedAs/sdg:Format"))
        c.code("mediaTypes", textOf(f), "R-DSD-RESP-C010", "Format", f);
      for (const l of sel(d, "sdg:AuthenticationLevelOfAssurance"))
        c.code("levelsOfAssurance", textOf(l), "R-DSD-RESP-C025", "AuthenticationLevelOfAssurance", l);
    }
  }
  return c.findings;
}

/** EB and DSD errors share one shape; the codes and the DSD:ERR:0005 slots differ. */
export function commonServicesErrorRules(
  root: Element,
  ctx: RuleContext,
  service: "EB" | "DSD",
): EdmFinding[] {
  const c = new Checker(ctx);
  const r = (n: string) => (service === "EB" ? `R-EB-ERR-${n}` : `R-DSD-ERR-${n}`);
  c.check(
    root.getAttribute("status") === STATUS.failure,
    service === "EB" ? "R-EB-ERR-S006" : "R-DSD-RESP-S006",
    "status must be Failure",
    root,
  );
  c.check(
    sel(root, "rim:RegistryObjectList").length === 0,
    service === "EB" ? "R-EB-ERR-S007" : "R-DSD-RESP-S007",
    "an error carries no RegistryObjectList",
    root,
  );
  const exceptions = sel(root, "rs:Exception");
  c.check(
    service === "EB" ? exceptions.length === 1 : exceptions.length > 0,
    service === "EB" ? "R-EB-ERR-S008" : "R-DSD-RESP-S008",
    "an error carries an rs:Exception",
    root,
  );
  if (service === "EB" && ctx.spec.version !== "2.0")
    c.check(kids(root, NS.rim, "Slot").length === 0, "R-EB-ERR-017", "an EB error carries no slots", root);
  const table: Record<string, { type: string }> = service === "EB" ? EB_ERRORS : DSD_ERRORS;
  const list = service === "EB" ? ctx.codes.ebErrorCodes : ctx.codes.dsdErrorCodes;
  for (const ex of exceptions) {
    const code = ex.getAttribute("code") ?? "";
    c.check(
      ex.hasAttributeNS(NS.xsi, "type"),
      service === "EB" ? "R-EB-ERR-009" : r("C005"),
      "rs:Exception needs xsi:type",
      ex,
    );
    c.check(
      list.has(code) && table[code] !== undefined,
      service === "EB" ? "R-EB-ERR-016" : r("C004"),
      `"${code}" is not a ${service} error code`,
      ex,
    );
    if (table[code])
      c.check(
        xsiType(ex) === table[code].type.split(":")[1],
        service === "EB" ? "R-EB-ERR-010" : r("C006"),
        `${code} goes with ${table[code].type}`,
        ex,
      );
    const severity = ex.getAttribute("severity") ?? "";
    // CS 1.x answers announce no version: accept the 1.0 artefacts' host and the later one.
    const accepted =
      code !== "DSD:ERR:0005"
        ? [SEVERITY_ERROR]
        : ctx.spec.version === "2.0"
          ? [ctx.spec.severityAdditionalInput]
          : [
              edmSpecification("1.0").severityAdditionalInput,
              edmSpecification("1.2").severityAdditionalInput,
            ];
    const expected = accepted.join(" or ");
    c.check(
      accepted.includes(severity),
      service === "EB" ? "R-EB-ERR-012" : r("C008"),
      `severity must be ${expected}`,
      ex,
    );
    c.check(
      ex.hasAttribute("message"),
      service === "EB" ? "R-EB-ERR-013" : r("C002"),
      "rs:Exception needs a message",
      ex,
    );
    if (code !== "DSD:ERR:0005") continue;
    for (const s of kids(ex, NS.rim, "Slot"))
      c.check(
        [
          "DataServiceEvidenceType",
          "UserRequestedClassificationConcepts",
          "JurisdictionDetermination",
        ].includes(s.getAttribute("name") ?? ""),
        "R-DSD-RESP-S010",
        `DSD:ERR:0005 must not carry the slot "${s.getAttribute("name")}"`,
        s,
      );
    c.count(
      ex,
      "DataServiceEvidenceType",
      (n) => n === 1,
      "R-DSD-RESP-S013",
      "DSD:ERR:0005 names the DataServiceEvidenceType",
    );
    c.check(
      sel(ex, "rim:Slot[@name='UserRequestedClassificationConcepts']").length +
        sel(ex, "rim:Slot[@name='JurisdictionDetermination']").length >
        0,
      "R-DSD-RESP-S022",
      "DSD:ERR:0005 asks for classification concepts or a jurisdiction",
      ex,
    );
    c.slotType(ex, "JurisdictionDetermination", "AnyValueType", "R-EDM-REQ-S014");
    c.slotType(ex, "UserRequestedClassificationConcepts", "CollectionValueType", "R-EDM-REQ-S015");
    c.slotType(ex, "DataServiceEvidenceType", "AnyValueType", "R-EDM-REQ-S017");
    for (const sv of sel(ex, "rim:Slot[@name='DataServiceEvidenceType']/rim:SlotValue"))
      c.check(
        sel(sv, "sdg:DataServiceEvidenceType").length > 0,
        "R-EDM-REQ-S018",
        "the slot holds sdg:DataServiceEvidenceType",
        sv,
      );
    for (const e of sel(
      ex,
      "rim:Slot[@name='UserRequestedClassificationConcepts']/rim:SlotValue/rim:Element",
    )) {
      c.check(xsiType(e) === "AnyValueType", "R-EDM-REQ-S016", "a concept element is rim:AnyValueType", e);
      c.check(
        sel(e, "sdg:EvidenceProviderClassification").length > 0,
        "R-EDM-REQ-S019",
        "a concept element holds sdg:EvidenceProviderClassification",
        e,
      );
    }
    for (const sv of sel(ex, "rim:Slot[@name='JurisdictionDetermination']/rim:SlotValue")) {
      c.check(
        ctx.spec.jurisdictionDetermination,
        "R-DSD-RESP-S010",
        "JurisdictionDetermination is not part of 2.0",
        sv,
      );
      c.check(
        sel(sv, "sdg:EvidenceProviderJurisdictionDetermination").length > 0,
        "R-EDM-REQ-S020",
        "the slot holds sdg:EvidenceProviderJurisdictionDetermination",
        sv,
      );
    }
    for (const d of sel(
      ex,
      "rim:Slot[@name='DataServiceEvidenceType']/rim:SlotValue/sdg:DataServiceEvidenceType",
    ))
      c.check(
        ["Identifier", "EvidenceTypeClassification", "Title", "DistributedAs"].every(
          (n) => sel(d, `sdg:${n}`).length > 0,
        ) && sel(d, "sdg:AccessService").length === 0,
        "R-EDM-REQ-S021",
        "the DataServiceEvidenceType carries its mandatory elements and no AccessService",
        d,
      );
  }
  return c.findings;
}
