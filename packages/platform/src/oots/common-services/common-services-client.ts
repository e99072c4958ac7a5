/**
 * The requester's client of the OOTS Common Services (DIGEST §5.3 steps 2–3):
 * `findEvidenceTypes` asks the Evidence Broker which evidence types satisfy a requirement in a
 * member state (OOTS-6); `findProviders` asks the Data Service Directory who delivers one of
 * them, and returns either the providers or what the user must still choose (DSD:ERR:0005,
 * OOTS-7). Every answer runs the same pipeline: bounded fetch → hardened parse → XSD and EC
 * business rules of the kind and version expected → the message layer's parser.
 */
import { MalformedInputError, parseXml } from "@tilts/trust";
import { checkBusinessRules, type MessageKind } from "../edm/check.ts";
import type { AdditionalInput } from "../edm/common-services.ts";
import {
  buildQueryString,
  type CommonServicesQuery,
  parseCommonServicesAnswer,
  parseCommonServicesError,
} from "../edm/common-services.ts";
import { EdmParseError } from "../edm/errors.ts";
import type { DataServiceEvidenceType, EvidenceTypeList, Requirement } from "../edm/model.ts";
import { STATUS } from "../edm/namespaces.ts";
import type { RegistryException } from "../edm/registry-exception.ts";
import type { EdmVersion } from "../edm/version.ts";
import { shippedCodeLists } from "../shipped-artefacts.ts";
import { validateAgainstXsd } from "../xsd-validator.ts";
import { CommonServicesClientError } from "./errors.ts";
import { type FetchLike, fetchAnswer } from "./fetch-answer.ts";

export interface CommonServicesClientOptions {
  /** Base URLs (OOTS_EB_URL, OOTS_DSD_URL); `«base»/rest/search` is appended. */
  ebUrl?: string;
  dsdUrl?: string;
  fetch?: FetchLike;
  /**
   * The EDM line the requester speaks: "2.0" asks the CS 2.0 form (`Accept-Version:
   * oots-cs:v2.0`), any line filters the DSD's providers by `specification=oots-edm:v<line>`.
   */
  edmVersion?: EdmVersion;
  /** Whole exchange, default 10 s. */
  timeoutMs?: number;
  /** Largest answer read, default 2 MiB (a DSD answer with dozens of providers is ~100 kB). */
  maxBytes?: number;
}

export type EvidenceTypesResult =
  | { outcome: "found"; requirement: Requirement; evidenceTypeLists: EvidenceTypeList[] }
  /** EB:ERR:0001 (no result) or EB:ERR:0002 (unknown requirement). */
  | { outcome: "not-found"; exception: RegistryException };

export type ProvidersResult =
  | { outcome: "found"; dataServices: DataServiceEvidenceType[] }
  /** DSD:ERR:0005: ask the user, then call again with `attributes` (concept Identifier → value). */
  | { outcome: "needs-attributes"; additionalInput: AdditionalInput }
  /** DSD:ERR:0001 (no data service) or DSD:ERR:0002 (unknown evidence type). */
  | { outcome: "not-found"; exception: RegistryException };

export interface CommonServicesClient {
  findEvidenceTypes(requirement: string, state: string): Promise<EvidenceTypesResult>;
  findProviders(
    evidenceType: string,
    state: string,
    attributes?: Record<string, string>,
  ): Promise<ProvidersResult>;
}

/** The client for the configured services (OOTS_EB_URL, OOTS_DSD_URL; the testbed's by default). */
export function commonServicesClientFrom(
  config: { ootsEbUrl?: string | undefined; ootsDsdUrl?: string | undefined },
  options: Omit<CommonServicesClientOptions, "ebUrl" | "dsdUrl"> = {},
): CommonServicesClient {
  return commonServicesClient({
    ...options,
    ...(config.ootsEbUrl ? { ebUrl: config.ootsEbUrl } : {}),
    ...(config.ootsDsdUrl ? { dsdUrl: config.ootsDsdUrl } : {}),
  });
}

const NOT_FOUND = new Set(["EB:ERR:0001", "EB:ERR:0002", "DSD:ERR:0001", "DSD:ERR:0002"]);

