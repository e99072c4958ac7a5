import { parseXml } from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dataServiceDirectoryStandIn, evidenceBrokerStandIn } from "./common-services-standin.ts";
import { CommonServicesRegistry } from "./cs-registry.ts";
import { evidenceTypeClassification, requirementId, STATES, uuidFrom } from "./cs-seed.ts";
import { CS_NS } from "./cs-xml.ts";
import { DSD_QUERY_DATA_SERVICES } from "./data-service-directory.ts";
import { EB_QUERY_EVIDENCE_TYPES, EB_QUERY_REQUIREMENTS } from "./evidence-broker.ts";

const V2 = { "accept-version": "oots-cs:v2.0" };
let app: FastifyInstance;

beforeEach(async () => {
  app = Fastify();
  const registry = CommonServicesRegistry.seeded();
  await app.register(evidenceBrokerStandIn, { prefix: "/testbed/oots/eb", registry });
  await app.register(dataServiceDirectoryStandIn, { prefix: "/testbed/oots/dsd", registry });
});
afterEach(() => app.close());

interface Answer {
  status: string;
  root: Element;
  code?: string;
  sdg: (local: string) => string[];
}

async function search(service: "eb" | "dsd", params: Record<string, string>, headers = {}): Promise<Answer> {
  const res = await app.inject({
    url: `/testbed/oots/${service}/rest/search?${new URLSearchParams(params)}`,
    headers: { accept: "application/x-ebrs+xml", ...headers },
  });
  // DIGEST §5: the HTTP code is always 200; the outcome is in the body.
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toContain("application/x-ebrs+xml");
  const root = parseXml(res.body).document.documentElement as Element;
  expect(root.namespaceURI).toBe(CS_NS.query);
  expect(root.localName).toBe("QueryResponse");
  const ex = root.getElementsByTagNameNS(CS_NS.rs, "Exception")[0];
  return {
    status: (root.getAttribute("status") ?? "").split(":").pop() as string,
    root,
    ...(ex ? { code: ex.getAttribute("code") ?? "" } : {}),
    sdg: (local) =>
      Array.from(root.getElementsByTagNameNS(CS_NS.sdg, local)).map((e) => e.textContent?.trim() ?? ""),
  };
}

const ebTypes = (requirement: string, country: string) => ({
  queryId: EB_QUERY_EVIDENCE_TYPES,
  "requirement-id": requirement,
  "country-code": country,
});
const dsd = (classification: string, country: string, more: Record<string, string> = {}) => ({
  queryId: DSD_QUERY_DATA_SERVICES,
  "evidence-type-classification": classification,
  "country-code": country,
  ...more,
});
const hasVersionSlot = (a: Answer) =>
  Array.from(a.root.getElementsByTagNameNS(CS_NS.rim, "Slot")).some(
    (s) => s.getAttribute("name") === "SpecificationIdentifier",
  );

describe("Evidence Broker stand-in (OOTS-6, DIGEST §5.1)", () => {
  it.each(STATES)("%s: requirements by procedure and jurisdiction", async (state) => {
    const a = await search("eb", {
      queryId: EB_QUERY_REQUIREMENTS,
      "procedure-id": "R1",
      "country-code": state,
    });
    expect(a.status).toBe("Success");
    expect(a.sdg("Identifier")).toContain(requirementId("birth"));
    expect(a.sdg("AdminUnitLevel1")).toEqual([state]);
    expect(a.sdg("EvidenceTypeList")).toEqual([]);
  });

  it.each(STATES)("%s: evidence types for each requirement, 1.x and 2.0", async (state) => {
    for (const topic of ["birth", "residence", "diploma"] as const) {
      const one = await search("eb", ebTypes(requirementId(topic), state));
      expect(one.status).toBe("Success");
      expect(hasVersionSlot(one)).toBe(false);
      expect(one.sdg("EvidenceTypeClassification")).toEqual([evidenceTypeClassification(state, topic)]);
      const two = await search("eb", ebTypes(requirementId(topic), state), V2);
      expect(hasVersionSlot(two)).toBe(true);
      expect(two.sdg("EvidenceTypeClassification")).toEqual([evidenceTypeClassification(state, topic)]);
    }
  });

  it("answers the spec's errors", async () => {
    expect(
      (await search("eb", ebTypes("https://sr.oots.tech.ec.europa.eu/requirements/nope", "LV"))).code,
    ).toBe("EB:ERR:0002");
    expect((await search("eb", ebTypes(requirementId("birth"), "PL"))).code).toBe("EB:ERR:0001");
    expect((await search("eb", { queryId: EB_QUERY_EVIDENCE_TYPES, "country-code": "LV" })).code).toBe(
      "EB:ERR:0003",
    );
    expect((await search("eb", { queryId: "urn:nope" })).code).toBe("EB:ERR:0007");
    expect((await search("eb", { queryId: EB_QUERY_REQUIREMENTS, "procedure-id": "Z9" })).code).toBe(
      "EB:ERR:0005",
    );
    expect((await search("eb", { queryId: EB_QUERY_REQUIREMENTS, "country-code": "Latvia" })).code).toBe(
      "EB:ERR:0006",
    );
    const a = await search("eb", { queryId: "urn:nope" });
    expect(a.status).toBe("Failure");
    expect(hasVersionSlot(a)).toBe(false);
  });
});

