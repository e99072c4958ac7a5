/**
 * The evidence response, `query:QueryResponse` with status Success or Unavailable (DIGEST
 * §1.4). 1.x lists ExtrinsicObjects flat; 2.0 wraps each in a RegistryPackage with the EDM
 * classification MainEvidence (R-EDM-RESP-S046–S066). An empty list is the user's "no" at
 * preview (chapter 4.9 §1); Unavailable with ResponseAvailableDateTime is the deferred answer.
 */
import { EdmParseError } from "./errors.ts";
import type { EvidenceItem, EvidenceResponse } from "./model.ts";
import { NS, STATUS } from "./namespaces.ts";
import { readAgent, readEvidence } from "./sdg-read.ts";
import { writeAgent, writeEvidence } from "./sdg-write.ts";
import { specOfRoot } from "./spec-of.ts";
import { edmSpecification } from "./version.ts";
import {
  add,
  anySlot,
  collectionSlot,
  dateTimeSlot,
  isEl,
  kid,
  kids,
  lineOf,
  newDocument,
  serialize,
  setType,
  slotAgents,
  slotAny,
  slotString,
  stringSlot,
  xsiType,
} from "./xml.ts";

export const EDM_CLASSIFICATION_SCHEME = "urn:fdc:oots:classification:edm";

/** The message layer makes no identifiers of its own: 2.0 packaging needs them from the caller. */
function needId(id: string | undefined, field: string): string {
  if (!id) throw new TypeError(`an EDM 2.0 evidence item needs ${field} (urn:uuid:…)`);
  return id;
}

function writeItem(list: Element, item: EvidenceItem, version: EvidenceResponse["version"]): void {
  const spec = edmSpecification(version);
  const obj = setType(add(list, "rim", "RegistryObject"), "ExtrinsicObjectType");
  obj.setAttribute("id", item.id);
  anySlot(obj, "EvidenceMetadata", (sv) => writeEvidence(sv, item.metadata, spec));
  if (spec.packagedResponse) {
    const c = add(obj, "rim", "Classification");
    c.setAttribute("id", needId(item.classificationId, "classificationId"));
    c.setAttribute("classificationScheme", EDM_CLASSIFICATION_SCHEME);
    c.setAttribute("classificationNode", "MainEvidence");
  }
  const ref = add(obj, "rim", "RepositoryItemRef");
  ref.setAttributeNS(NS.xlink, "xlink:href", item.repositoryItemRef.href);
  ref.setAttributeNS(NS.xlink, "xlink:title", item.repositoryItemRef.title);
}

export function buildEvidenceResponse(r: EvidenceResponse): string {
  const spec = edmSpecification(r.version);
  const root = newDocument("query", "QueryResponse");
  root.setAttribute("status", r.status === "success" ? STATUS.success : STATUS.unavailable);
  root.setAttribute("requestId", r.requestId);
  stringSlot(root, "SpecificationIdentifier", spec.identifier);
  stringSlot(root, "EvidenceResponseIdentifier", r.responseId);
  dateTimeSlot(root, "IssueDateTime", r.issueDateTime);
  if (r.status === "unavailable" && r.responseAvailableDateTime)
    dateTimeSlot(root, "ResponseAvailableDateTime", r.responseAvailableDateTime);
  collectionSlot(root, "EvidenceProvider", r.providers, (el, a) => writeAgent(el, a));
  anySlot(root, "EvidenceRequester", (sv) => writeAgent(sv, r.requester));
  const list = add(root, "rim", "RegistryObjectList");
  for (const item of r.items) {
    if (!spec.packagedResponse) {
      writeItem(list, item, r.version);
      continue;
    }
    const pkg = setType(add(list, "rim", "RegistryObject"), "RegistryPackageType");
    pkg.setAttribute("id", needId(item.packageId, "packageId"));
    writeItem(add(pkg, "rim", "RegistryObjectList"), item, r.version);
  }
  return serialize(root);
}

