/**
 * The purposes a calling system may state (CON-9, ANX2-17): the codes of the operator's purposes
 * classifier valid today (Riga date) that the rights policy knows — the same list the portal
 * offers (classifiers' `purposeChoices`) — so a purpose the operator retires or dates ahead is
 * refused on the system channel as it is no longer offered in the portal.
 *
 * The list is read at most every few seconds, and again when the Riga day changes: the header is
 * checked on every patient-data call (the hot read path), while the classifier changes only when
 * the operator publishes a version — a few times a year. A published version is therefore
 * obeyed within `refreshMs` on every node, without a query per request.
 */
import type { Kysely } from "kysely";
import { purposeChoices } from "../../classifiers/index.ts";
import { rigaDateOf } from "../../core/calendar-date.ts";
import type { EhealthDatabase as Database } from "../../database.ts";

export const PURPOSES_REFRESH_MS = 5_000;

/** Answers the stated purpose when it is valid today, otherwise undefined. */
export type StatedPurposes = (stated: string | undefined, now: Date) => Promise<string | undefined>;

export function statedPurposes(db: Kysely<Database>, refreshMs = PURPOSES_REFRESH_MS): StatedPurposes {
  let cached: { readAt: number; day: string; codes: ReadonlySet<string> } | undefined;
  return async (stated, now) => {
    if (!stated) return undefined;
    const day = rigaDateOf(now);
    if (!cached || cached.day !== day || Math.abs(now.getTime() - cached.readAt) >= refreshMs) {
      const choices = await purposeChoices(db, now);
      cached = { readAt: now.getTime(), day, codes: new Set(choices.map((c) => c.code)) };
    }
    return cached.codes.has(stated) ? stated : undefined;
  };
}