describe("Data Service Directory stand-in (OOTS-7, DIGEST §5.2)", () => {
  it.each(["LV", "EE", "LT"])("%s: one provider per evidence type, named at once", async (state) => {
    for (const topic of ["birth", "residence", "diploma"] as const) {
      const a = await search("dsd", dsd(evidenceTypeClassification(state, topic), state));
      expect(a.status).toBe("Success");
      expect(a.sdg("EvidenceTypeClassification")).toEqual([evidenceTypeClassification(state, topic)]);
      const access = a.root.getElementsByTagNameNS(CS_NS.sdg, "AccessService");
      expect(access.length).toBe(1);
      expect(a.sdg("Identifier")).toContain(`AP_${state}_01`);
      expect(a.sdg("ConformsTo")).toEqual(["oots-edm:v2.0"]);
      const v12 = await search(
        "dsd",
        dsd(evidenceTypeClassification(state, topic), state, { specification: "oots-edm:v1.2" }),
      );
      expect(v12.sdg("ConformsTo")).toEqual(["oots-edm:v1.2"]);
    }
  });

  it.each([
    ["DE", "DE3", "AP_DE_02"],
    ["FR", "FRK", "AP_FR_02"],
  ])("%s: asks for the region first (DSD:ERR:0005), then names its provider", async (state, region, ap) => {
    const classification = evidenceTypeClassification(state, "birth");
    for (const headers of [{}, V2]) {
      const ask = await search("dsd", dsd(classification, state), headers);
      expect(ask.code).toBe("DSD:ERR:0005");
      const ex = ask.root.getElementsByTagNameNS(CS_NS.rs, "Exception")[0] as Element;
      expect(ex.getAttribute("severity")).toMatch(/DSDErrorResponse:AdditionalInput$/);
      expect(ask.sdg("AccessService")).toEqual([]);
      const conceptId = ask.root
        .getElementsByTagNameNS(CS_NS.sdg, "EvidenceProviderClassification")[0]
        ?.getElementsByTagNameNS(CS_NS.sdg, "Identifier")[0]?.textContent as string;
      expect(conceptId).toBe(uuidFrom(`concept:${state}:region`));
      expect(ask.sdg("StringValue")).toContain(region);
      // The EU-wide NUTS path is offered in 1.x only.
      expect(ask.sdg("JurisdictionLevel")).toEqual(headers === V2 ? [] : ["NUTS1"]);
      const found = await search("dsd", dsd(classification, state, { [conceptId]: region }), headers);
      expect(found.status).toBe("Success");
      expect(found.root.getElementsByTagNameNS(CS_NS.sdg, "AccessService").length).toBe(1);
      expect(found.sdg("Identifier")).toContain(ap);
      const wrong = await search("dsd", dsd(classification, state, { [conceptId]: "XX9" }), headers);
      expect(wrong.code).toBe("DSD:ERR:0006");
    }
  });

  it("DE: the 1.x NUTS path picks the Land from a deeper NUTS code", async () => {
    const a = await search(
      "dsd",
      dsd(evidenceTypeClassification("DE", "residence"), "DE", { "jurisdiction-admin-l2": "DE21" }),
    );
    expect(a.status).toBe("Success");
    expect(a.sdg("Identifier")).toContain("AP_DE_01");
    const two = await search(
      "dsd",
      dsd(evidenceTypeClassification("DE", "residence"), "DE", { "jurisdiction-admin-l2": "DE21" }),
      V2,
    );
    expect(two.code).toBe("DSD:ERR:0003");
  });

  it("1.x: takes evidence-type-id only for the type it names", async () => {
    const classification = evidenceTypeClassification("FR", "birth");
    const right = await search(
      "dsd",
      dsd(classification, "FR", { "evidence-type-id": uuidFrom("data-service:FR:birth") }),
    );
    expect(right.code).toBe("DSD:ERR:0005");
    const wrong = await search(
      "dsd",
      dsd(classification, "FR", { "evidence-type-id": uuidFrom("data-service:DE:birth") }),
    );
    expect(wrong.code).toBe("DSD:ERR:0006");
  });

  it("answers the spec's errors", async () => {
    expect(
      (await search("dsd", dsd("https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/LV/x", "LV")))
        .code,
    ).toBe("DSD:ERR:0002");
    expect((await search("dsd", dsd(evidenceTypeClassification("LV", "birth"), "EE"))).code).toBe(
      "DSD:ERR:0001",
    );
    expect(
      (
        await search(
          "dsd",
          dsd(evidenceTypeClassification("LV", "birth"), "LV", { specification: "oots-edm:v9.9" }),
        )
      ).code,
    ).toBe("DSD:ERR:0001");
    expect((await search("dsd", { queryId: DSD_QUERY_DATA_SERVICES, "country-code": "LV" })).code).toBe(
      "DSD:ERR:0003",
    );
    expect((await search("dsd", { queryId: "urn:fdc:oots:dsd:nope" })).code).toBe("DSD:ERR:0004");
  });
});

