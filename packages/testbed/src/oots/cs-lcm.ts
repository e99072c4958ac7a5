/**
 * Reading an LCM submission (`lcm:SubmitObjectsRequest`, DIGEST §1.2) into the stand-ins'
 * model: EB Requirement objects and DSD DataServiceEvidenceType / EvidenceProvider objects
 * (associated by ServesEvidenceType). Elements are bound by namespace URI, never by prefix.
 * Whatever the submission cannot say in this model is refused with the object's id.
 */
import { parseXml } from "@tilts/trust";
import type {
  ClassificationConcept,
  DataServiceEvidenceType,
  Provider,
  Requirement,
  Text,
} from "./cs-model.ts";
import { CS_NS } from "./cs-xml.ts";

/** An LCM error (LCMErrorCodes: 0001 object, 0002 association, 0003 integrity) and why. */
export class LcmRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** LCM bodies are small registry updates; a larger one is refused before parsing. */
export const MAX_LCM_BYTES = 512 * 1024;

function kids(el: Element | undefined, ns: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let c = el?.firstChild ?? null; c; c = c.nextSibling)
    if (
      c.nodeType === 1 &&
      (c as Element).namespaceURI === ns &&
      (local === undefined || (c as Element).localName === local)
    )
      out.push(c as Element);
  return out;
}
const sdgKids = (el: Element | undefined, local: string) => kids(el, CS_NS.sdg, local);
const sdgKid = (el: Element | undefined, local: string) => sdgKids(el, local)[0];
function textOf(el: Element | undefined, local: string, what: string): string {
  const v = sdgKid(el, local)?.textContent?.trim();
  if (!v) throw new LcmRefusal("LCM:ERR:0001", `${what}: sdg:${local} is missing`);
  return v;
}
const optText = (el: Element | undefined, local: string) =>
  sdgKid(el, local)?.textContent?.trim() || undefined;
const texts = (el: Element, local: string): Text[] =>
  sdgKids(el, local).map((t) => ({
    lang: t.getAttribute("lang") ?? "EN",
    value: t.textContent?.trim() ?? "",
  }));

function jurisdictionOf(el: Element | undefined): { adminUnitLevel1: string; adminUnitLevel2?: string } {
  const l1 = textOf(el, "AdminUnitLevel1", "Jurisdiction");
  const l2 = optText(el, "AdminUnitLevel2");
  return { adminUnitLevel1: l1, ...(l2 ? { adminUnitLevel2: l2 } : {}) };
}

function readConcept(el: Element): ClassificationConcept {
  const valueExpression = optText(el, "ValueExpression");
  return {
    identifier: textOf(el, "Identifier", "ClassificationConcept"),
    type: optText(el, "Type") ?? "Codelist",
    ...(valueExpression ? { valueExpression } : {}),
    descriptions: texts(el, "Description"),
  };
}

function readProvider(as: Element): Provider {
  const publisher = sdgKid(as, "Publisher");
  const address = sdgKid(publisher, "Address");
  const values = sdgKids(publisher, "ClassificationConcept").flatMap((c) =>
    sdgKids(sdgKid(c, "SupportedValue"), "StringValue").map((v) => v.textContent?.trim() ?? ""),
  );
  const l2 = optText(address, "AdminUnitLevel2");
  return {
    accessPointId: textOf(as, "Identifier", "AccessService"),
    conformsTo: sdgKids(as, "ConformsTo").map((c) => c.textContent?.trim() ?? ""),
    publisherId: textOf(publisher, "Identifier", "Publisher"),
    names: texts(publisher as Element, "Name"),
    address: {
      fullAddress: optText(address, "FullAddress") ?? "",
      adminUnitLevel1: textOf(address, "AdminUnitLevel1", "Publisher/Address"),
      ...(l2 ? { adminUnitLevel2: l2 } : {}),
    },
    jurisdiction: jurisdictionOf(sdgKid(publisher, "Jurisdiction")),
    ...(values.length ? { servesValues: values } : {}),
  };
}

function readDataService(registryId: string, d: Element): DataServiceEvidenceType {
  const jd = sdgKid(d, "EvidenceProviderJurisdictionDetermination");
  const concept = sdgKid(d, "EvidenceProviderClassification");
  const loa = optText(d, "AuthenticationLevelOfAssurance") ?? "High";
  if (loa !== "Low" && loa !== "Substantial" && loa !== "High")
    throw new LcmRefusal("LCM:ERR:0001", `${registryId}: unknown AuthenticationLevelOfAssurance ${loa}`);
  return {
    registryId,
    identifier: textOf(d, "Identifier", "DataServiceEvidenceType"),
    classification: textOf(d, "EvidenceTypeClassification", "DataServiceEvidenceType"),
    titles: texts(d, "Title"),
    descriptions: texts(d, "Description"),
    distributedAs: sdgKids(d, "DistributedAs").map((x) => {
      const conformsTo = optText(x, "ConformsTo");
      return { format: textOf(x, "Format", "DistributedAs"), ...(conformsTo ? { conformsTo } : {}) };
    }),
    levelOfAssurance: loa,
    providers: sdgKids(d, "AccessService").map(readProvider),
    ...(concept ? { concept: readConcept(concept) } : {}),
    ...(jd
      ? {
          jurisdictionDetermination: {
            contextId: textOf(jd, "JurisdictionContextId", "JurisdictionDetermination"),
            contexts: texts(jd, "JurisdictionContext"),
            level: textOf(jd, "JurisdictionLevel", "JurisdictionDetermination"),
          },
        }
      : {}),
  };
}

