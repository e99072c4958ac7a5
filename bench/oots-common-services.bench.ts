/**
 * OOTS Common Services client (platform/src/oots/common-services) against the testbed's EB and
 * DSD stand-ins on loopback: one query with everything the client does to an answer (bounded
 * read, hardened parse, XSD, business rules, message-layer parse), against the bare HTTP round
 * trip of the same request in the same run (the baseline: fetch + read the body as text).
 */
import Fastify from "fastify";
import { commonServicesClient } from "../packages/platform/src/oots/common-services/index.ts";
import {
  CommonServicesRegistry,
  DSD_QUERY_DATA_SERVICES,
  dataServiceDirectoryStandIn,
  EB_QUERY_EVIDENCE_TYPES,
  evidenceBrokerStandIn,
  evidenceTypeClassification,
  requirementId,
} from "../packages/testbed/src/index.ts";
import { formatRate, measure } from "./measure.ts";

export default async function bench(): Promise<void> {
  const app = Fastify();
  const registry = CommonServicesRegistry.seeded();
  await app.register(evidenceBrokerStandIn, { prefix: "/eb", registry });
  await app.register(dataServiceDirectoryStandIn, { prefix: "/dsd", registry });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    for (const edmVersion of ["1.2", "2.0"] as const) {
      const headers: Record<string, string> =
        edmVersion === "2.0" ? { "accept-version": "oots-cs:v2.0" } : {};
      const client = commonServicesClient({ ebUrl: `${base}/eb`, dsdUrl: `${base}/dsd`, edmVersion });
      const requirement = requirementId("birth");
      const dsdQuery = new URLSearchParams({
        queryId: DSD_QUERY_DATA_SERVICES,
        "evidence-type-classification": evidenceTypeClassification("LV", "birth"),
        "country-code": "LV",
        specification: `oots-edm:v${edmVersion}`,
      });
      const ebQuery = new URLSearchParams({
        queryId: EB_QUERY_EVIDENCE_TYPES,
        "requirement-id": requirement,
        "country-code": "LV",
      });
      console.log(`-- CS ${edmVersion === "2.0" ? "2.0" : "1.x"} (EDM ${edmVersion})`);
      console.log(
        formatRate(
          "baseline: EB GET + body text",
          await measure(() => fetch(`${base}/eb/rest/search?${ebQuery}`, { headers }).then((r) => r.text())),
        ),
      );
      console.log(
        formatRate(
          "findEvidenceTypes (checked)",
          await measure(() => client.findEvidenceTypes(requirement, "LV")),
        ),
      );
      console.log(
        formatRate(
          "baseline: DSD GET + body text",
          await measure(() =>
            fetch(`${base}/dsd/rest/search?${dsdQuery}`, { headers }).then((r) => r.text()),
          ),
        ),
      );
      console.log(
        formatRate(
          "findProviders (checked)",
          await measure(() => client.findProviders(evidenceTypeClassification("LV", "birth"), "LV")),
        ),
      );
      console.log(
        formatRate(
          "findProviders → DSD:ERR:0005 (checked)",
          await measure(() => client.findProviders(evidenceTypeClassification("DE", "birth"), "DE")),
        ),
      );
    }
  } finally {
    await app.close();
  }
}