function readItem(obj: Element, pkg: Element | undefined): EvidenceItem {
  const metaEl = slotAny(obj, "EvidenceMetadata", "Evidence", "R-EDM-RESP-S015", "R-EDM-RESP-S029");
  const ref = kid(obj, NS.rim, "RepositoryItemRef");
  if (!metaEl) throw new EdmParseError("R-EDM-RESP-S015", "no EvidenceMetadata slot", lineOf(obj));
  if (!ref) throw new EdmParseError("R-EDM-RESP-S033", "no rim:RepositoryItemRef", lineOf(obj));
  const item: EvidenceItem = {
    id: obj.getAttribute("id") ?? "",
    metadata: readEvidence(metaEl, "R-EDM-RESP-S030"),
    repositoryItemRef: {
      href: ref.getAttributeNS(NS.xlink, "href") ?? "",
      title: ref.getAttributeNS(NS.xlink, "title") ?? "",
    },
  };
  const c = kids(obj, NS.rim, "Classification").find(
    (x) => x.getAttribute("classificationScheme") === EDM_CLASSIFICATION_SCHEME,
  );
  if (pkg) item.packageId = pkg.getAttribute("id") ?? "";
  if (c) item.classificationId = c.getAttribute("id") ?? "";
  return item;
}

export function parseEvidenceResponse(doc: Document): EvidenceResponse {
  const root = doc.documentElement as Element;
  if (!isEl(root, NS.query, "QueryResponse"))
    throw new EdmParseError("R-EDM-RESP-S001", "the root element is not query:QueryResponse", lineOf(root));
  const status = root.getAttribute("status");
  if (status !== STATUS.success && status !== STATUS.unavailable)
    throw new EdmParseError(
      "R-EDM-RESP-S006",
      `status "${status}" is neither Success nor Unavailable`,
      lineOf(root),
    );
  const spec = specOfRoot(root, "R-EDM-RESP-S009", "R-EDM-RESP-C002");
  const providers = (slotAgents(root, "EvidenceProvider", "R-EDM-RESP-S012", "R-EDM-RESP-S025") ?? []).map(
    (a) => readAgent(a, "R-EDM-RESP-S026"),
  );
  const requesterEl = slotAgents(root, "EvidenceRequester", "R-EDM-RESP-S013", "R-EDM-RESP-S027")?.[0];
  if (!requesterEl)
    throw new EdmParseError("R-EDM-RESP-S027", "EvidenceRequester holds no sdg:Agent", lineOf(root));
  const list = kid(root, NS.rim, "RegistryObjectList");
  if (!list && status === STATUS.success)
    throw new EdmParseError("R-EDM-RESP-S007", "a success carries a rim:RegistryObjectList", lineOf(root));
  const items: EvidenceItem[] = [];
  for (const obj of list ? kids(list, NS.rim, "RegistryObject") : []) {
    if (xsiType(obj) === "RegistryPackageType") {
      const inner = kid(obj, NS.rim, "RegistryObjectList");
      if (!inner)
        throw new EdmParseError(
          "R-EDM-RESP-S046",
          "a package holds exactly one rim:RegistryObjectList",
          lineOf(obj),
        );
      for (const o of kids(inner, NS.rim, "RegistryObject"))
        if (xsiType(o) !== "AssociationType") items.push(readItem(o, obj));
    } else items.push(readItem(obj, undefined));
  }
  const out: EvidenceResponse = {
    version: spec.version,
    requestId: root.getAttribute("requestId") ?? "",
    responseId: slotString(root, "EvidenceResponseIdentifier", "R-EDM-RESP-S010") ?? "",
    issueDateTime: slotString(root, "IssueDateTime", "R-EDM-RESP-S011") ?? "",
    status: status === STATUS.success ? "success" : "unavailable",
    providers,
    requester: readAgent(requesterEl, "R-EDM-RESP-S028"),
    items,
  };
  const available = slotString(root, "ResponseAvailableDateTime");
  if (available !== undefined) out.responseAvailableDateTime = available;
  return out;
}
