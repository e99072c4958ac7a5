/**
 * The Common Services client against the testbed's EB and DSD stand-ins on a loopback server
 * (DIGEST §5.3 steps 2–3): every answer the client receives is also run here through the
 * platform's EDM checks (XSD + business rules) in the version asked.
 */

import {
  CommonServicesRegistry,
  dataServiceDirectoryStandIn,
  evidenceBrokerStandIn,
  evidenceTypeClassification,
  OOTS_TESTBED_STATES,
  requirementId,
} from "@tilts/testbed";
import { parseXml } from "@tilts/trust";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { buildLcmSubmission, parseLcmResponse } from "../edm/lcm.ts";
import type { EdmVersion } from "../edm/version.ts";
import { validateOotsMessage } from "../index.ts";
import { sampleEvidenceType } from "../samples.ts";
import { commonServicesClient, commonServicesClientFrom } from "./common-services-client.ts";
import { CommonServicesClientError } from "./errors.ts";
import type { FetchLike } from "./fetch-answer.ts";

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  const registry = CommonServicesRegistry.seeded();
  await app.register(evidenceBrokerStandIn, { prefix: "/testbed/oots/eb", registry });
  await app.register(dataServiceDirectoryStandIn, { prefix: "/testbed/oots/dsd", registry });
  // Misbehaving services, for the client's bounds.
  app.get(
    "/slow/rest/search",
    async () => new Promise((resolve) => setTimeout(() => resolve("late"), 2_000)),
  );
  app.get("/huge/rest/search", async (_req, reply) =>
    reply.type("application/x-ebrs+xml").send("x".repeat(300_000)),
  );
  app.get("/broken/rest/search", async (_req, reply) =>
    reply
      .type("application/x-ebrs+xml")
      .send(
        '<query:QueryResponse xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0" status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>',
      ),
  );
  app.get("/status/rest/search", async (_req, reply) => reply.code(503).send("down"));
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => app.close());

/** The client's fetch, recording each answer for the test's own checks. */
function recording(): { fetch: FetchLike; bodies: string[] } {
  const bodies: string[] = [];
  return {
    bodies,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const text = await response.clone().text();
      bodies.push(text);
      return response;
    },
  };
}

function expectAllValid(bodies: string[], version: EdmVersion) {
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    const v = validateOotsMessage(body);
    expect(v.errors).toEqual([]);
    // CS answers announce only 2.0; the 1.x form is checked under the 1.0 rules (R-EB-ERR-017).
    expect(v.version).toBe(version === "2.0" ? "2.0" : "1.0");
  }
}

