/**
 * The sign-in policy: whether a verified sign-in may reach a relying party. Pure and dated, the
 * clock passed in (DESIGN.md). Read as a pipeline of named checks, the first refusal wins.
 *
 * AUTH-1: from 2024-01-01 health professionals sign in only with qualified high-assurance means
 * (eID card, eParaksts Mobile: eIDAS "high"); bank login and Smart-ID are refused for them.
 * Before that date the older means were accepted — the rule is dated, not absolute.
 *
 * A foreign eID through eIDAS at level "high" is accepted for professionals: AUTH-1 names the
 * Latvian means, and eIDAS Regulation art. 6 obliges a public service that accepts level high to
 * recognise notified foreign means of that level too. Refusing them would be the stricter
 * reading; it is one line here (a denylist of means, below) if the operator decides so.
 */
import type { MethodId, SignInEvidence } from "./evidence.ts";
import { atLeast, type Level } from "./levels.ts";

/** 2024-01-01T00:00 Europe/Riga (EET, UTC+2 in winter) = 2023-12-31T22:00:00Z. AUTH-1. */
export const PROFESSIONAL_HIGH_ONLY_FROM = new Date("2023-12-31T22:00:00Z");

/** Means a professional is pointed to when refused (AUTH-1, AUTH-4). */
export const PROFESSIONAL_MEANS: readonly MethodId[] = ["eid-card", "eparaksts-mobile"];

/** Means AUTH-1 names as refused for professionals once the dated rule applies. */
const REFUSED_FOR_PROFESSIONALS: ReadonlySet<MethodId> = new Set(["bank", "smart-id"]);

export interface RelyingPartyPolicy {
  /** A health-professional service (AUTH-1, AUTH-3). */
  professional: boolean;
  /** The least level this relying party accepts (`tilts identity client add --min-acr`). */
  minLevel: Level;
}

export interface PolicyInput {
  evidence: Pick<SignInEvidence, "method" | "via" | "level">;
  relyingParty: RelyingPartyPolicy;
  /** The least level the request's `acr_values` allow, if it named any. */
  requestedMinimum: Level | undefined;
  now: Date;
}

/**
 * Refusal codes — a stable catalogue (never reuse a retired one):
 * - `professional-means-refused`: bank or Smart-ID used for a professional service on or after
 *   the AUTH-1 date.
 * - `professional-level-too-low`: any other means below "high" for a professional service on or
 *   after the AUTH-1 date.
 * - `below-relying-party-minimum`: below the relying party's registered minimum level.
 * - `below-requested-level`: below the least level the request's `acr_values` named.
 */
export const POLICY_REFUSAL_CODES = [
  "professional-means-refused",
  "professional-level-too-low",
  "below-relying-party-minimum",
  "below-requested-level",
] as const;
export type PolicyRefusalCode = (typeof POLICY_REFUSAL_CODES)[number];

export type PolicyDecision =
  | { accepted: true; level: Level }
  | { accepted: false; code: PolicyRefusalCode; level: Level; suggestedMeans: readonly MethodId[] };

type Check = (input: PolicyInput) => PolicyDecision | undefined;

function refuse(input: PolicyInput, code: PolicyRefusalCode, suggestedMeans: readonly MethodId[] = []) {
  return { accepted: false as const, code, level: input.evidence.level, suggestedMeans };
}

export function professionalRuleApplies(relyingParty: RelyingPartyPolicy, now: Date): boolean {
  return relyingParty.professional && now.getTime() >= PROFESSIONAL_HIGH_ONLY_FROM.getTime();
}

const checkProfessionalMeans: Check = (input) => {
  if (!professionalRuleApplies(input.relyingParty, input.now)) return undefined;
  const { method, via } = input.evidence;
  if (REFUSED_FOR_PROFESSIONALS.has(method) || (via && REFUSED_FOR_PROFESSIONALS.has(via))) {
    return refuse(input, "professional-means-refused", PROFESSIONAL_MEANS);
  }
  return undefined;
};

const checkProfessionalLevel: Check = (input) =>
  professionalRuleApplies(input.relyingParty, input.now) && !atLeast(input.evidence.level, "high")
    ? refuse(input, "professional-level-too-low", PROFESSIONAL_MEANS)
    : undefined;

const checkRelyingPartyMinimum: Check = (input) =>
  atLeast(input.evidence.level, input.relyingParty.minLevel)
    ? undefined
    : refuse(input, "below-relying-party-minimum");

const checkRequestedLevel: Check = (input) =>
  input.requestedMinimum === undefined || atLeast(input.evidence.level, input.requestedMinimum)
    ? undefined
    : refuse(input, "below-requested-level");

/** The checks, in the order they run. */
const CHECKS: readonly Check[] = [
  checkProfessionalMeans,
  checkProfessionalLevel,
  checkRelyingPartyMinimum,
  checkRequestedLevel,
];

export function decideSignIn(input: PolicyInput): PolicyDecision {
  for (const check of CHECKS) {
    const refusal = check(input);
    if (refusal) return refusal;
  }
  return { accepted: true, level: input.evidence.level };
}
