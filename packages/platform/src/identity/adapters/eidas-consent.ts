/**
 * The consent step (AUTH-6) reads a finished attempt's outcome without taking it: the consent
 * page shows the attributes; only the person's decision (POST /signin/<uid>/consent) takes the
 * outcome, once, with takeOutcome (method-attempts.ts).
 */
import type { Kysely } from "kysely";
import type { IdentityDatabase as Database } from "../database.ts";
import type { AttemptOutcome } from "./method-attempts.ts";

export async function peekOutcome(
  db: Kysely<Database>,
  state: string,
  now: Date,
): Promise<{ interactionUid: string; outcome: AttemptOutcome } | undefined> {
  if (!state || state.length > 100) return undefined;
  const row = await db
    .selectFrom("identity_method_attempt")
    .select(["interaction_uid", "outcome"])
    .where("state", "=", state)
    .where("outcome", "is not", null)
    .where("outcome_taken_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row?.outcome) return undefined;
  return { interactionUid: row.interaction_uid, outcome: JSON.parse(row.outcome) as AttemptOutcome };
}

/** Whether a sign-in's evidence must pass the consent page before reaching the relying party. */
export function needsConsent(outcome: AttemptOutcome): boolean {
  return outcome.ok && outcome.evidence.person.kind === "foreign";
}