describe.each(["1.0", "1.2", "2.0"] as const)("EDM %s: the client against the stand-ins", (version) => {
  const client = () => {
    const r = recording();
    return {
      r,
      c: commonServicesClient({
        ebUrl: `${base}/testbed/oots/eb`,
        dsdUrl: `${base}/testbed/oots/dsd/`,
        fetch: r.fetch,
        edmVersion: version,
      }),
    };
  };

  it("finds the evidence types of each requirement in each state (OOTS-6)", async () => {
    const { r, c } = client();
    for (const state of OOTS_TESTBED_STATES)
      for (const topic of ["birth", "residence", "diploma"] as const) {
        const found = await c.findEvidenceTypes(requirementId(topic), state);
        if (found.outcome !== "found") throw new Error(`no evidence types for ${topic} in ${state}`);
        expect(found.requirement.identifier).toBe(requirementId(topic));
        expect(
          found.evidenceTypeLists.flatMap((l) => l.evidenceTypes.map((t) => t.evidenceTypeClassification)),
        ).toEqual([evidenceTypeClassification(state, topic)]);
      }
    const unknown = await c.findEvidenceTypes("https://sr.oots.tech.ec.europa.eu/requirements/unknown", "LV");
    expect(unknown).toMatchObject({ outcome: "not-found", exception: { code: "EB:ERR:0002" } });
    expectAllValid(r.bodies, version);
  });

  it("finds the providers, asking for the Land first in DE (DSD:ERR:0005, OOTS-7)", async () => {
    const { r, c } = client();
    const lv = await c.findProviders(evidenceTypeClassification("LV", "birth"), "LV");
    if (lv.outcome !== "found") throw new Error("LV birth: no provider");
    expect(lv.dataServices[0]?.accessServices?.map((a) => a.identifier.value)).toEqual(["AP_LV_01"]);
    expect(lv.dataServices[0]?.accessServices?.[0]?.publisher.names.map((n) => n.lang)).toEqual(["LV", "EN"]);

    const ask = await c.findProviders(evidenceTypeClassification("DE", "residence"), "DE");
    if (ask.outcome !== "needs-attributes") throw new Error("DE residence: expected DSD:ERR:0005");
    const [concept] = ask.additionalInput.userRequestedClassificationConcepts ?? [];
    expect(concept?.supportedValues).toEqual(["DE2", "DE3", "DEA"]);
    expect(ask.additionalInput.jurisdictionDetermination?.level).toBe(
      version === "2.0" ? undefined : "NUTS1",
    );
    const berlin = await c.findProviders(evidenceTypeClassification("DE", "residence"), "DE", {
      [concept?.identifier as string]: "DE3",
    });
    if (berlin.outcome !== "found") throw new Error("DE residence in Berlin: no provider");
    const access = berlin.dataServices[0]?.accessServices ?? [];
    expect(access.map((a) => a.identifier.value)).toEqual(["AP_DE_02"]);
    expect(access[0]?.publisher.jurisdiction.adminUnitLevel2).toBe("DE3");

    if (version !== "2.0") {
      // 1.x: the EU-wide NUTS path of the same question; DE21 (Oberbayern) lies in Bayern (DE2).
      const jd = ask.additionalInput.jurisdictionDetermination;
      const bayern = await c.findProviders(evidenceTypeClassification("DE", "residence"), "DE", {
        "jurisdiction-context-id": jd?.contextId as string,
        "jurisdiction-admin-l2": "DE21",
      });
      if (bayern.outcome !== "found") throw new Error("DE residence in Oberbayern: no provider");
      expect(bayern.dataServices[0]?.accessServices?.map((a) => a.identifier.value)).toEqual(["AP_DE_01"]);
    }

    const none = await c.findProviders(evidenceTypeClassification("LV", "birth"), "EE");
    expect(none).toMatchObject({ outcome: "not-found", exception: { code: "DSD:ERR:0001" } });
    expectAllValid(r.bodies, version);
  });

  it("throws the DSD's refusal of a wrong attribute value with its code", async () => {
    const { r, c } = client();
    const ask = await c.findProviders(evidenceTypeClassification("FR", "birth"), "FR");
    if (ask.outcome !== "needs-attributes") throw new Error("FR birth: expected DSD:ERR:0005");
    const id = ask.additionalInput.userRequestedClassificationConcepts?.[0]?.identifier as string;
    await expect(
      c.findProviders(evidenceTypeClassification("FR", "birth"), "FR", { [id]: "FRZ" }),
    ).rejects.toMatchObject({
      code: "DSD:ERR:0006",
    });
    expectAllValid(r.bodies, version);
  });
});

