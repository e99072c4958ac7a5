/** Business rules of LCM submissions (R-DSD-SUB-S*, EB-SUB subset) and responses (R-LCM-SUC/ERR-*). */
import type { EdmFinding } from "../errors.ts";
import { NS, STATUS } from "../namespaces.ts";
import { kids, xsiType } from "../xml.ts";
import { Checker, type RuleContext, sel, URN_UUID } from "./rule-kit.ts";

export function lcmSubmissionRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  c.check(root.hasAttribute("id"), "R-DSD-SUB-S003", "SubmitObjectsRequest needs an id", root);
  c.check(
    URN_UUID.test((root.getAttribute("id") ?? "").trim()),
    "R-DSD-SUB-S004",
    "the id must be urn:uuid:<UUID>",
    root,
  );
  c.check(
    sel(root, "rim:RegistryObjectList").length > 0,
    "R-DSD-SUB-S005",
    "a submission carries a RegistryObjectList",
    root,
  );
  const objects = sel(root, "rim:RegistryObjectList/rim:RegistryObject");
  for (const l of sel(root, "rim:RegistryObjectList"))
    c.check(objects.length > 0, "R-DSD-SUB-S036", "the list holds RegistryObjects", l);
  const byId = new Map(objects.map((o) => [o.getAttribute("id") ?? "", o]));
  const nodeOf = (id: string) =>
    sel(byId.get(id), "rim:Classification")[0]?.getAttribute("classificationNode");
  for (const o of objects) {
    c.check((o.getAttribute("id") ?? "") !== "", "R-DSD-SUB-S006", "a RegistryObject needs an id", o);
    c.check(
      URN_UUID.test(o.getAttribute("id") ?? ""),
      "R-DSD-SUB-S032",
      "a RegistryObject id must be urn:uuid:<UUID>",
      o,
    );
    const association = xsiType(o) === "AssociationType";
    c.check(
      association || sel(o, "rim:Classification").length > 0,
      "R-DSD-SUB-S007",
      "a RegistryObject is an association or classified",
      o,
    );
    if (association) {
      c.check(o.hasAttribute("sourceObject"), "R-DSD-SUB-S024", "an association needs sourceObject", o);
      c.check(o.hasAttribute("targetObject"), "R-DSD-SUB-S026", "an association needs targetObject", o);
      if (o.getAttribute("type") === "urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType") {
        c.check(
          nodeOf(o.getAttribute("sourceObject") ?? "") === "EvidenceProvider",
          "R-DSD-SUB-S028a",
          "ServesEvidenceType starts at an EvidenceProvider",
          o,
        );
        c.check(
          nodeOf(o.getAttribute("targetObject") ?? "") === "DataServiceEvidenceType",
          "R-DSD-SUB-S028b",
          "ServesEvidenceType ends at a DataServiceEvidenceType",
          o,
        );
      }
      continue;
    }
    for (const k of sel(o, "rim:Classification")) {
      c.check(
        URN_UUID.test(k.getAttribute("id") ?? ""),
        "R-DSD-SUB-S009",
        "the classification id must be urn:uuid:<UUID>",
        k,
      );
      const scheme = k.getAttribute("classificationScheme") ?? "";
      c.check(
        scheme === "urn:fdc:oots:classification:dsd" || scheme === "urn:fdc:oots:classification:eb",
        "R-DSD-SUB-S012",
        "the classification scheme is urn:fdc:oots:classification:dsd (or :eb)",
        k,
      );
      if (scheme.endsWith(":dsd"))
        c.check(
          ["EvidenceProvider", "DataServiceEvidenceType"].includes(
            k.getAttribute("classificationNode") ?? "",
          ),
          "R-DSD-SUB-S013",
          "the node is EvidenceProvider or DataServiceEvidenceType",
          k,
        );
    }
    for (const s of sel(o, "rim:Slot[@name='EvidenceProvider']")) {
      c.slotType(o, "EvidenceProvider", "AnyValueType", "R-DSD-SUB-S016");
      c.check(
        sel(s, "rim:SlotValue/sdg:AccessService").length === 1,
        "R-DSD-SUB-S018",
        "the EvidenceProvider slot holds one sdg:AccessService",
        s,
      );
    }
    for (const s of sel(o, "rim:Slot[@name='DataServiceEvidenceType']")) {
      c.slotType(o, "DataServiceEvidenceType", "AnyValueType", "R-DSD-SUB-S017");
      c.check(
        sel(s, "rim:SlotValue/sdg:DataServiceEvidenceType").length === 1,
        "R-DSD-SUB-S019",
        "the slot holds one sdg:DataServiceEvidenceType",
        s,
      );
    }
    for (const cc of sel(
      o,
      "rim:Slot/rim:SlotValue/sdg:AccessService/sdg:Publisher/sdg:ClassificationConcept",
    ))
      c.check(
        sel(cc, "sdg:SupportedValue").length > 0,
        "R-DSD-SUB-S031",
        "a publisher ClassificationConcept lists its SupportedValues",
        cc,
      );
  }
  return c.findings;
}

export function lcmResponseRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  const success = root.getAttribute("status") === STATUS.success;
  const exceptions = sel(root, "rs:Exception");
  if (success) {
    c.check(root.hasAttribute("requestId"), "R-LCM-SUC-003", "requestId is mandatory", root);
    c.check(
      URN_UUID.test(root.getAttribute("requestId") ?? ""),
      "R-LCM-SUC-004",
      "requestId must be urn:uuid:<UUID>",
      root,
    );
    c.check(sel(root, "rim:RegistryObjectList").length === 0, "R-LCM-SUC-007", "no RegistryObjectList", root);
    c.check(kids(root, NS.rim, "Slot").length === 0, "R-LCM-SUC-008", "no slots", root);
    return c.findings;
  }
  c.check(
    root.getAttribute("status") === STATUS.failure,
    "R-LCM-ERR-006",
    "status must be Success or Failure",
    root,
  );
  c.check(
    root.hasAttribute("requestId") || exceptions.some((e) => e.getAttribute("code") === "LCM:ERR:0003"),
    "R-LCM-ERR-003",
    "requestId is mandatory unless LCM:ERR:0003",
    root,
  );
  if (root.hasAttribute("requestId"))
    c.check(
      URN_UUID.test(root.getAttribute("requestId") ?? ""),
      "R-LCM-ERR-004",
      "requestId must be urn:uuid:<UUID>",
      root,
    );
  c.check(sel(root, "rim:RegistryObjectList").length === 0, "R-LCM-ERR-007", "no RegistryObjectList", root);
  c.check(exceptions.length > 0, "R-LCM-ERR-008", "a failure carries an rs:Exception", root);
  for (const ex of exceptions) {
    c.check(ex.hasAttributeNS(NS.xsi, "type"), "R-LCM-ERR-009", "rs:Exception needs xsi:type", ex);
    c.check(ex.hasAttribute("severity"), "R-LCM-ERR-011", "rs:Exception needs a severity", ex);
    c.check(ex.hasAttribute("message"), "R-LCM-ERR-013", "rs:Exception needs a message", ex);
    c.check(ex.hasAttribute("code"), "R-LCM-ERR-015", "rs:Exception needs a code", ex);
    c.check(
      ctx.codes.lcmErrorCodes.has(ex.getAttribute("code") ?? ""),
      "R-LCM-016",
      `"${ex.getAttribute("code")}" is not an LCM error code`,
      ex,
    );
    c.check(kids(ex, NS.rim, "Slot").length === 0, "R-LCM-SUC-017", "no slots in the exception", ex);
  }
  return c.findings;
}
