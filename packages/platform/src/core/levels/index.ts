/**
 * Levels of assurance (eIDAS Regulation (EU) 910/2014 art. 8; AUTH-1): the vocabulary the
 * sign-in broker issues and every relying party reads. In the core because both sides use it —
 * the identity module's broker and the core's web session. Pure: no I/O.
 */

export const LEVELS = ["low", "substantial", "high"] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function atLeast(level: Level, minimum: Level): boolean {
  return levelRank(level) >= levelRank(minimum);
}
