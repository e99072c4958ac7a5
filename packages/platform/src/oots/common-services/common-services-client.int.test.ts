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
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdmVersion } from "../edm/version.ts";
import { validateOotsMessage } from "../index.ts";
import { commonServicesClient } from "./common-services-client.ts";
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
