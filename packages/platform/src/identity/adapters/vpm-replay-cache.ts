/**
 * Single use of VPM assertion IDs: an assertion is a bearer token, so a second presentation of
 * the same ID is a replay (issue #5 security item 5). Kept in the identity module's expiring
 * record table (`identity_oidc_record`, model `VpmAssertionId`), which the module's maintenance
 * sweep already empties of expired rows — so no table of our own is needed. A row lives until
 * the assertion itself could no longer pass the validity check (NotOnOrAfter + clock skew).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { IdentityDatabase as Database } from "../database.ts";

export const VPM_REPLAY_MODEL = "VpmAssertionId";

/**
 * Records the assertion's ID; true the first time, false when it was already seen (a replay).
 * The key is a hash of issuer and ID (IDs are issuer-scoped; the hash bounds the column).
 */
export async function rememberAssertionOnce(
  db: Kysely<Database>,
  entry: { issuer: string; id: string; until: Date; now: Date },
): Promise<boolean> {
  const key = createHash("sha256").update(`${entry.issuer}\n${entry.id}`).digest("base64url");
  const inserted = await db
    .insertInto("identity_oidc_record")
    .values({
      model: VPM_REPLAY_MODEL,
      id: key,
      payload: JSON.stringify({ seenAt: entry.now.toISOString() }),
      grant_id: null,
      uid: null,
      user_code: null,
      expires_at: entry.until,
      consumed_at: entry.now,
    })
    .onConflict((oc) => oc.columns(["model", "id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}
