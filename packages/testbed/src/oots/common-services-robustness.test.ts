/**
 * Outside input never crashes the stand-ins (DESIGN: parsers fail with a typed answer): any query
 * string gets an HTTP 200 QueryResponse carrying an EB/DSD code or a success, and any LCM body
 * an rs:RegistryResponse.
 */
import { parseXml } from "@tilts/trust";
import fc from "fast-check";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dataServiceDirectoryStandIn, evidenceBrokerStandIn } from "./common-services-standin.ts";
import { CommonServicesRegistry } from "./cs-registry.ts";
import { evidenceTypeClassification, requirementId } from "./cs-seed.ts";
import { DSD_QUERY_DATA_SERVICES } from "./data-service-directory.ts";
import { EB_QUERY_EVIDENCE_TYPES, EB_QUERY_REQUIREMENTS } from "./evidence-broker.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  const registry = CommonServicesRegistry.seeded();
  await app.register(evidenceBrokerStandIn, { prefix: "/eb", registry });
  await app.register(dataServiceDirectoryStandIn, { prefix: "/dsd", registry });
});
afterAll(() => app.close());

const name = fc.constantFrom(
  "queryId",
  "procedure-id",
  "country-code",
  "requirement-id",
  "evidence-type-classification",
  "specification",
  "jurisdiction-admin-l2",
  "jurisdiction-context-id",
  "evidence-type-id",
  "return-incomplete",
);
const value = fc.oneof(
  fc.constantFrom(
    EB_QUERY_REQUIREMENTS,
    EB_QUERY_EVIDENCE_TYPES,
    DSD_QUERY_DATA_SERVICES,
    requirementId("birth"),
    evidenceTypeClassification("DE", "birth"),
    "LV",
    "DE",
    "DE2",
    "oots-edm:v1.2",
    "",
  ),
  fc.string({ maxLength: 40 }),
);

it("answers any query string with a RegRep QueryResponse", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("eb", "dsd"),
      fc.array(fc.tuple(fc.oneof(name, fc.string({ minLength: 1, maxLength: 12 })), value), { maxLength: 6 }),
      fc.boolean(),
      async (service, pairs, cs2) => {
        const res = await app.inject({
          url: `/${service}/rest/search?${new URLSearchParams(pairs)}`,
          headers: cs2 ? { "accept-version": "oots-cs:v2.0" } : {},
        });
        expect(res.statusCode).toBe(200);
        const root = parseXml(res.body).document.documentElement as Element;
        expect(root.localName).toBe("QueryResponse");
        const status = root.getAttribute("status") ?? "";
        const code = Array.from(root.getElementsByTagName("rs:Exception"))[0]?.getAttribute("code");
        expect(status.endsWith(":Success") || /^(EB|DSD):ERR:000\d$/.test(code ?? "")).toBe(true);
      },
    ),
    { numRuns: 300 },
  );
});

it("answers any LCM body with an rs:RegistryResponse", async () => {
  const body = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .string({ maxLength: 60 })
      .map(
        (inner) =>
          `<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:4.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0" id="x"><rim:RegistryObjectList><rim:RegistryObject id="a">${inner}</rim:RegistryObject></rim:RegistryObjectList></lcm:SubmitObjectsRequest>`,
      ),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("eb", "dsd"), body, async (service, payload) => {
      const res = await app.inject({
        method: "POST",
        url: `/${service}/lcm/LV`,
        headers: { "content-type": "application/xml" },
        payload,
      });
      expect(res.statusCode).toBe(200);
      const root = parseXml(res.body).document.documentElement as Element;
      expect(root.localName).toBe("RegistryResponse");
      expect(root.getAttribute("status")).toMatch(/:Failure$/);
    }),
    { numRuns: 200 },
  );
});
