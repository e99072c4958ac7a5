/**
 * LCM submissions to the Common Services (DIGEST §1.2): `lcm:SubmitObjectsRequest` registering
 * DSD entries (EvidenceProvider = sdg:AccessService, DataServiceEvidenceType, associated by
 * ServesEvidenceType) or EB entries (Requirement, ReferenceFramework, EvidenceTypeList,
 * EvidenceType), answered by `rs:RegistryResponse` (R-LCM-SUC-*, R-LCM-ERR-*).
 */
import { EdmParseError } from "./errors.ts";
import type { AccessService, DataServiceEvidenceType, Requirement } from "./model.ts";
import { NS, STATUS } from "./namespaces.ts";
import { type RegistryException, readExceptions, writeException } from "./registry-exception.ts";
import { readAccessService, readDataServiceEvidenceType, readRequirement } from "./sdg-read.ts";
import { writeAccessService, writeDataServiceEvidenceType, writeRequirement } from "./sdg-write.ts";
import { type EdmVersion, edmSpecification } from "./version.ts";
import { add, anySlot, isEl, kid, kids, lineOf, newDocument, serialize, setType, xsiType } from "./xml.ts";

/** One registered object; EB submissions also carry ReferenceFramework/EvidenceTypeList objects, kept as DOM. */
export type LcmObject = { id: string; classificationId: string } & (
  | { node: "EvidenceProvider"; value: AccessService }
  | { node: "DataServiceEvidenceType"; value: DataServiceEvidenceType }
  | { node: "Requirement"; value: Requirement }
);

export interface LcmAssociation {
  id: string;
  /** e.g. urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType */
  type: string;
  sourceObject: string;
  targetObject: string;
}

export interface LcmSubmission {
  version: EdmVersion;
  id: string;
  /** dsd or eb (classification scheme urn:fdc:oots:classification:<target>). */
  target: "dsd" | "eb";
  objects: LcmObject[];
  associations: LcmAssociation[];
}

export function buildLcmSubmission(s: LcmSubmission): string {
  const spec = edmSpecification(s.version);
  const root = newDocument("lcm", "SubmitObjectsRequest");
  root.setAttribute("id", s.id);
  const list = add(root, "rim", "RegistryObjectList");
  for (const o of s.objects) {
    const obj = add(list, "rim", "RegistryObject");
    obj.setAttribute("id", o.id);
    anySlot(obj, o.node, (sv) => {
      if (o.node === "EvidenceProvider") writeAccessService(sv, o.value as AccessService);
      else if (o.node === "DataServiceEvidenceType")
        writeDataServiceEvidenceType(sv, o.value as DataServiceEvidenceType, spec, true);
      else writeRequirement(sv, o.value as Requirement, spec);
    });
    const c = add(obj, "rim", "Classification");
    c.setAttribute("id", o.classificationId);
    c.setAttribute("classificationScheme", `urn:fdc:oots:classification:${s.target}`);
    c.setAttribute("classificationNode", o.node);
  }
  for (const a of s.associations) {
    const obj = setType(add(list, "rim", "RegistryObject"), "AssociationType");
    obj.setAttribute("id", a.id);
    obj.setAttribute("type", a.type);
    obj.setAttribute("sourceObject", a.sourceObject);
    obj.setAttribute("targetObject", a.targetObject);
  }
  return serialize(root);
}

export function parseLcmSubmission(doc: Document): LcmSubmission {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.lcm, "SubmitObjectsRequest"))
    throw new EdmParseError(
      "R-DSD-SUB-S001",
      "the root element is not lcm:SubmitObjectsRequest",
      lineOf(root),
    );
  const list = kid(root, NS.rim, "RegistryObjectList");
  if (!list) throw new EdmParseError("R-DSD-SUB-S005", "no rim:RegistryObjectList", lineOf(root));
  const objects: LcmObject[] = [];
  const associations: LcmAssociation[] = [];
  let target: "dsd" | "eb" = "dsd";
  for (const o of kids(list, NS.rim, "RegistryObject")) {
    const id = o.getAttribute("id") ?? "";
    if (xsiType(o) === "AssociationType") {
      associations.push({
        id,
        type: o.getAttribute("type") ?? "",
        sourceObject: o.getAttribute("sourceObject") ?? "",
        targetObject: o.getAttribute("targetObject") ?? "",
      });
      continue;
    }
    const c = kid(o, NS.rim, "Classification");
    if (!c)
      throw new EdmParseError("R-DSD-SUB-S007", "a registry object needs a rim:Classification", lineOf(o));
    if (c.getAttribute("classificationScheme") === "urn:fdc:oots:classification:eb") target = "eb";
    const node = c.getAttribute("classificationNode") ?? "";
    const slot = kids(o, NS.rim, "Slot").find((x) => x.getAttribute("name") === node);
    const value = slot && kids(kid(slot, NS.rim, "SlotValue") as Element, NS.sdg)[0];
    if (!value) throw new EdmParseError("R-DSD-SUB-S019", `no slot "${node}" with an sdg element`, lineOf(o));
    const classificationId = c.getAttribute("id") ?? "";
    // EB submissions' ReferenceFramework/EvidenceTypeList/EvidenceType objects are not modelled yet.
    if (node === "DataServiceEvidenceType")
      objects.push({
        id,
        classificationId,
        node,
        value: readDataServiceEvidenceType(value, "R-DSD-SUB-S019"),
      });
    else if (node === "EvidenceProvider")
      objects.push({ id, classificationId, node, value: readAccessService(value, "R-DSD-SUB-S018") });
    else if (node === "Requirement")
      objects.push({ id, classificationId, node, value: readRequirement(value, "R-EB-SUB-S001") });
  }
  return { version: "1.0", id: root.getAttribute("id") ?? "", target, objects, associations };
}

export interface LcmResponse {
  requestId?: string;
  status: "success" | "failure";
  exceptions: RegistryException[];
}

export function buildLcmResponse(r: LcmResponse): string {
  const root = newDocument("rs", "RegistryResponse");
  root.setAttribute("status", r.status === "success" ? STATUS.success : STATUS.failure);
  if (r.requestId) root.setAttribute("requestId", r.requestId);
  for (const x of r.exceptions) writeException(root, x);
  return serialize(root);
}

export function parseLcmResponse(doc: Document): LcmResponse {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.rs, "RegistryResponse"))
    throw new EdmParseError("R-LCM-SUC-001", "the root element is not rs:RegistryResponse", lineOf(root));
  const status = root.getAttribute("status");
  if (status !== STATUS.success && status !== STATUS.failure)
    throw new EdmParseError("R-LCM-SUC-006", `unknown status ${status}`, lineOf(root));
  const out: LcmResponse = {
    status: status === STATUS.success ? "success" : "failure",
    exceptions: readExceptions(root).map(({ element: _e, ...x }) => x),
  };
  const requestId = root.getAttribute("requestId");
  if (requestId) out.requestId = requestId;
  return out;
}
