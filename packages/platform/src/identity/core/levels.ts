/**
 * Levels of assurance and how relying parties name them. A relying party may ask with the short
 * names TARA uses (`low`, `substantial`, `high`) or with the eIDAS LoA URIs (Implementing
 * Regulation (EU) 2015/1502; eIDAS SAML attribute profile §2.3). Pure: no I/O.
 */

import { isLevel, LEVELS, type Level, levelRank } from "../../core/levels/index.ts";

export { atLeast, isLevel, LEVELS, type Level, levelRank } from "../../core/levels/index.ts";

/** The eIDAS LoA URIs (eIDAS SAML Message Format, "LevelOfAssurance"). */
export const EIDAS_LOA_LOW = "http://eidas.europa.eu/LoA/low";
export const EIDAS_LOA_SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
export const EIDAS_LOA_HIGH = "http://eidas.europa.eu/LoA/high";

const EIDAS_URI_OF: Record<Level, string> = {
  low: EIDAS_LOA_LOW,
  substantial: EIDAS_LOA_SUBSTANTIAL,
  high: EIDAS_LOA_HIGH,
};

/** Every `acr` value the provider announces in its discovery document. */
export const SUPPORTED_ACR_VALUES: readonly string[] = [...LEVELS, ...LEVELS.map((l) => EIDAS_URI_OF[l])];

export function higherOf(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** A short name or an eIDAS URI → the level; anything else → undefined. */
export function levelOfAcr(acr: string): Level | undefined {
  if (isLevel(acr)) return acr;
  return LEVELS.find((l) => EIDAS_URI_OF[l] === acr);
}

export interface RequestedLevels {
  /** The least level that satisfies the request (OIDC Core §3.1.2.1: any listed value will do). */
  minimum: Level | undefined;
  /** Whether the relying party spoke in eIDAS URIs, so the `acr` it gets back speaks them too. */
  eidasForm: boolean;
}

/** Reads the space-separated `acr_values` parameter; unknown values are ignored. */
export function readAcrValues(acrValues: string | undefined): RequestedLevels {
  const values = (acrValues ?? "").split(" ").filter(Boolean).slice(0, 10);
  let minimum: Level | undefined;
  let eidasForm = false;
  for (const value of values) {
    const level = levelOfAcr(value);
    if (!level) continue;
    if (!isLevel(value)) eidasForm = true;
    minimum = minimum === undefined || levelRank(level) < levelRank(minimum) ? level : minimum;
  }
  return { minimum, eidasForm };
}

/** The `acr` claim for a sign-in at `level`, in the form the relying party asked in. */
export function acrClaim(level: Level, eidasForm: boolean): string {
  return eidasForm ? EIDAS_URI_OF[level] : level;
}
