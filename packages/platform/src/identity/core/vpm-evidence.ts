/**
 * A checked VPM assertion → sign-in evidence. The means is the assertion's authentication method
 * (the module lists its own means: eID card, eParaksts Mobile, internet banks, Smart-ID); the level
 * is the assertion's level claim (`citizenQAALevel`), cross-checked against the means: a bank or
 * Smart-ID can never be "high" (AUTH-1: they are not qualified high-assurance means), so an
 * assertion claiming so is refused as inconsistent. Personal codes: `privatepersonalidentifier`
 * may carry several values; the primary one (marked with `OriginalIssuer`, and equal to the
 * NameIdentifier `PK:<code>`) is current, the others are historical (spec §2.2). Pure.
 *
 * UNVERIFIED (spec §2.2/§2.4): the module's exact AuthenticationMethod URNs and the numeric
 * citizenQAALevel scale are not public. The tables below name what our stand-in asserts, in the
 * module's `urn:ivis:100001:am-…` style; confirm them at onboarding and extend the tables.
 */
import { parsePersonalCode, type ValidPersonalCode } from "../../core/personal-code/index.ts";
import type { MethodId, SignInEvidence } from "./evidence.ts";
import { type Level, levelRank } from "./levels.ts";
import type { CheckedVpmAssertion } from "./vpm-assertion.ts";

export const VPM_CLAIMS_NAMESPACE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
export const VPM_LEVEL_NAMESPACE = "http://ivis.eps.gov.lv/schema/identity/claims";
export const VPM_CLAIM_GIVEN_NAME = `${VPM_CLAIMS_NAMESPACE}/givenname`;
export const VPM_CLAIM_SURNAME = `${VPM_CLAIMS_NAMESPACE}/surname`;
export const VPM_CLAIM_PERSONAL_CODE = `${VPM_CLAIMS_NAMESPACE}/privatepersonalidentifier`;
export const VPM_CLAIM_LEVEL = `${VPM_LEVEL_NAMESPACE}/citizenQAALevel`;
/** NameIdentifier format and prefix for a person (spec §2.2). */
export const VPM_NAME_ID_FORMAT = "urn:ivis:100001:name.id-viss";
export const VPM_PERSON_PREFIX = "PK:";

/** AuthenticationMethod URNs → means. Banks: `urn:ivis:100001:am-bank-<BANK>`. */
export const VPM_METHOD_EID_CARD = "urn:ivis:100001:am-eid";
export const VPM_METHOD_EPARAKSTS_MOBILE = "urn:ivis:100001:am-eparaksts-mobile";
export const VPM_METHOD_SMART_ID = "urn:ivis:100001:am-smart-id";
export const VPM_METHOD_BANK_PREFIX = "urn:ivis:100001:am-bank-";

export type VpmMeans = Extract<MethodId, "eid-card" | "eparaksts-mobile" | "smart-id" | "bank">;

/** The highest level each means can give (FPEIL: only LVRTC's means are qualified-high). */
export const VPM_MEANS_CEILING: Readonly<Record<VpmMeans, Level>> = {
  "eid-card": "high",
  "eparaksts-mobile": "high",
  "smart-id": "substantial",
  bank: "substantial",
};

/** citizenQAALevel → level (4 is the module's top level, spec §2.4). */
export const VPM_QAA_LEVELS: Readonly<Record<string, Level>> = {
  "4": "high",
  "3": "substantial",
  "2": "low",
};

export function meansOf(authenticationMethod: string): VpmMeans | undefined {
  switch (authenticationMethod) {
    case VPM_METHOD_EID_CARD:
      return "eid-card";
    case VPM_METHOD_EPARAKSTS_MOBILE:
      return "eparaksts-mobile";
    case VPM_METHOD_SMART_ID:
      return "smart-id";
  }
  if (
    authenticationMethod.startsWith(VPM_METHOD_BANK_PREFIX) &&
    /^[A-Z0-9_-]{2,40}$/.test(authenticationMethod.slice(VPM_METHOD_BANK_PREFIX.length))
  )
    return "bank";
  return undefined;
}