export function commonServicesClient(options: CommonServicesClientOptions): CommonServicesClient {
  const edmVersion = options.edmVersion ?? "1.2";
  const bounds = { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: options.maxBytes ?? 2 * 1024 * 1024 };
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const csTwo = edmVersion === "2.0";
  const headers: Record<string, string> = {
    accept: "application/x-ebrs+xml",
    ...(csTwo ? { "accept-version": "oots-cs:v2.0" } : {}),
  };

  async function ask(service: "EB" | "DSD", base: string | undefined, query: CommonServicesQuery) {
    if (!base)
      throw new CommonServicesClientError("oots-cs-not-configured", `no ${service} URL is configured`);
    const url = `${base.replace(/\/+$/, "")}/rest/search?${buildQueryString(query)}`;
    const body = await fetchAnswer(fetchFn, url, headers, bounds);
    return checkedAnswer(service, body, csTwo, bounds.maxBytes);
  }

  return {
    async findEvidenceTypes(requirement, state) {
      const answer = await ask("EB", options.ebUrl, {
        query: "evidenceTypes",
        requirementId: requirement,
        countryCode: state,
      });
      if (answer.failed) return { outcome: "not-found", exception: answer.error.exception };
      const parsed = parseCommonServicesAnswer(answer.document);
      const found = parsed.kind === "eb-evidence-types" ? parsed.requirements[0]?.value : undefined;
      if (!found?.evidenceTypeLists)
        throw new CommonServicesClientError(
          "oots-cs-invalid-answer",
          "the EB answered no evidence-type list",
        );
      return { outcome: "found", requirement: found, evidenceTypeLists: found.evidenceTypeLists };
    },

    async findProviders(evidenceType, state, attributes) {
      const answer = await ask("DSD", options.dsdUrl, {
        query: "dataServices",
        evidenceTypeClassification: evidenceType,
        countryCode: state,
        specification: `oots-edm:v${edmVersion}`,
        ...(attributes && Object.keys(attributes).length ? { classifications: attributes } : {}),
      });
      if (answer.failed) {
        const { exception, additionalInput } = answer.error;
        if (exception.code === "DSD:ERR:0005" && additionalInput)
          return { outcome: "needs-attributes", additionalInput };
        return { outcome: "not-found", exception };
      }
      const parsed = parseCommonServicesAnswer(answer.document);
      if (parsed.kind !== "dsd-data-services")
        throw new CommonServicesClientError("oots-cs-invalid-answer", "the DSD answered no data service");
      return { outcome: "found", dataServices: parsed.dataServices.map((d) => d.value) };
    },
  };
}

type CheckedAnswer =
  | { failed: false; document: Document }
  | { failed: true; error: ReturnType<typeof parseCommonServicesError> };

/**
 * The checks of one answer, in order: well-formed within the limits; the XSD and the business
 * rules of the kind its status implies; the CS version asked; then the service's own refusal
 * of the request (invalid parameters, unknown query) is thrown with its EB/DSD code.
 */
function checkedAnswer(
  service: "EB" | "DSD",
  body: Uint8Array,
  csTwo: boolean,
  maxBytes: number,
): CheckedAnswer {
  let document: Document;
  let text: string;
  try {
    ({ document, text } = parseXml(body, { limits: { maxBytes } }));
  } catch (error) {
    if (!(error instanceof MalformedInputError)) throw error;
    throw new CommonServicesClientError(
      "oots-cs-invalid-answer",
      `the ${service} answered malformed XML`,
      error.message,
    );
  }
  const failed = (document.documentElement as Element).getAttribute("status") === STATUS.failure;
  const kind: MessageKind =
    service === "EB"
      ? failed
        ? "eb-error"
        : "eb-evidence-types-response"
      : failed
        ? "dsd-error"
        : "dsd-response";
  // The checks of validateOotsMessage (oots/index.ts), composed here from its parts: importing
  // the front door from inside the module would close an import cycle.
  const rules = checkBusinessRules(document, shippedCodeLists(), kind);
  const errors = [...validateAgainstXsd(text), ...rules.findings].filter((f) => f.severity !== "warning");
  if (errors.length)
    throw new CommonServicesClientError(
      "oots-cs-invalid-answer",
      `the ${service} answer fails the EDM checks (${errors[0]?.rule})`,
      errors.map((f) => `${f.rule} (line ${f.line}): ${f.message}`).join("; "),
    );
  if ((rules.version === "2.0") !== csTwo)
    throw new CommonServicesClientError(
      "oots-cs-invalid-answer",
      `the ${service} answered in the CS ${rules.version === "2.0" ? "2.0" : "1.x"} form, not the one asked`,
    );
  if (!failed) return { failed: false, document };
  try {
    const error = parseCommonServicesError(document);
    const code = error.exception.code;
    if (code !== "DSD:ERR:0005" && !NOT_FOUND.has(code))
      throw new CommonServicesClientError(
        code as `EB:ERR:${string}`,
        `the ${service} refused the query: ${error.exception.message}`,
        error.exception.detail,
      );
    return { failed: true, error };
  } catch (error) {
    if (!(error instanceof EdmParseError)) throw error;
    throw new CommonServicesClientError("oots-cs-invalid-answer", error.message);
  }
}