const rim = (id: string, node: string, sdgXml: string) =>
  `<rim:RegistryObject id="${id}"><rim:Slot name="${node}"><rim:SlotValue xsi:type="rim:AnyValueType">${sdgXml}</rim:SlotValue></rim:Slot><rim:Classification id="urn:uuid:${uuidFrom(`c${id}`)}" classificationScheme="urn:fdc:oots:classification:dsd" classificationNode="${node}"/></rim:RegistryObject>`;
const submission = (objects: string) =>
  `<lcm:SubmitObjectsRequest xmlns:lcm="${CS_NS.lcm}" xmlns:rim="${CS_NS.rim}" xmlns:sdg="${CS_NS.sdg}" xmlns:xsi="${CS_NS.xsi}" id="urn:uuid:${uuidFrom("lcm-1")}"><rim:RegistryObjectList>${objects}</rim:RegistryObjectList></lcm:SubmitObjectsRequest>`;

function lvDiplomaService(accessPoint: string): string {
  const provider = `urn:uuid:${uuidFrom("lcm-provider")}`;
  const service = `urn:uuid:${uuidFrom("lcm-service")}`;
  return (
    rim(
      provider,
      "EvidenceProvider",
      `<sdg:AccessService><sdg:Identifier schemeID="urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots">${accessPoint}</sdg:Identifier><sdg:ConformsTo>oots-edm:v1.2</sdg:ConformsTo><sdg:Publisher><sdg:Identifier>LV_LU_01</sdg:Identifier><sdg:Name lang="LV">Latvijas Universitāte</sdg:Name><sdg:Name lang="EN">University of Latvia</sdg:Name><sdg:Address><sdg:FullAddress>Raiņa bulvāris 19, Rīga</sdg:FullAddress><sdg:AdminUnitLevel1>LV</sdg:AdminUnitLevel1></sdg:Address><sdg:Jurisdiction><sdg:AdminUnitLevel1>LV</sdg:AdminUnitLevel1></sdg:Jurisdiction></sdg:Publisher></sdg:AccessService>`,
    ) +
    rim(
      service,
      "DataServiceEvidenceType",
      `<sdg:DataServiceEvidenceType><sdg:Identifier>${uuidFrom("lcm-dset")}</sdg:Identifier><sdg:EvidenceTypeClassification>${evidenceTypeClassification("LV", "diploma")}</sdg:EvidenceTypeClassification><sdg:Title lang="LV">Diploms</sdg:Title><sdg:DistributedAs><sdg:Format>application/pdf</sdg:Format></sdg:DistributedAs><sdg:AuthenticationLevelOfAssurance>High</sdg:AuthenticationLevelOfAssurance></sdg:DataServiceEvidenceType>`,
    ) +
    `<rim:RegistryObject xsi:type="rim:AssociationType" id="urn:uuid:${uuidFrom("lcm-assoc")}" type="urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType" sourceObject="${provider}" targetObject="${service}"/>`
  );
}