function readRequirement(r: Element): Requirement {
  return {
    identifier: textOf(r, "Identifier", "Requirement"),
    names: texts(r, "Name"),
    descriptions: texts(r, "Description"),
    frameworks: sdgKids(r, "ReferenceFramework").map((f) => ({
      identifier: textOf(f, "Identifier", "ReferenceFramework"),
      titles: texts(f, "Title"),
      procedure: textOf(sdgKid(f, "RelatedTo"), "Identifier", "ReferenceFramework/RelatedTo"),
      country: jurisdictionOf(sdgKid(f, "Jurisdiction")).adminUnitLevel1,
    })),
    evidenceTypeLists: sdgKids(r, "EvidenceTypeList").map((l) => ({
      identifier: textOf(l, "Identifier", "EvidenceTypeList"),
      names: texts(l, "Name"),
      evidenceTypes: sdgKids(l, "EvidenceType").map((t) => ({
        classification: textOf(t, "EvidenceTypeClassification", "EvidenceType"),
        titles: texts(t, "Title"),
        jurisdiction: jurisdictionOf(sdgKid(t, "Jurisdiction") ?? sdgKid(l, "Jurisdiction")),
      })),
    })),
  };
}

export interface LcmContent {
  requestId: string;
  requirements: Requirement[];
  dataServices: DataServiceEvidenceType[];
}

const SERVES = "urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType";

/** Parses (hardened: size, depth, no DTD) and reads one submission; throws LcmRefusal. */
export function readLcmSubmission(body: Uint8Array | string): LcmContent {
  let doc: Document;
  try {
    doc = parseXml(body, { limits: { maxBytes: MAX_LCM_BYTES } }).document;
  } catch (e) {
    throw new LcmRefusal("LCM:ERR:0003", `not well-formed XML: ${(e as Error).message}`);
  }
  const root = doc.documentElement as Element;
  if (root.namespaceURI !== CS_NS.lcm || root.localName !== "SubmitObjectsRequest")
    throw new LcmRefusal("LCM:ERR:0003", "the root element is not lcm:SubmitObjectsRequest");
  const [list] = kids(root, CS_NS.rim, "RegistryObjectList");
  if (!list) throw new LcmRefusal("LCM:ERR:0001", "no rim:RegistryObjectList");
  const providers = new Map<string, Provider>();
  const services = new Map<string, DataServiceEvidenceType>();
  const requirements: Requirement[] = [];
  const serves: [string, string][] = [];
  for (const o of kids(list, CS_NS.rim, "RegistryObject")) {
    const id = o.getAttribute("id") ?? "";
    if ((o.getAttributeNS(CS_NS.xsi, "type") ?? "").endsWith("AssociationType")) {
      if (o.getAttribute("type") === SERVES)
        serves.push([o.getAttribute("sourceObject") ?? "", o.getAttribute("targetObject") ?? ""]);
      continue;
    }
    const node = kids(o, CS_NS.rim, "Classification")[0]?.getAttribute("classificationNode");
    if (!node) throw new LcmRefusal("LCM:ERR:0001", `${id}: a registry object needs a rim:Classification`);
    const slot = kids(o, CS_NS.rim, "Slot").find((s) => s.getAttribute("name") === node);
    const value = kids(kids(slot, CS_NS.rim, "SlotValue")[0], CS_NS.sdg)[0];
    if (!value) throw new LcmRefusal("LCM:ERR:0001", `${id}: no slot "${node}" with an sdg element`);
    if (node === "EvidenceProvider") providers.set(id, readProvider(value));
    else if (node === "DataServiceEvidenceType") services.set(id, readDataService(id, value));
    else if (node === "Requirement") requirements.push(readRequirement(value));
    else throw new LcmRefusal("LCM:ERR:0001", `${id}: classification node ${node} is not supported here`);
  }
  for (const [source, target] of serves) {
    const p = providers.get(source);
    const d = services.get(target);
    if (!p || !d)
      throw new LcmRefusal("LCM:ERR:0002", `association ${source} → ${target} names unknown objects`);
    if (!d.providers.some((x) => x.accessPointId === p.accessPointId && x.publisherId === p.publisherId))
      d.providers.push(p);
  }
  return { requestId: root.getAttribute("id") ?? "", requirements, dataServices: [...services.values()] };
}
