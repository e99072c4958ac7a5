/**
 * The EB and DSD stand-ins as Fastify plugins (DIGEST §5): registered under a prefix each
 * (e.g. /testbed/oots/eb and /testbed/oots/dsd), both serving
 *   GET  «prefix»/rest/search?queryId=…   the RegRep REST binding (HTTP 200, ebRS XML body)
 *   POST «prefix»/lcm/:country            an lcm:SubmitObjectsRequest from that member state,
 *                                         answered by rs:RegistryResponse (OOTS-4)
 * The path segment stands in for the authenticated member-state channel of the real services.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { LcmRefusal, MAX_LCM_BYTES, readLcmSubmission } from "./cs-lcm.ts";
import { countryOf } from "./cs-model.ts";
import { CommonServicesRegistry } from "./cs-registry.ts";
import { type CsVersion, registryResponseXml } from "./cs-xml.ts";
import { answerDataServiceDirectory, DSD_QUERY_DATA_SERVICES } from "./data-service-directory.ts";
import { answerEvidenceBroker, EB_QUERY_EVIDENCE_TYPES, EB_QUERY_REQUIREMENTS } from "./evidence-broker.ts";

export interface CommonServicesStandInOptions {
  /** Shared by the EB and DSD plugins of one server; default: a fresh seeded registry. */
  registry?: CommonServicesRegistry;
}

export const EBRS_CONTENT_TYPE = "application/x-ebrs+xml";
/** CS 2.0 is asked by header; without it the 1.x form answers (DIGEST §5). */
function versionOf(request: FastifyRequest): CsVersion {
  return request.headers["accept-version"] === "oots-cs:v2.0" ? "2.0" : "1.x";
}

function commonServicesStandIn(
  service: "eb" | "dsd",
  answer: (registry: CommonServicesRegistry, params: URLSearchParams, version: CsVersion) => string,
): FastifyPluginAsync<CommonServicesStandInOptions> {
  return async (app, options) => {
    const registry = options.registry ?? CommonServicesRegistry.seeded();
    app.addContentTypeParser(
      ["application/xml", "text/xml", EBRS_CONTENT_TYPE],
      { parseAs: "buffer", bodyLimit: MAX_LCM_BYTES },
      (_request, body, done) => done(null, body),
    );
    const send = (reply: FastifyReply, xml: string) =>
      reply.type(`${EBRS_CONTENT_TYPE}; charset=utf-8`).send(xml);

    // A short description for people who open the stand-in in a browser.
    app.get("/", async (_request, reply) =>
      reply.type("text/plain; charset=utf-8").send(describe(service, registry)),
    );

    app.get("/rest/search", async (request, reply) => {
      // The raw query string, so repeated and concept-named parameters stay as sent; its length
      // is bounded by Node's request-header limit (16 KiB).
      const at = request.url.indexOf("?");
      const params = new URLSearchParams(at < 0 ? "" : request.url.slice(at + 1));
      return send(reply, answer(registry, params, versionOf(request)));
    });

    app.post<{ Params: { country: string } }>("/lcm/:country", async (request, reply) => {
      const country = request.params.country;
      let requestId = "";
      try {
        if (!/^[A-Z]{2}$/.test(country))
          throw new LcmRefusal("LCM:ERR:0003", `unknown member state ${country}`);
        const body = request.body;
        if (!(body instanceof Buffer)) throw new LcmRefusal("LCM:ERR:0003", "the body must be XML");
        const content = readLcmSubmission(body);
        requestId = content.requestId;
        const refusals =
          service === "eb"
            ? content.dataServices.length
              ? [refusal("LCM:ERR:0001", "the Evidence Broker takes Requirement objects only")]
              : registry.submitRequirements(country, content.requirements)
            : content.requirements.length
              ? [refusal("LCM:ERR:0001", "the Data Service Directory takes no Requirement objects")]
              : registry.submitDataServices(country, content.dataServices);
        return send(reply, registryResponseXml(requestId, refusals));
      } catch (e) {
        if (!(e instanceof LcmRefusal)) throw e;
        return send(reply, registryResponseXml(requestId, [refusal(e.code, e.message)]));
      }
    });
  };
}

function describe(service: "eb" | "dsd", registry: CommonServicesRegistry): string {
  const name = service === "eb" ? "Evidence Broker (OOTS-6)" : "Data Service Directory (OOTS-7)";
  const queries =
    service === "eb" ? [EB_QUERY_REQUIREMENTS, EB_QUERY_EVIDENCE_TYPES] : [DSD_QUERY_DATA_SERVICES];
  const countries = [...new Set(registry.dataServices.map((d) => countryOf(d)))].sort().join(", ");
  return [
    `OOTS ${name} — testbed stand-in`,
    "",
    "GET rest/search?queryId=<query>&<parameters>   (Accept-Version: oots-cs:v2.0 for the CS 2.0 form)",
    ...queries.map((q) => `  ${q}`),
    "POST lcm/<country>   lcm:SubmitObjectsRequest from that member state's administrator",
    "",
    `Member states with entries: ${countries}`,
    "",
  ].join("\n");
}

const LCM_MESSAGES: Record<string, string> = {
  "LCM:ERR:0001": "A registry object in the Request does not comply with the specification",
  "LCM:ERR:0002": "An association in the Request does not comply with the specification",
  "LCM:ERR:0003": "The dataset provided failed to pass the validation and integrity check",
};
function refusal(code: string, detail: string) {
  return {
    code,
    type: "rs:InvalidRequestExceptionType" as const,
    message: LCM_MESSAGES[code] ?? (LCM_MESSAGES["LCM:ERR:0003"] as string),
    detail,
  };
}

/** The Evidence Broker stand-in (OOTS-6). */
export const evidenceBrokerStandIn = commonServicesStandIn("eb", answerEvidenceBroker);
/** The Data Service Directory stand-in (OOTS-7). */
export const dataServiceDirectoryStandIn = commonServicesStandIn("dsd", answerDataServiceDirectory);