async function lcm(service: "eb" | "dsd", country: string, body: string) {
  const res = await app.inject({
    method: "POST",
    url: `/testbed/oots/${service}/lcm/${country}`,
    headers: { "content-type": "application/x-ebrs+xml" },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  const root = parseXml(res.body).document.documentElement as Element;
  expect(root.localName).toBe("RegistryResponse");
  return {
    status: (root.getAttribute("status") ?? "").split(":").pop(),
    codes: Array.from(root.getElementsByTagNameNS(CS_NS.rs, "Exception")).map((e) => e.getAttribute("code")),
  };
}

it("describes itself to a browser", async () => {
  const res = await app.inject({ url: "/testbed/oots/dsd/" });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain(DSD_QUERY_DATA_SERVICES);
  expect(res.body).toContain("DE, EE, FR, LT, LV");
});

describe("LCM submissions (OOTS-4)", () => {
  it("a state's DSD submission changes what a later query returns", async () => {
    const before = await search("dsd", dsd(evidenceTypeClassification("LV", "diploma"), "LV"));
    expect(before.sdg("Identifier")).toContain("AP_LV_01");
    expect(await lcm("dsd", "LV", submission(lvDiplomaService("AP_LV_LU")))).toEqual({
      status: "Success",
      codes: [],
    });
    const after = await search("dsd", dsd(evidenceTypeClassification("LV", "diploma"), "LV"));
    expect(after.sdg("Identifier")).toContain("AP_LV_LU");
    expect(after.sdg("Identifier")).not.toContain("AP_LV_01");
    expect(after.sdg("AuthenticationLevelOfAssurance")).toEqual(["High"]);
  });

  it("refuses another state's entries and broken submissions, changing nothing", async () => {
    expect(await lcm("dsd", "EE", submission(lvDiplomaService("AP_LV_LU")))).toEqual({
      status: "Failure",
      codes: ["LCM:ERR:0001"],
    });
    expect((await lcm("dsd", "LV", "<not-xml")).codes).toEqual(["LCM:ERR:0003"]);
    expect((await lcm("eb", "LV", submission(lvDiplomaService("AP_LV_LU")))).codes).toEqual(["LCM:ERR:0001"]);
    const after = await search("dsd", dsd(evidenceTypeClassification("LV", "diploma"), "LV"));
    expect(after.sdg("Identifier")).toContain("AP_LV_01");
  });

  it("a state's EB submission replaces its evidence-type lists", async () => {
    const newType =
      "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/LV/eeeeeeee-0000-4000-8000-000000000001";
    const requirement = `<sdg:Requirement><sdg:Identifier>${requirementId("residence")}</sdg:Identifier><sdg:Name lang="EN">Proof of residence</sdg:Name><sdg:EvidenceTypeList><sdg:Identifier>${uuidFrom("lv-list-2")}</sdg:Identifier><sdg:EvidenceType><sdg:EvidenceTypeClassification>${newType}</sdg:EvidenceTypeClassification><sdg:Title lang="LV">Izziņa no Iedzīvotāju reģistra</sdg:Title><sdg:Jurisdiction><sdg:AdminUnitLevel1>LV</sdg:AdminUnitLevel1></sdg:Jurisdiction></sdg:EvidenceType></sdg:EvidenceTypeList></sdg:Requirement>`;
    const body = submission(rim(`urn:uuid:${uuidFrom("eb-req")}`, "Requirement", requirement));
    expect((await lcm("eb", "EE", body)).codes).toEqual(["LCM:ERR:0001"]);
    expect(await lcm("eb", "LV", body)).toEqual({ status: "Success", codes: [] });
    const lv = await search("eb", ebTypes(requirementId("residence"), "LV"));
    expect(lv.sdg("EvidenceTypeClassification")).toEqual([newType]);
    const ee = await search("eb", ebTypes(requirementId("residence"), "EE"));
    expect(ee.sdg("EvidenceTypeClassification")).toEqual([evidenceTypeClassification("EE", "residence")]);
  });
});
