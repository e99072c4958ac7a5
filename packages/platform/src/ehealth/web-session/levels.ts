/** Levels of assurance as the portal reads them from the broker's `acr` (short name or eIDAS URI). */
import { isLevel, LEVELS, type Level } from "../../identity/index.ts";

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

export function levelAtLeast(level: Level, minimum: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(minimum);
}
