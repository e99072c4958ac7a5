/** Levels of assurance as a relying party reads them from the broker's `acr` (short name or eIDAS URI). */
import { atLeast, isLevel, type Level } from "../levels/index.ts";

export type { Level };

const EIDAS_PREFIX = "http://eidas.europa.eu/LoA/";

export function levelOfAcrValue(acr: string): Level | undefined {
  if (isLevel(acr)) return acr;
  if (acr.startsWith(EIDAS_PREFIX)) {
    const short = acr.slice(EIDAS_PREFIX.length);
    return isLevel(short) ? short : undefined;
  }
  return undefined;
}

export const levelAtLeast = atLeast;