describe("the client's bounds", () => {
  const at = (path: string, more = {}) =>
    commonServicesClient({
      ebUrl: `${base}/${path}`,
      dsdUrl: `${base}/${path}`,
      timeoutMs: 300,
      maxBytes: 100_000,
      ...more,
    });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "resolved",
      (e) => (e instanceof CommonServicesClientError ? e.code : String(e)),
    );

  it("times out, limits the size, refuses non-200 and answers that fail the EDM checks", async () => {
    expect(await code(at("slow").findEvidenceTypes(requirementId("birth"), "LV"))).toBe("oots-cs-timeout");
    expect(await code(at("huge").findEvidenceTypes(requirementId("birth"), "LV"))).toBe("oots-cs-too-large");
    expect(await code(at("status").findProviders("x", "LV"))).toBe("oots-cs-http-status");
    expect(await code(at("broken").findProviders("x", "LV"))).toBe("oots-cs-invalid-answer");
    expect(await code(commonServicesClient({}).findEvidenceTypes("x", "LV"))).toBe("oots-cs-not-configured");
    expect(
      await code(commonServicesClient({ ebUrl: "http://127.0.0.1:9" }).findEvidenceTypes("x", "LV")),
    ).toBe("oots-cs-unreachable");
  });

  it("refuses an answer in another CS version than the one asked", async () => {
    // A 1.x answer to a 2.0 requester: a fetch that drops the Accept-Version header.
    const downgrade: FetchLike = (input, init) =>
      fetch(input, { ...init, headers: { accept: "application/x-ebrs+xml" } });
    const c = commonServicesClient({ ebUrl: `${base}/testbed/oots/eb`, fetch: downgrade, edmVersion: "2.0" });
    expect(await code(c.findEvidenceTypes(requirementId("birth"), "LV"))).toBe("oots-cs-invalid-answer");
  });
});

describe("every stand-in answer passes the platform's EDM checks", () => {
  const get = async (service: "eb" | "dsd", query: Record<string, string>, cs2: boolean) => {
    const res = await fetch(`${base}/testbed/oots/${service}/rest/search?${new URLSearchParams(query)}`, {
      headers: cs2 ? { "accept-version": "oots-cs:v2.0" } : {},
    });
    return res.text();
  };
  const EB_REQ = "urn:fdc:oots:eb:ebxml-regrep:queries:requirements-by-procedure-and-jurisdiction";
  const EB_EVI = "urn:fdc:oots:eb:ebxml-regrep:queries:evidence-types-by-requirement-and-jurisdiction";
  const DSD = "urn:fdc:oots:dsd:ebxml-regrep:queries:dataservices-by-evidencetype-and-jurisdiction";

  it.each([false, true])(
    "CS 2.0: %s — requirements, evidence types, data services and errors",
    async (cs2) => {
      const answers: [string, string][] = [];
      for (const state of OOTS_TESTBED_STATES) {
        answers.push([
          "eb-requirements-response",
          await get("eb", { queryId: EB_REQ, "procedure-id": "R1", "country-code": state }, cs2),
        ]);
        for (const topic of ["birth", "residence", "diploma"] as const) {
          answers.push([
            "eb-evidence-types-response",
            await get(
              "eb",
              { queryId: EB_EVI, "requirement-id": requirementId(topic), "country-code": state },
              cs2,
            ),
          ]);
          const dsd = {
            queryId: DSD,
            "evidence-type-classification": evidenceTypeClassification(state, topic),
            "country-code": state,
          };
          const first = await get("dsd", dsd, cs2);
          answers.push([first.includes("DSD:ERR:0005") ? "dsd-error" : "dsd-response", first]);
        }
      }
      answers.push(["eb-error", await get("eb", { queryId: "urn:nope" }, cs2)]);
      answers.push(["eb-error", await get("eb", { queryId: EB_REQ, "procedure-id": "Z9" }, cs2)]);
      answers.push(["eb-error", await get("eb", { queryId: EB_EVI, "requirement-id": "urn:nope" }, cs2)]);
      answers.push(["dsd-error", await get("dsd", { queryId: DSD, "country-code": "LV" }, cs2)]);
      answers.push([
        "dsd-error",
        await get(
          "dsd",
          { queryId: DSD, "evidence-type-classification": "urn:nope", "country-code": "LV" },
          cs2,
        ),
      ]);
      // DE birth and residence, FR birth ask first (DSD:ERR:0005); two malformed queries.
      expect(answers.filter(([kind]) => kind === "dsd-error").length).toBe(3 + 2);
      for (const [kind, body] of answers) {
        const v = validateOotsMessage(body);
        expect({ kind: v.kind, errors: v.errors }).toEqual({ kind, errors: [] });
        expect(v.version).toBe(cs2 ? "2.0" : "1.0");
      }
    },
  );
});

