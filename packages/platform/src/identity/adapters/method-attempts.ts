/**
 * A sign-in handed to an outside method: state (CSRF and correlation, RFC 6749 §10.12), nonce and
 * PKCE verifier (RFC 7636), bound to the oidc-provider interaction that started it. Single use,
 * short-lived, in the database so any process can finish it.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { IdentityDatabase as Database } from "../database.ts";

export const METHOD_ATTEMPT_TTL_MS = 10 * 60 * 1000;

export interface MethodAttempt {
  state: string;
  interactionUid: string;
  method: string;
  nonce: string;
  codeVerifier: string;
}

export function codeChallengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export async function startAttempt(
  db: Kysely<Database>,
  interactionUid: string,
  method: string,
  now: Date,
): Promise<MethodAttempt> {
  const attempt: MethodAttempt = {
    state: randomBytes(24).toString("base64url"),
    interactionUid,
    method,
    nonce: randomBytes(24).toString("base64url"),
    codeVerifier: randomBytes(32).toString("base64url"),
  };
  await db
    .insertInto("identity_method_attempt")
    .values({
      state: attempt.state,
      interaction_uid: interactionUid,
      method,
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      created_at: now,
      expires_at: new Date(now.getTime() + METHOD_ATTEMPT_TTL_MS),
      consumed_at: null,
      outcome: null,
      outcome_taken_at: null,
    })
    .execute();
  return attempt;
}

/** Looks an attempt up without using it (the callback bounce reads the interaction it belongs to). */
export async function peekAttempt(
  db: Kysely<Database>,
  state: string,
  now: Date,
): Promise<MethodAttempt | undefined> {
  if (state.length > 100) return undefined;
  const row = await db
    .selectFrom("identity_method_attempt")
    .selectAll()
    .where("state", "=", state)
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row
    ? {
        state: row.state,
        interactionUid: row.interaction_uid,
        method: row.method,
        nonce: row.nonce,
        codeVerifier: row.code_verifier,
      }
    : undefined;
}

/** Marks the attempt used; only the first caller gets it (a replayed callback gets undefined). */
export async function consumeAttempt(
  db: Kysely<Database>,
  state: string,
  now: Date,
): Promise<MethodAttempt | undefined> {
  if (state.length > 100) return undefined;
  const row = await db
    .updateTable("identity_method_attempt")
    .set({ consumed_at: now })
    .where("state", "=", state)
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
  return row
    ? {
        state: row.state,
        interactionUid: row.interaction_uid,
        method: row.method,
        nonce: row.nonce,
        codeVerifier: row.code_verifier,
      }
    : undefined;
}

/** The callback's result, kept for the finishing step in the browser that holds the interaction. */
export type AttemptOutcome =
  | { ok: true; evidence: import("../core/evidence.ts").SignInEvidence }
  | { ok: false; code: string };

export async function storeOutcome(
  db: Kysely<Database>,
  state: string,
  outcome: AttemptOutcome,
): Promise<void> {
  await db
    .updateTable("identity_method_attempt")
    .set({ outcome: JSON.stringify(outcome) })
    .where("state", "=", state)
    .execute();
}

/**
 * Takes the outcome once; a second finishing request (replay, double click) gets undefined. Only
 * the interaction the attempt belongs to can take it: a request from another browser that knows
 * the state (the method's service saw it; it is in the /done URL) must not spend it.
 *
 * `unlessConsentNeeded`: leave an outcome that must first pass the consent page (AUTH-6: a
 * foreign person's evidence, as `needsConsent` in eidas-consent.ts decides) untaken, so the
 * finishing step takes a Latvian person's outcome in one statement without reading it first.
 */
export async function takeOutcome(
  db: Kysely<Database>,
  state: string,
  interactionUid: string,
  now: Date,
  options: { unlessConsentNeeded?: boolean } = {},
): Promise<{ attempt: MethodAttempt; outcome: AttemptOutcome } | undefined> {
  if (state.length > 100) return undefined;
  let take = db
    .updateTable("identity_method_attempt")
    .set({ outcome_taken_at: now })
    .where("state", "=", state)
    .where("interaction_uid", "=", interactionUid)
    .where("outcome", "is not", null)
    .where("outcome_taken_at", "is", null)
    .where("expires_at", ">", now);
  if (options.unlessConsentNeeded) {
    take = take.where(
      sql<boolean>`not coalesce(outcome::jsonb ->> 'ok' = 'true' and outcome::jsonb #>> '{evidence,person,kind}' = 'foreign', false)`,
    );
  }
  const row = await take.returningAll().executeTakeFirst();
  if (!row?.outcome) return undefined;
  return {
    attempt: {
      state: row.state,
      interactionUid: row.interaction_uid,
      method: row.method,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
    },
    outcome: JSON.parse(row.outcome) as AttemptOutcome,
  };
}
