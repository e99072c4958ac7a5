/** Business rules of the evidence error response (R-EDM-ERR-*), EDM-ERR-S/C and DIGEST §1.5. */

import { EDM_ERRORS } from "../error-response.ts";
import type { EdmFinding } from "../errors.ts";
import { NS, SEVERITY_ERROR, STATUS } from "../namespaces.ts";
import { kids, xsiType } from "../xml.ts";
import { BARE_UUID, Checker, DATE_TIME, type RuleContext, sel, textOf, URN_UUID } from "./rule-kit.ts";

export function errorRules(root: Element, ctx: RuleContext): EdmFinding[] {
  const c = new Checker(ctx);
  const { spec } = ctx;
  const exceptions = sel(root, "rs:Exception");
  const invalidRequest = exceptions.some((e) => xsiType(e) === "InvalidRequestExceptionType");
  if (!invalidRequest)
    c.check(
      root.hasAttribute("requestId"),
      "R-EDM-ERR-S003",
      "requestId is mandatory unless the request itself was invalid",
      root,
    );
  if (root.hasAttribute("requestId"))
    c.check(
      URN_UUID.test((root.getAttribute("requestId") ?? "").trim()),
      "R-EDM-ERR-S004",
      "requestId must be urn:uuid:<UUID>",
      root,
    );
  c.check(
    root.getAttribute("status") === STATUS.failure,
    "R-EDM-ERR-S06",
    "an error response has status Failure",
    root,
  );
  c.check(
    sel(root, "rim:RegistryObjectList").length === 0,
    "R-EDM-ERR-S07",
    "an error response carries no RegistryObjectList",
    root,
  );
  c.check(exceptions.length > 0, "R-EDM-ERR-S08", "an error response carries an rs:Exception", root);
  c.check(exceptions.length === 1, "R-EDM-ERR-C011", "a Failure carries exactly one rs:Exception", root);
  c.count(
    root,
    "SpecificationIdentifier",
    (n) => n === 1,
    "R-EDM-ERR-S09",
    'the slot "SpecificationIdentifier" must be present once',
  );
  c.count(
    root,
    "EvidenceResponseIdentifier",
    (n) => n === 1,
    "R-EDM-ERR-S10",
    'the slot "EvidenceResponseIdentifier" must be present once',
  );
  c.count(
    root,
    "ErrorProvider",
    (n) => n === 1,
    "R-EDM-ERR-S11",
    'the slot "ErrorProvider" must be present once',
  );
  for (const s of kids(root, NS.rim, "Slot"))
    c.check(
      [
        "SpecificationIdentifier",
        "EvidenceResponseIdentifier",
        "ErrorProvider",
        "EvidenceRequester",
      ].includes(s.getAttribute("name") ?? ""),
      "R-EDM-ERR-S017a",
      `an error response must not carry the slot "${s.getAttribute("name")}"`,
      s,
    );
  c.slotType(root, "SpecificationIdentifier", "StringValueType", "R-EDM-ERR-S18");
  c.slotType(root, "EvidenceResponseIdentifier", "StringValueType", "R-EDM-ERR-S19");
  // The EC's message says CollectionValueType but its test (and real traffic) is AnyValueType.
  c.slotType(root, "ErrorProvider", "AnyValueType", "R-EDM-ERR-S020");
  c.slotType(root, "EvidenceRequester", "AnyValueType", "R-EDM-ERR-S021");
  for (const sv of sel(root, "rim:Slot[@name='ErrorProvider']/rim:SlotValue"))
    c.check(sel(sv, "sdg:Agent").length > 0, "R-EDM-ERR-S026", "ErrorProvider must hold sdg:Agent", sv);
  for (const sv of sel(root, "rim:Slot[@name='SpecificationIdentifier']/rim:SlotValue"))
    c.check(
      textOf(sel(sv, "rim:Value")[0]) === spec.identifier,
      "R-EDM-ERR-C001",
      `SpecificationIdentifier must be "${spec.identifier}"`,
      sv,
    );
  for (const v of sel(root, "rim:Slot[@name='EvidenceResponseIdentifier']/rim:SlotValue/rim:Value"))
    c.check(
      new RegExp(`${BARE_UUID.source.slice(1, -1)}$`, "i").test(textOf(v)),
      "R-EDM-ERR-C002",
      "EvidenceResponseIdentifier must be a UUID",
      v,
    );
  for (const a of sel(root, "rim:Slot[@name='ErrorProvider']/rim:SlotValue/sdg:Agent")) {
    for (const id of sel(a, "sdg:Identifier")) c.agentScheme(id, "R-EDM-ERR-C003", "R-EDM-ERR-C004");
    const l1 = sel(a, "sdg:Address/sdg:AdminUnitLevel1");
    if (spec.errorProviderAddress)
      c.check(
        l1.length === 1,
        "R-EDM-ERR-C024",
        "the ErrorProvider needs one Address with AdminUnitLevel1",
        a,
      );
    for (const x of l1) c.code("country", textOf(x), "R-EDM-ERR-C005", "AdminUnitLevel1", x);
    const cls = sel(a, "sdg:Classification")[0];
    c.check(textOf(cls) !== "", "R-EDM-ERR-C007", "the ErrorProvider needs a Classification", a);
    if (cls)
      c.check(
        ["ERRP", "EP", "IP"].includes(textOf(cls)),
        "R-EDM-ERR-C008",
        `Classification "${textOf(cls)}" must be ERRP`,
        cls,
      );
  }
  for (const id of sel(root, "rim:Slot[@name='EvidenceRequester']/rim:SlotValue/sdg:Agent/sdg:Identifier"))
    c.agentScheme(id, "R-EDM-ERR-C009", "R-EDM-ERR-C010");

  const preview = spec.severityPreviewRequired;
  for (const ex of exceptions) {
    const type = ex.getAttributeNS(NS.xsi, "type");
    c.check(!!type, "R-EDM-ERR-C012", "rs:Exception needs xsi:type", ex);
    const code = ex.getAttribute("code") ?? "";
    const known = EDM_ERRORS[code as keyof typeof EDM_ERRORS];
    c.check(
      ctx.codes.edmErrorCodes.has(code) && known !== undefined,
      "R-EDM-ERR-C017",
      `"${code}" is not an EDM error code`,
      ex,
    );
    if (known && type)
      c.check(
        xsiType(ex) === known.type.split(":")[1],
        "R-EDM-ERR-C013",
        `${code} goes with ${known.type}`,
        ex,
      );
    const severity = ex.getAttribute("severity") ?? "";
    c.check(
      severity === SEVERITY_ERROR || severity === preview,
      "R-EDM-ERR-C014",
      `severity "${severity}" is not in the ErrorSeverity list of ${spec.identifier}`,
      ex,
    );
    if (xsiType(ex) === "AuthorizationExceptionType")
      c.check(
        severity !== SEVERITY_ERROR,
        "R-EDM-ERR-C015",
        "EDM:ERR:0002 carries the PreviewRequired severity",
        ex,
      );
    c.check(ex.hasAttribute("message"), "R-EDM-ERR-C016", "rs:Exception needs a message", ex);
    c.count(ex, "Timestamp", (n) => n === 1, "R-EDM-ERR-S12", 'the slot "Timestamp" must be present once');
    for (const v of sel(ex, "rim:Slot[@name='Timestamp']/rim:SlotValue/rim:Value"))
      c.check(DATE_TIME.test(textOf(v)), "R-EDM-ERR-C018", "Timestamp must be an xsd:dateTime", v);
    c.slotType(ex, "PreviewLocation", "StringValueType", "R-EDM-ERR-S23");
    c.slotType(ex, "PreviewDescription", "InternationalStringValueType", "R-EDM-ERR-S24");
    c.slotType(ex, "PreviewMethod", "StringValueType", "R-EDM-ERR-S25");
    const allowed = [
      "Timestamp",
      "PreviewLocation",
      "PreviewDescription",
      ...(spec.hasPreviewMethod ? ["PreviewMethod"] : []),
    ];
    for (const s of kids(ex, NS.rim, "Slot"))
      c.check(
        allowed.includes(s.getAttribute("name") ?? ""),
        "R-EDM-ERR-S017b",
        `rs:Exception must not carry the slot "${s.getAttribute("name")}"`,
        s,
      );
    for (const v of sel(ex, "rim:Slot[@name='PreviewLocation']/rim:SlotValue/rim:Value"))
      c.check(
        textOf(v).startsWith("https://"),
        "R-EDM-ERR-C019",
        "PreviewLocation must be an https:// URL",
        v,
      );
    for (const v of sel(ex, "rim:Slot[@name='PreviewMethod']/rim:SlotValue/rim:Value"))
      c.check(["GET", "POST"].includes(textOf(v)), "R-EDM-ERR-C021", "PreviewMethod must be GET or POST", v);
    for (const ls of sel(
      ex,
      "rim:Slot[@name='PreviewDescription']/rim:SlotValue/rim:Value/rim:LocalizedString",
    ))
      c.code(
        "language",
        ls.getAttributeNS(NS.xml, "lang") ?? "",
        "R-EDM-ERR-C020",
        "PreviewDescription language",
        ls,
      );
    const hasPreview = sel(ex, "rim:Slot[@name='PreviewLocation']").length > 0;
    if (hasPreview)
      c.check(
        severity === preview,
        "R-EDM-ERR-C022",
        "a PreviewLocation goes with the PreviewRequired severity",
        ex,
      );
    if (severity === preview)
      c.check(hasPreview, "R-EDM-ERR-C022", "the PreviewRequired severity needs a PreviewLocation", ex);
  }
  return c.findings;
}