export type VpmEvidenceRefusal =
  | "claims-incomplete"
  | "bad-personal-code"
  | "personal-code-ambiguous"
  | "unknown-means"
  | "level-unknown"
  | "level-exceeds-means";

export type VpmEvidenceResult =
  | { ok: true; evidence: SignInEvidence }
  | { ok: false; code: VpmEvidenceRefusal };

function single(assertion: CheckedVpmAssertion, claim: string): string | undefined {
  const values = assertion.attributes.get(claim) ?? [];
  const distinct = [...new Set(values.map((v) => v.value))];
  return distinct.length === 1 && distinct[0] ? distinct[0] : undefined;
}

export function evidenceFromVpm(assertion: CheckedVpmAssertion, today?: string): VpmEvidenceResult {
  const means = meansOf(assertion.authenticationMethod);
  if (!means) return { ok: false, code: "unknown-means" };
  const qaa = single(assertion, VPM_CLAIM_LEVEL);
  const level = qaa ? VPM_QAA_LEVELS[qaa] : undefined;
  if (!level) return { ok: false, code: "level-unknown" };
  // The assertion's level must be one the means can give (bank, Smart-ID: never "high").
  if (levelRank(level) > levelRank(VPM_MEANS_CEILING[means]))
    return { ok: false, code: "level-exceeds-means" };

  const givenName = single(assertion, VPM_CLAIM_GIVEN_NAME);
  const familyName = single(assertion, VPM_CLAIM_SURNAME);
  const codes = assertion.attributes.get(VPM_CLAIM_PERSONAL_CODE) ?? [];
  if (!givenName || !familyName || codes.length === 0 || givenName.length > 200 || familyName.length > 200)
    return { ok: false, code: "claims-incomplete" };
  if (codes.length > 20) return { ok: false, code: "bad-personal-code" };

  const options = today ? { today } : {};
  // Values as the module writes them (`32345678901`, no hyphen); compared by their digits.
  const digits = (v: string) => v.replace(/[\s-]/g, "");
  const values = codes.map((c) => ({ raw: digits(c.value), primary: c.primary }));
  const distinct = [...new Set(values.map((v) => v.raw))];
  const marked = [...new Set(values.filter((v) => v.primary).map((v) => v.raw))];
  // The current code: the one marked primary; it must agree with NameIdentifier `PK:<code>` when given.
  const named = assertion.nameId?.startsWith(VPM_PERSON_PREFIX)
    ? digits(assertion.nameId.slice(VPM_PERSON_PREFIX.length))
    : undefined;
  let current: string | undefined;
  if (marked.length === 1) current = marked[0];
  else if (marked.length === 0 && named && distinct.includes(named)) current = named;
  else if (marked.length === 0 && distinct.length === 1) current = distinct[0];
  if (!current || (named !== undefined && named !== current))
    return { ok: false, code: "personal-code-ambiguous" };
  const parsedCurrent = parsePersonalCode(current, options);
  if (!parsedCurrent.ok) return { ok: false, code: "bad-personal-code" };
  // Historical codes that are not valid codes cannot identify anyone: left out, not fatal.
  const previous = distinct
    .filter((v) => v !== current)
    .map((v) => parsePersonalCode(v, options))
    .filter((p): p is ValidPersonalCode => p.ok);
  const previousCodes = [...new Set(previous.map((p) => p.code as string))].filter(
    (c) => c !== parsedCurrent.code,
  );
  // A 32-code carries no birth date; an earlier legacy code of the same person does.
  const birthDate = parsedCurrent.birthDate ?? previous.find((p) => p.birthDate)?.birthDate;

  return {
    ok: true,
    evidence: {
      method: means,
      via: "vpm",
      level,
      person: {
        kind: "latvian",
        personalCode: parsedCurrent.code,
        givenName,
        familyName,
        ...(birthDate ? { birthDate } : {}),
        previousCodes,
      },
    },
  };
}
