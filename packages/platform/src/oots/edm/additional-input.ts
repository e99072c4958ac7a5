/**
 * Answering DSD:ERR:0005 (DIGEST §5.2, OOTS-7): the DSD asks the user for classification
 * values (e.g. the region or municipality that decides the competent provider) and, in 1.x,
 * for a NUTS/LAU jurisdiction. The user's answers become the re-query's parameters and, once a
 * provider is chosen, the evidence request's EvidenceProviderClassification (with the chosen
 * SupportedValue). Values are checked against what the DSD offered.
 */
import type { AdditionalInput, CommonServicesQuery } from "./common-services.ts";
import { EdmParseError } from "./errors.ts";
import type { ClassificationConcept } from "./model.ts";
import { type EdmVersion, edmSpecification } from "./version.ts";

export interface AdditionalInputAnswers {
  /** Concept Identifier → the value the user chose. */
  classifications?: Record<string, string>;
  /** 1.x: the NUTS (level 2/3 … "NUTS*") or LAU code at the level the DSD named. */
  jurisdiction?: string;
}

type DsdQuery = Extract<CommonServicesQuery, { query: "dataServices" }>;

/** The DSD re-query carrying the user's answers (DSD:ERR:0006 when an answer is not acceptable). */
export function requeryWithAnswers(
  version: EdmVersion,
  query: DsdQuery,
  asked: AdditionalInput,
  answers: AdditionalInputAnswers,
): DsdQuery {
  const next: DsdQuery = { ...query };
  const classifications: Record<string, string> = { ...(query.classifications ?? {}) };
  for (const concept of asked.userRequestedClassificationConcepts ?? []) {
    const value = answers.classifications?.[concept.identifier];
    if (value === undefined)
      throw new EdmParseError("DSD:ERR:0003", `no value given for ${concept.identifier}`);
    checkValue(concept, value);
    classifications[concept.identifier] = value;
  }
  if (Object.keys(classifications).length) next.classifications = classifications;
  const jd = asked.jurisdictionDetermination;
  if (jd && edmSpecification(version).jurisdictionDetermination) {
    const code = answers.jurisdiction;
    if (!code) throw new EdmParseError("DSD:ERR:0003", `no jurisdiction given for ${jd.contextId}`);
    next.jurisdictionContextId = jd.contextId;
    if (jd.level === "LAU") next.jurisdictionAdminL3 = code;
    else next.jurisdictionAdminL2 = code;
  }
  return next;
}

function checkValue(concept: ClassificationConcept, value: string): void {
  const offered = concept.supportedValues;
  if (offered?.length && !offered.includes(value))
    throw new EdmParseError(
      "DSD:ERR:0006",
      `"${value}" is not one of the values offered for ${concept.identifier}`,
    );
  if (concept.valueExpression && !offered?.length && /^\^.*\$$/.test(concept.valueExpression)) {
    if (!new RegExp(concept.valueExpression).test(value))
      throw new EdmParseError("DSD:ERR:0006", `"${value}" does not match ${concept.valueExpression}`);
  }
}

/** The request's EvidenceProviderClassification slot content for the answered concepts. */
export function requestClassifications(
  asked: AdditionalInput,
  answers: AdditionalInputAnswers,
): ClassificationConcept[] {
  return (asked.userRequestedClassificationConcepts ?? []).map((concept) => {
    const value = answers.classifications?.[concept.identifier];
    if (value === undefined)
      throw new EdmParseError("DSD:ERR:0003", `no value given for ${concept.identifier}`);
    checkValue(concept, value);
    return { ...concept, supportedValues: [value] };
  });
}
