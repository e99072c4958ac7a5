/**
 * The people who signed in, as relying parties see them. Each sign-in refreshes the names and
 * merges the code history (spec §2.2: the identity store keeps earlier personal codes).
 */
import { type Kysely, type Selectable, sql } from "kysely";
import { claimsOf, type PersonClaims } from "../core/claims.ts";
import type { EvidencePerson } from "../core/evidence.ts";
import type { IdentityDatabase as Database } from "../database.ts";
import type { IdentityAccountTable } from "../tables.ts";
import { cacheFor, ShortLivedCache } from "./short-lived-cache.ts";

/**
 * A sign-in writes the account and then reads its claims three times, in three requests (the
 * return to the relying party, the token, user info). The claims just written are kept that long
 * in this process, so those reads need no round trip. Another process may write the same person a
 * moment later (a new sign-in on another node): it can only bring the same person's names and
 * codes, seen here within this bound.
 */
export const ACCOUNT_CLAIMS_TTL_MS = 5_000;
const ACCOUNT_CLAIMS_CACHE_LIMIT = 10_000;

function claimsCache(db: Kysely<Database>): ShortLivedCache<PersonClaims> {
  return cacheFor(
    db,
    "identity_account",
    () => new ShortLivedCache(ACCOUNT_CLAIMS_TTL_MS, ACCOUNT_CLAIMS_CACHE_LIMIT),
  );
}

type AccountRow = Omit<Selectable<IdentityAccountTable>, "updated_at">;

function claimsOfRow(row: AccountRow): PersonClaims {
  const claims: PersonClaims = { sub: row.sub, given_name: row.given_name, family_name: row.family_name };
  if (row.birth_date) claims.birthdate = row.birth_date;
  if (row.sub.startsWith("PNOLV-"))
    claims.previous_personal_codes = JSON.parse(row.previous_codes) as string[];
  return claims;
}

/**
 * Writes the person's account in one statement: the upsert merges the codes already known with
 * those the evidence brings inside PostgreSQL, under the row's lock, so two sign-ins of the same
 * person at once both keep their codes (no read first, no transaction of its own). The merge is
 * `claimsOf`'s: known codes first, oldest first, each once, never the current code.
 */
export async function recordAccount(
  db: Kysely<Database>,
  person: EvidencePerson,
  now: Date,
): Promise<PersonClaims> {
  const fresh = claimsOf(person);
  const row = {
    sub: fresh.sub,
    given_name: fresh.given_name,
    family_name: fresh.family_name,
    birth_date: fresh.birthdate ?? null,
    previous_codes: JSON.stringify(fresh.previous_personal_codes ?? []),
    updated_at: now,
  };
  const written = await db
    .insertInto("identity_account")
    .values(row)
    .onConflict((oc) =>
      oc.column("sub").doUpdateSet({
        given_name: row.given_name,
        family_name: row.family_name,
        birth_date: row.birth_date,
        previous_codes: sql<string>`(
          select coalesce(json_agg(code order by first_seen), '[]')::text
          from (
            select code, min(seen) as first_seen
            from (
              select value as code, ordinality as seen
                from json_array_elements_text(identity_account.previous_codes::json) with ordinality
              union all
              select value, ordinality + 1000000
                from json_array_elements_text(excluded.previous_codes::json) with ordinality
            ) as codes
            where code <> excluded.sub
            group by code
          ) as merged
        )`,
        updated_at: now,
      }),
    )
    .returning(["sub", "given_name", "family_name", "birth_date", "previous_codes"])
    .executeTakeFirstOrThrow();
  const claims = claimsOfRow(written);
  claimsCache(db).set(claims.sub, claims);
  return claims;
}

export async function findAccountClaims(
  db: Kysely<Database>,
  sub: string,
): Promise<PersonClaims | undefined> {
  if (sub.length > 200) return undefined;
  const cache = claimsCache(db);
  const cached = cache.get(sub);
  if (cached) return cached;
  const row = await db.selectFrom("identity_account").selectAll().where("sub", "=", sub).executeTakeFirst();
  if (!row) return undefined;
  const claims = claimsOfRow(row);
  cache.set(sub, claims);
  return claims;
}
