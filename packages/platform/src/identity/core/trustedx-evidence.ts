/**
 * Turns LVRTC TrustedX user info into sign-in evidence (shared/specs/latvian-identity.md §3.1).
 * The level comes from LVRTC's own `acr` and `amr` together: in the demo service `acr` may echo
 * the requested flow URN instead of a level, so the method named by `amr` decides then. Pure.
 */
import { parseEtsiIdentifier } from "../../core/personal-code/index.ts";
import type { SignInEvidence } from "./evidence.ts";
import type { Level } from "./levels.ts";

/** §3.1 `acr_values` that pre-select the flow at LVRTC. */
export const TRUSTEDX_FLOW_MOBILE = "urn:eparaksts:authentication:flow:mobileid";
export const TRUSTEDX_FLOW_SMART_CARD = "urn:eparaksts:authentication:flow:sc_plugin";

/** §3.1 `amr` values: the method the person actually used. */
export const TRUSTEDX_AMR_MOBILE = "urn:eparaksts:tws:policies:authentication:adaptive:methods:mobileid";
export const TRUSTEDX_AMR_SMART_CARD = "urn:eparaksts:tws:policies:authentication:adaptive:methods:sc_plugin";

/** §3.1 `acr` level URNs (`…:level:high` is the documented one; the others follow its pattern). */
const TRUSTEDX_ACR_LEVEL_PREFIX = "urn:safelayer:tws:policies:authentication:level:";

/** The §3.1 identification scope (FPEIL authentication). */
export const TRUSTEDX_SCOPE_IDENTIFICATION = "urn:lvrtc:fpeil:aa";

export interface TrustedXUserInfo {
  sub?: unknown;
  acr?: unknown;
  amr?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  serial_number?: unknown;
}

export type TrustedXEvidenceResult =
  | { ok: true; evidence: SignInEvidence }
  | { ok: false; code: "userinfo-incomplete" | "unknown-method" | "bad-serial-number" | "level-not-high" };

function amrList(amr: unknown): string[] {
  if (typeof amr === "string") return [amr];
  if (Array.isArray(amr)) return amr.filter((a): a is string => typeof a === "string");
  return [];
}

/**
 * LVRTC's means are all qualified high-assurance under FPEIL (spec §2.4: LVRTC is the only
 * qualified-high provider), so a known method with a `…:level:high` acr — or, in the demo quirk,
 * a flow URN for the same method — is "high". A stated lower level is taken as stated.
 */
function levelFrom(acr: unknown, method: "mobile" | "card"): Level | "unknown" {
  if (typeof acr !== "string") return "unknown";
  if (acr.startsWith(TRUSTEDX_ACR_LEVEL_PREFIX)) {
    const named = acr.slice(TRUSTEDX_ACR_LEVEL_PREFIX.length);
    if (named === "high") return "high";
    if (named === "substantial" || named === "medium") return "substantial";
    if (named === "low") return "low";
    return "unknown";
  }
  if (acr === TRUSTEDX_FLOW_MOBILE && method === "mobile") return "high";
  if (acr === TRUSTEDX_FLOW_SMART_CARD && method === "card") return "high";
  return "unknown";
}

export function evidenceFromTrustedX(info: TrustedXUserInfo, today?: string): TrustedXEvidenceResult {
  const { serial_number: serial, given_name: given, family_name: family } = info;
  if (typeof serial !== "string" || typeof given !== "string" || typeof family !== "string") {
    return { ok: false, code: "userinfo-incomplete" };
  }
  if (given.length > 200 || family.length > 200) return { ok: false, code: "userinfo-incomplete" };
  const amr = amrList(info.amr);
  const method = amr.includes(TRUSTEDX_AMR_MOBILE)
    ? "mobile"
    : amr.includes(TRUSTEDX_AMR_SMART_CARD)
      ? "card"
      : undefined;
  if (!method) return { ok: false, code: "unknown-method" };
  const level = levelFrom(info.acr, method);
  if (level === "unknown") return { ok: false, code: "unknown-method" };
  const parsed = parseEtsiIdentifier(serial, today ? { today } : {});
  if (!parsed.ok) return { ok: false, code: "bad-serial-number" };
  return {
    ok: true,
    evidence: {
      // A smart card through LVRTC's plugin is the eID (or eParaksts) card with PIN1.
      method: method === "mobile" ? "eparaksts-mobile" : "eid-card",
      level,
      person: {
        kind: "latvian",
        personalCode: parsed.code,
        givenName: given,
        familyName: family,
        ...(parsed.birthDate ? { birthDate: parsed.birthDate } : {}),
        previousCodes: [],
      },
    },
  };
}
