/**
 * OOTS EDM message layer: building, parsing, XSD validation (libxml2-wasm, compiled schema kept)
 * and the EC business rules for an evidence request and response, against the hardened XML parse
 * every received message needs anyway (the baseline). One-off costs (schema compile, code lists)
 * are timed once, cold.
 */
import { performance } from "node:perf_hooks";
import { checkBusinessRules } from "../packages/platform/src/oots/edm/check.ts";
import {
  buildEvidenceRequest,
  parseEvidenceRequest,
} from "../packages/platform/src/oots/edm/evidence-request.ts";
import { validateOotsMessage } from "../packages/platform/src/oots/index.ts";
import { sampleMessages, sampleRequest } from "../packages/platform/src/oots/samples.ts";
import { shippedCodeLists } from "../packages/platform/src/oots/shipped-artefacts.ts";
import { validateAgainstXsd } from "../packages/platform/src/oots/xsd-validator.ts";
import { parseXml } from "../packages/trust/src/xml/index.ts";
import { formatRate, measure } from "./measure.ts";

export default async function bench(): Promise<void> {
  const messages = sampleMessages("1.2");
  let t = performance.now();
  const codes = shippedCodeLists();
  console.log(`code lists loaded once (cold)                     ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  validateAgainstXsd(messages["evidence-request"]);
  console.log(`XSD compiled once + first validation (cold)       ${(performance.now() - t).toFixed(0)} ms`);
  for (const kind of ["evidence-request", "evidence-response"] as const) {
    const xml = messages[kind];
    console.log(`-- ${kind} (${xml.length} bytes)`);
    console.log(formatRate("baseline: parseXml (hardened DOM parse)", await measure(() => parseXml(xml))));
    console.log(formatRate("XSD validation (compiled schema)", await measure(() => validateAgainstXsd(xml))));
    const doc = parseXml(xml).document;
    console.log(
      formatRate("business rules (parsed DOM)", await measure(() => checkBusinessRules(doc, codes))),
    );
    console.log(
      formatRate("validateOotsMessage (parse + XSD + rules)", await measure(() => validateOotsMessage(xml))),
    );
  }
  const request = sampleRequest("1.2");
  console.log(formatRate("buildEvidenceRequest", await measure(() => buildEvidenceRequest(request))));
  const reqDoc = parseXml(messages["evidence-request"]).document;
  console.log(
    formatRate("parseEvidenceRequest (parsed DOM)", await measure(() => parseEvidenceRequest(reqDoc))),
  );
}
