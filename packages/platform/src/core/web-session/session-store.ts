/**
 * Sign-ins in progress and signed-in sessions (tables.ts). Tokens given to the browser are 256
 * random bits; the tables keep only their sha256, so a database read does not yield a session.
 */
import type { Kysely } from "kysely";
import type { Level } from "./levels.ts";
import type { VerifiedSignIn } from "./relying-party.ts";
import { randomToken, sha256Hex } from "./relying-party.ts";
import type { WebSessionTables as Database } from "./tables.ts";

/** A sign-in must come back from the broker within this (the broker's interaction lives 15 min). */
export const SIGNIN_TTL_MS = 15 * 60_000;
/** Session lifetimes: idle (no request) and absolute (a working day). */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 10 * 60 * 60_000;
/** last_seen_at is written at most this often (one UPDATE per minute per person, not per request). */
const TOUCH_EVERY_MS = 60_000;

export interface PendingSignIn {
  state: string;
  kind: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  browserHash: string;
}

export interface StoredSession {
  kind: string;
  subject: string;
  givenName: string;
  familyName: string;
  level: Level;
  amr: string[];
  clientId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function savePendingSignIn(
  db: Kysely<Database>,
  signIn: PendingSignIn,
  now: Date,
): Promise<void> {
  await db.deleteFrom("web_signin").where("expires_at", "<", now).execute();
  await db
    .insertInto("web_signin")
    .values({
      state: signIn.state,
      kind: signIn.kind,
      browser_hash: signIn.browserHash,
      nonce: signIn.nonce,
      code_verifier: signIn.codeVerifier,
      return_to: signIn.returnTo,
      created_at: now,
      expires_at: new Date(now.getTime() + SIGNIN_TTL_MS),
      consumed_at: null,
    })
    .execute();
}

/** Marks the sign-in used and returns it; undefined when unknown, expired or already used. */
export async function takePendingSignIn(
  db: Kysely<Database>,
  state: string,
  now: Date,
): Promise<PendingSignIn | undefined> {
  if (state.length > 200) return undefined;
  const row = await db
    .updateTable("web_signin")
    .set({ consumed_at: now })
    .where("state", "=", state)
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    state: row.state,
    kind: row.kind,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    returnTo: row.return_to,
    browserHash: row.browser_hash,
  };
}

/**
 * Ends every session of this kind of these subjects (e.g. professionals whose access was just
 * suspended or annulled: a session opened before must not go on working). Call it in the
 * transaction of the change that ends them.
 */
export async function endSessions(
  db: Kysely<Database>,
  kind: string,
  subjects: readonly string[],
): Promise<number> {
  if (subjects.length === 0) return 0;
  const result = await db
    .deleteFrom("web_session")
    .where("kind", "=", kind)
    .where("subject", "in", [...subjects])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Creates a session; returns the token for the cookie. */
export async function createSession(
  db: Kysely<Database>,
  kind: string,
  clientId: string,
  person: VerifiedSignIn,
  now: Date,
): Promise<string> {
  const token = randomToken();
  await db.deleteFrom("web_session").where("expires_at", "<", now).execute();
  await db
    .insertInto("web_session")
    .values({
      token_hash: sha256Hex(token),
      kind,
      subject: person.subject,
      given_name: person.givenName,
      family_name: person.familyName,
      level: person.level,
      amr: JSON.stringify(person.amr),
      client_id: clientId,
      csrf_token: randomToken(),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    })
    .execute();
  return token;
}

/** The live session for a cookie token (idle and absolute expiry checked; refreshed). */
export async function findSession(
  db: Kysely<Database>,
  token: string,
  kind: string,
  now: Date,
): Promise<StoredSession | undefined> {
  if (token.length > 100) return undefined;
  const tokenHash = sha256Hex(token);
  const row = await db
    .selectFrom("web_session")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row) return undefined;
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime() || lastSeen + SESSION_IDLE_MS <= now.getTime()) {
    await db.deleteFrom("web_session").where("token_hash", "=", tokenHash).execute();
    return undefined;
  }
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db
      .updateTable("web_session")
      .set({ last_seen_at: now })
      .where("token_hash", "=", tokenHash)
      .execute();
  }
  return {
    kind,
    subject: row.subject,
    givenName: row.given_name,
    familyName: row.family_name,
    level: row.level as Level,
    amr: JSON.parse(row.amr) as string[],
    clientId: row.client_id,
    csrfToken: row.csrf_token,
    expiresAt,
  };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  if (token.length > 100) return;
  await db.deleteFrom("web_session").where("token_hash", "=", sha256Hex(token)).execute();
}