describe("a member state's LCM submission built by the platform (OOTS-4)", () => {
  it("the stand-in takes it, answers a valid rs:RegistryResponse, and the client then finds the new provider", async () => {
    const classification = evidenceTypeClassification("LT", "diploma");
    const access = {
      identifier: { value: "AP_LT_VU", schemeID: "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots" },
      conformsTo: "oots-edm:v1.2",
      publisher: {
        identifier: {
          value: "LT_VU_01",
          schemeID: "urn:oasis:names:tc:ebcore:partyid-type:unregistered:oots",
        },
        names: [
          { lang: "LT", value: "Vilniaus universitetas" },
          { lang: "EN", value: "Vilnius University" },
        ],
        address: { fullAddress: "Universiteto g. 3, Vilnius", adminUnitLevel1: "LT" },
        jurisdiction: { adminUnitLevel1: "LT" },
      },
    };
    const U = (n: number) => `urn:uuid:0000000${n}-1b2c-4d3e-8f40-5a6b7c8d9e0f`;
    const submission = buildLcmSubmission({
      version: "1.2",
      id: U(1),
      target: "dsd",
      objects: [
        { id: U(2), classificationId: U(3), node: "EvidenceProvider", value: access },
        {
          id: U(4),
          classificationId: U(5),
          node: "DataServiceEvidenceType",
          value: {
            ...sampleEvidenceType("1.2"),
            evidenceTypeClassification: classification,
            authenticationLevelOfAssurance: "High",
          },
        },
      ],
      associations: [
        {
          id: U(6),
          type: "urn:oasis:names:tc:ebxml-regrep:AssociationType:ServesEvidenceType",
          sourceObject: U(2),
          targetObject: U(4),
        },
      ],
    });
    expect(validateOotsMessage(submission, "lcm-submission").errors).toEqual([]);
    const post = (country: string) =>
      fetch(`${base}/testbed/oots/dsd/lcm/${country}`, {
        method: "POST",
        headers: { "content-type": "application/x-ebrs+xml" },
        body: submission,
      }).then((r) => r.text());
    const refused = await post("LV");
    expect(validateOotsMessage(refused, "lcm-response").errors).toEqual([]);
    expect(parseLcmResponse(parseXml(refused).document)).toMatchObject({
      status: "failure",
      exceptions: [{ code: "LCM:ERR:0001" }],
    });
    const taken = await post("LT");
    expect(validateOotsMessage(taken, "lcm-response").errors).toEqual([]);
    expect(parseLcmResponse(parseXml(taken).document)).toEqual({
      requestId: U(1),
      status: "success",
      exceptions: [],
    });

    const c = commonServicesClient({ dsdUrl: `${base}/testbed/oots/dsd`, edmVersion: "1.2" });
    const found = await c.findProviders(classification, "LT");
    if (found.outcome !== "found") throw new Error("LT diploma: no provider after the submission");
    expect(found.dataServices[0]?.accessServices?.map((a) => a.identifier.value)).toEqual(["AP_LT_VU"]);
  });
});

describe("configuration", () => {
  it("OOTS_EB_URL / OOTS_DSD_URL default to the testbed's stand-ins when it is on, and are taken as given", async () => {
    const on = loadConfig({ env: { TILTS_TESTBED: "true", PUBLIC_URL: base } });
    expect(on.ootsEbUrl).toBe(`${base}/testbed/oots/eb`);
    expect(on.ootsDsdUrl).toBe(`${base}/testbed/oots/dsd`);
    const found = await commonServicesClientFrom(on).findEvidenceTypes(requirementId("birth"), "EE");
    expect(found.outcome).toBe("found");
    const off = loadConfig({ env: { TILTS_TESTBED: "false" } });
    expect(off.ootsEbUrl).toBeUndefined();
    const given = loadConfig({ env: { OOTS_EB_URL: "https://query.cs.acc.oots.tech.ec.europa.eu/eb" } });
    expect(given.ootsEbUrl).toBe("https://query.cs.acc.oots.tech.ec.europa.eu/eb");
  });
});
