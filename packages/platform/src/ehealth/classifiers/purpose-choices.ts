/**
 * The purposes of access the portal offers (CON-9, ANX2-17): the codes of the operator's purposes
 * classifier valid today (Riga date) that the rights policy knows, with the classifier's names —
 * so a purpose the operator retires or dates is no longer offered, nor accepted from a form.
 */
import type { Kysely } from "kysely";
import { rigaDateOf } from "../core/calendar-date.ts";
import { PURPOSES } from "../core/rights-policy.ts";
import type { EhealthDatabase as Database } from "../database.ts";
import { isValidCode, validCodes } from "./classifier-store.ts";

const PURPOSES_CLASSIFIER = "purposes";

export async function purposeChoices(
  db: Kysely<Database>,
  now: Date,
): Promise<{ code: string; display: { lv: string; en: string } }[]> {
  const codes = await validCodes(db, PURPOSES_CLASSIFIER, rigaDateOf(now));
  const rank = (code: string) => (PURPOSES as readonly string[]).indexOf(code);
  // In the rights policy's order (treatment first), not the codes' alphabetical one.
  return codes
    .filter((c) => rank(c.code) >= 0)
    .sort((a, b) => rank(a.code) - rank(b.code))
    .map((c) => ({ code: c.code, display: { lv: c.displayLv, en: c.displayEn } }));
}

export function isPurposeOffered(db: Kysely<Database>, purpose: string, now: Date): Promise<boolean> {
  return isValidCode(db, PURPOSES_CLASSIFIER, purpose, rigaDateOf(now));
}
