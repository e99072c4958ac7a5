/**
 * Web eID challenges: a 256-bit random nonce (base64, as Web eID requires ≥ 256 bits), bound to
 * one sign-in interaction, single use, valid 5 minutes. Kept as rows of the method-attempt table
 * (method "eid-card", the challenge id as the attempt's state, the nonce as its nonce), so the
 * attempt's outcome machinery (storeOutcome → /signin/<uid>/done) finishes the sign-in and the
 * expiry sweep removes old ones. Any server process can answer: nothing is held in memory.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { ChallengeRecord } from "../core/eid-card-validator.ts";
import type { IdentityDatabase as Database } from "../database.ts";

export const EID_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const METHOD = "eid-card";
/** Web eID: at least 256 bits of entropy. */
const NONCE_BYTES = 32;

export interface IssuedChallenge {
  id: string;
  nonce: string;
  expiresAt: Date;
}

export async function issueChallenge(
  db: Kysely<Database>,
  interactionUid: string,
  now: Date,
): Promise<IssuedChallenge> {
  const challenge: IssuedChallenge = {
    id: randomBytes(32).toString("base64url"),
    nonce: randomBytes(NONCE_BYTES).toString("base64"),
    expiresAt: new Date(now.getTime() + EID_CHALLENGE_TTL_MS),
  };
  await db
    .insertInto("identity_method_attempt")
    .values({
      state: challenge.id,
      interaction_uid: interactionUid,
      method: METHOD,
      nonce: challenge.nonce,
      // Web eID has no PKCE; the column is required by the shared table.
      code_verifier: "",
      created_at: now,
      expires_at: challenge.expiresAt,
      consumed_at: null,
      outcome: null,
      outcome_taken_at: null,
    })
    .execute();
  return challenge;
}

/**
 * Presents a challenge: marks it used and returns it with `firstUse` true the first time;
 * afterwards `firstUse` is false (a replay). Undefined when this interaction never got it.
 * Expiry is left to the validator, which judges it with the sign-in clock.
 */
export async function takeChallenge(
  db: Kysely<Database>,
  id: string,
  interactionUid: string,
  now: Date,
): Promise<ChallengeRecord | undefined> {
  if (id.length === 0 || id.length > 100) return undefined;
  const first = await db
    .updateTable("identity_method_attempt")
    .set({ consumed_at: now })
    .where("state", "=", id)
    .where("method", "=", METHOD)
    .where("interaction_uid", "=", interactionUid)
    .where("consumed_at", "is", null)
    .returning(["nonce", "expires_at"])
    .executeTakeFirst();
  if (first) return { nonce: first.nonce, expiresAt: new Date(first.expires_at), firstUse: true };
  const seen = await db
    .selectFrom("identity_method_attempt")
    .select(["nonce", "expires_at"])
    .where("state", "=", id)
    .where("method", "=", METHOD)
    .where("interaction_uid", "=", interactionUid)
    .executeTakeFirst();
  return seen ? { nonce: seen.nonce, expiresAt: new Date(seen.expires_at), firstUse: false } : undefined;
}
